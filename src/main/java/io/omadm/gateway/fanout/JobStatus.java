package io.omadm.gateway.fanout;

import java.util.Locale;
import java.util.Optional;

/** A fanout job's life: created (being described), running, then completed or cancelled. */
public enum JobStatus {
    CREATED, RUNNING, COMPLETED, CANCELLED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<JobStatus> parse(String s) {
        for (JobStatus j : values()) {
            if (j.value().equals(s)) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }
}
