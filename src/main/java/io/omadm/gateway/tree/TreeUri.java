package io.omadm.gateway.tree;

import java.util.Optional;

/**
 * A command's target URI: a node path, optionally with {@code ?prop=<Name>} (a property, spec notes §5.5) or
 * {@code ?list=<Struct|StructData|TNDS...>} (tree exchange, §5.7).
 */
public record TreeUri(NodePath path, String property, String list) {

    public static Optional<TreeUri> parse(String uri) {
        if (uri == null) {
            return Optional.empty();
        }
        int q = uri.indexOf('?');
        String base = q < 0 ? uri : uri.substring(0, q);
        Optional<NodePath> path = NodePath.parse(base);
        if (path.isEmpty()) {
            return Optional.empty();
        }
        if (q < 0) {
            return Optional.of(new TreeUri(path.get(), null, null));
        }
        String query = uri.substring(q + 1);
        if (query.startsWith("prop=") && query.length() > 5) {
            return Optional.of(new TreeUri(path.get(), query.substring(5), null));
        }
        if (query.startsWith("list=") && query.length() > 5) {
            return Optional.of(new TreeUri(path.get(), null, query.substring(5)));
        }
        return Optional.empty();
    }

    public boolean isPlain() {
        return property == null && list == null;
    }
}
