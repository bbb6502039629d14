package io.omadm.gateway.fanout;

/** A job as stored, with how many of its devices have answered. */
public record FanoutJob(String id, FanoutSpec spec, JobStatus status, String correlator, String serverId, int total,
        int answered, long created, Long started, Long deadline, Long finished) {
}
