package io.omadm.gateway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code x-syncml-hmac} HTTP header (spec notes §3.4): {@code algorithm=MD5, username="<name>", mac=<b64>}.
 * algorithm is optional (MD5 is the default); username and mac are required. Parsing is lenient about spaces, case of
 * the keys and quotes, strict about what must be there.
 */
public record HmacHeader(String algorithm, String username, String mac) {

    public static final String NAME = "x-syncml-hmac";

    public HmacHeader {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(mac, "mac");
    }

    public static HmacHeader md5(String username, String mac) {
        return new HmacHeader("MD5", username, mac);
    }

    /** The header value, or empty when it lacks username or mac or is not key=value pairs. */
    public static Optional<HmacHeader> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String algorithm = "MD5";
        String username = null;
        String mac = null;
        for (String part : splitOutsideQuotes(value)) {
            if (part.isBlank()) {
                continue;
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return Optional.empty();
            }
            String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String v = unquote(part.substring(eq + 1).trim());
            switch (key) {
                case "algorithm" -> algorithm = v;
                case "username" -> username = v;
                case "mac" -> mac = v;
                default -> {
                    // unknown parameters are allowed and ignored, as HTTP auth parameters are
                }
            }
        }
        if (username == null || mac == null || mac.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new HmacHeader(algorithm, username, mac));
    }

    public boolean isMd5() {
        return "MD5".equalsIgnoreCase(algorithm);
    }

    /** The header value as the AOSP client writes it. */
    public String format() {
        return "algorithm=" + algorithm + ", username=\"" + username.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\", mac=" + mac;
    }

    private static List<String> splitOutsideQuotes(String s) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == '"') {
                quoted = !quoted;
                cur.append(c);
            } else if (c == ',' && !quoted) {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
    }
}
