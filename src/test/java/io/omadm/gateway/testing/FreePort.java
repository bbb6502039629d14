package io.omadm.gateway.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free TCP port on 127.0.0.1 for a server another process binds later (mosquitto, PostgreSQL, a gateway process).
 * Chosen below Linux's ephemeral range (32768-60999): a port picked by {@code new ServerSocket(0)} comes from that
 * range, so between the pick and the child's bind the busy test JVM could take the same number as the local port of
 * one of its own outgoing connections, and the child would then not get it (or a client would reach the wrong
 * socket).
 */
public final class FreePort {

    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    private FreePort() {
    }

    public static int forChildProcess() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH);
    }
}
