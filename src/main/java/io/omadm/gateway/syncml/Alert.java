package io.omadm.gateway.syncml;

import java.util.List;
import java.util.Objects;

/**
 * An Alert: {@code code} is its Data (see {@link AlertCode}); a Generic Alert (1226) carries the Correlator of the
 * Exec it answers and typed Items (spec notes §2.6).
 */
public record Alert(String cmdId, boolean noResp, Cred cred, int code, String correlator, List<Item> items)
        implements Command {

    public Alert {
        Objects.requireNonNull(cmdId, "cmdId");
        items = List.copyOf(items);
    }

    public static Alert of(String cmdId, int code, Item... items) {
        return new Alert(cmdId, false, null, code, null, List.of(items));
    }

    @Override
    public String name() {
        return "Alert";
    }
}
