package io.omadm.gateway.adaptation.link;

/**
 * How an adapter's connection to a broker, server or bus stands now, for operators (the console's overview,
 * {@code GET /api/v1/adapters/links}): {@code connected}, {@code reconnecting} (attempts failed; the next waits as the
 * reconnect policy says) or {@code idle} (no connection open: made on the next request).
 *
 * @param lastError why the last attempt failed while reconnecting, else null
 */
public record LinkState(String protocol, String target, String state, int failedAttempts, String lastError) {

    public static LinkState of(String protocol, String target, boolean connected, int failedAttempts,
            String lastError) {
        return new LinkState(protocol, target, connected ? "connected" : failedAttempts > 0 ? "reconnecting" : "idle",
                failedAttempts, connected ? null : lastError);
    }
}
