package io.omadm.gateway.app;

/** CDI event: a Generic Alert was queued, so a session should carry it to the DM server. */
public record AlertQueued(long id) {
}
