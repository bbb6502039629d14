package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/**
 * The Status of a command received earlier: {@code cmd} names it ("SyncHdr" with cmdRef "0" for the header),
 * {@code code} is the result code (see {@link StatusCode}). A Chal asks the peer to authenticate (401/407).
 */
public record Status(
        String cmdId,
        String msgRef,
        String cmdRef,
        String cmd,
        List<String> targetRefs,
        List<String> sourceRefs,
        Cred cred,
        Chal chal,
        int code,
        List<Item> items) implements Command {

    public Status {
        Objects.requireNonNull(cmdId, "cmdId");
        Objects.requireNonNull(msgRef, "msgRef");
        Objects.requireNonNull(cmdRef, "cmdRef");
        Objects.requireNonNull(cmd, "cmd");
        targetRefs = List.copyOf(targetRefs);
        sourceRefs = List.copyOf(sourceRefs);
        items = List.copyOf(items);
    }

    public static Status of(String cmdId, String msgRef, String cmdRef, String cmd, int code) {
        return new Status(cmdId, msgRef, cmdRef, cmd, List.of(), List.of(), null, null, code, List.of());
    }

    public Status withChal(Chal newChal) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targetRefs, sourceRefs, cred, newChal, code, items);
    }

    public Status withRefs(List<String> targets, List<String> sources) {
        return new Status(cmdId, msgRef, cmdRef, cmd, targets, sources, cred, chal, code, items);
    }

    @Override
    public String name() {
        return "Status";
    }
}
