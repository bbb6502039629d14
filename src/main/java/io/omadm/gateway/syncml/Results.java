package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/** The Results of a Get: one Item per value, each with Source/LocURI (spec notes §2.1). */
public record Results(
        String cmdId,
        String msgRef,
        String cmdRef,
        Meta meta,
        String targetRef,
        String sourceRef,
        List<Item> items) implements Command {

    public Results {
        Objects.requireNonNull(cmdId, "cmdId");
        Objects.requireNonNull(cmdRef, "cmdRef");
        items = List.copyOf(items);
    }

    @Override
    public String name() {
        return "Results";
    }
}
