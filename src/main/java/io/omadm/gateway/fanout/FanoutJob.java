package io.omadm.gateway.fanout;

/** A job as stored, with how many of its devices have answered. */
public record FanoutJob(String id, FanoutSpec spec, JobStatus status, String correlator, String serverId, int total,
        int answered, long created, Long started, Long deadline, Long finished) {

    public FanoutJob withAnswered(int n) {
        return new FanoutJob(id, spec, status, correlator, serverId, total, n, created, started, deadline, finished);
    }
}
