package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Status;
import java.util.List;
import java.util.Set;

/** One of the DM server's commands that may change the tree (for the audit trail): on one node, and its status. */
public record TreeChange(String command, String target, int status) {

    private static final Set<String> CHANGING = Set.of("Add", "Replace", "Delete", "Exec", "Copy");

    /** The changes the gateway's answers to a server message report, in order. */
    static List<TreeChange> in(List<Command> responses) {
        return responses.stream().filter(r -> r instanceof Status st && CHANGING.contains(st.cmd()))
                .map(r -> (Status) r).map(st -> new TreeChange(st.cmd(), st.targetRefs().isEmpty() ? ""
                        : st.targetRefs().get(0), st.code())).toList();
    }
}
