package io.omadm.gateway.syncml;

import java.util.List;

/** The SyncBody: commands in order, and Final when this message ends its package. */
public record SyncBody(List<Command> commands, boolean isFinal) {
    public SyncBody {
        commands = List.copyOf(commands);
    }
}
