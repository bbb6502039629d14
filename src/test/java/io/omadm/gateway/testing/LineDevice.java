package io.omadm.gateway.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A device of the "line" protocol (adapters/line.yaml) served by the test process, so that what it was told survives
 * the gateway's death: it answers "GET &lt;point&gt;" with "21.5" and "SET &lt;point&gt; &lt;value&gt;" with "OK"
 * after a delay, counting the SETs; the first {@code failures} SETs are answered "ERR busy" (DM 500).
 */
public final class LineDevice implements AutoCloseable {

    private final ServerSocket server;
    private final int failures;
    private final long delayMillis;
    private final AtomicInteger sets = new AtomicInteger();

    public LineDevice(int failures, long delayMillis) throws Exception {
        this.failures = failures;
        this.delayMillis = delayMillis;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    new Thread(() -> serve(s)).start();
                } catch (Exception e) {
                    return;
                }
            }
        }, "line-device-" + server.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(s.getOutputStream(), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                Thread.sleep(delayMillis);
                if (!line.startsWith("SET ")) {
                    out.println("21.5");
                } else {
                    out.println(sets.incrementAndGet() <= failures ? "ERR busy" : "OK");
                }
            }
        } catch (Exception e) {
            // the gateway went away
        }
    }

    /** How many SETs it was sent, failed ones included. */
    public int sets() {
        return sets.get();
    }

    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
