package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/** Atomic: all of its commands or none (spec notes §2.2: 507 on failure, 216/516 per rolled-back command). */
public record Atomic(String cmdId, boolean noResp, Meta meta, List<Command> commands) implements Command {
    public Atomic {
        Objects.requireNonNull(cmdId, "cmdId");
        commands = List.copyOf(commands);
    }

    @Override
    public String name() {
        return "Atomic";
    }
}
