package io.omadm.gateway.gwmo;

import static io.omadm.gateway.names.GwmoNames.OPERATIONS;

import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.TreeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The entries the server adds under a request-like object (EDTrigger, Bootstrap): named by the server, kept in
 * memory, at most {@code max} at a time (more: 420), forgotten by a restart. Requests, not records.
 */
final class Requests<T> {

    private final Map<String, T> entries = new ConcurrentHashMap<>();
    private final int max;
    private final String what;

    /** @param what how the entries are called in messages, plural ("triggers") */
    Requests(int max, String what) {
        this.max = max;
        this.what = what;
    }

    /** The server's Add of an entry: 200, 418 when it exists, 420 when there are {@code max} already. */
    TreeResult add(String name, Supplier<T> fresh) {
        if (entries.containsKey(name)) {
            return TreeResult.of(StatusCode.ALREADY_EXISTS);
        }
        if (entries.size() >= max) {
            return TreeResult.of(StatusCode.DEVICE_FULL, max + " " + what + " at most: delete used ones");
        }
        entries.put(name, fresh.get());
        return TreeResult.of(StatusCode.OK);
    }

    T get(String name) {
        return entries.get(name);
    }

    List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    TreeResult delete(String name) {
        return entries.remove(name) != null ? TreeResult.of(StatusCode.OK) : TreeResult.of(StatusCode.NOT_FOUND);
    }

    /** Whether a path below an entry (its name first) is Operations or Operations/{@code operation}. */
    static boolean isOperations(List<String> rel, String operation) {
        return rel.size() >= 2 && rel.get(1).equals(OPERATIONS)
                && (rel.size() == 2 || rel.size() == 3 && rel.get(2).equals(operation));
    }
}
