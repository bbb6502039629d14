package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/**
 * A management command that acts on Items: Add, Replace, Delete, Get, Exec, Copy. They share one shape in the DTD;
 * only Exec carries a Correlator (spec notes §2.2). Meta here applies to every Item that has none of its own.
 */
public record ItemCommand(
        Verb verb, String cmdId, boolean noResp, Cred cred, Meta meta, String correlator, List<Item> items)
        implements Command {

    public enum Verb {
        ADD("Add"), REPLACE("Replace"), DELETE("Delete"), GET("Get"), EXEC("Exec"), COPY("Copy");

        private final String elementName;

        Verb(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }
    }

    public ItemCommand {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
        if (correlator != null && verb != Verb.EXEC) {
            throw new IllegalArgumentException("only Exec carries a Correlator, not " + verb.elementName());
        }
    }

    public static ItemCommand of(Verb verb, String cmdId, Item... items) {
        return new ItemCommand(verb, cmdId, false, null, null, null, List.of(items));
    }

    @Override
    public String name() {
        return verb.elementName();
    }
}
