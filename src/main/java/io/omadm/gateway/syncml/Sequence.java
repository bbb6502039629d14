package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/** Sequence: its commands run in order; commands after a failure get 215 (spec notes §2.2). */
public record Sequence(String cmdId, boolean noResp, Meta meta, List<Command> commands) implements Command {
    public Sequence {
        Objects.requireNonNull(cmdId, "cmdId");
        commands = List.copyOf(commands);
    }

    @Override
    public String name() {
        return "Sequence";
    }
}
