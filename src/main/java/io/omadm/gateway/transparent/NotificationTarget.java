package io.omadm.gateway.transparent;

import java.net.URI;
import java.util.Optional;

/**
 * Where a transparent-mode device takes its Package 0, from its inventory Address: {@code 10.0.0.5} or
 * {@code 10.0.0.5:3000} or {@code udp://10.0.0.5:3000} is UDP (port 2948 unless given: the connectionless push port),
 * {@code http://10.0.0.5:8080/dm/push} is an HTTP POST of {@code application/vnd.syncml.notification}.
 */
public record NotificationTarget(String transport, String host, int port, String url) {

    public static final int DEFAULT_UDP_PORT = 2948;

    public static Optional<NotificationTarget> of(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String a = address.trim();
        try {
            if (a.startsWith("http://") || a.startsWith("https://")) {
                URI u = URI.create(a);
                return u.getHost() == null ? Optional.empty() : Optional.of(new NotificationTarget("http", u.getHost(),
                        u.getPort(), a));
            }
            URI u = URI.create(a.startsWith("udp://") ? a : "udp://" + a);
            if (u.getHost() == null || u.getPath() != null && !u.getPath().isEmpty() || u.getQuery() != null) {
                return Optional.empty();
            }
            int port = u.getPort() < 0 ? DEFAULT_UDP_PORT : u.getPort();
            return Optional.of(new NotificationTarget("udp", u.getHost(), port, "udp://" + u.getHost() + ":" + port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return url;
    }
}
