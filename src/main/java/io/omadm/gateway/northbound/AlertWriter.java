package io.omadm.gateway.northbound;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Queues a Generic Alert inside a caller's database transaction, so that it is queued if and only if the caller's
 * change commits (a fanout job completes once and its alert is queued once; a proxy answer is stored with its
 * ProxyResult). The session that delivers it is started by the caller once it has committed.
 */
public interface AlertWriter {

    /** Returns the alert's id. */
    long insert(Connection c, GenericAlert alert) throws SQLException;
}
