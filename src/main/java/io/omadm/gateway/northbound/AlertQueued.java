package io.omadm.gateway.northbound;

/** CDI event: a Generic Alert was queued, so a session should carry it to the DM server. */
public record AlertQueued(long id) {
}
