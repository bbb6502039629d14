package io.omadm.gateway.testing.mqtt;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.TempPaths;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 5 / 3.1.1 broker: Debian's mosquitto (scripts/test installs it) on 127.0.0.1 at a free port, anonymous,
 * in memory; it can be killed, started again on the same port, paused and resumed.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path conf;
    private final int port;
    private Process broker;

    /** A broker on a free port, started. */
    public Mosquitto() throws IOException {
        port = FreePort.forChildProcess();
        conf = TempPaths.file("mosquitto", ".conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                // as the docs recommend for a site broker: small request/answer packets go out at once
                + "set_tcp_nodelay true\n");
        start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts mosquitto on the broker's port (again, after {@link #stop}). */
    public synchronized void start() {
        Path mosquitto = ExternalTool.require("mosquitto", "mosquitto");
        try {
            broker = new ProcessBuilder(mosquitto.toString(), "-c", conf.toString())
                    .redirectErrorStream(true).redirectOutput(TempPaths.file("mosquitto", ".log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    if (System.nanoTime() > deadline || !broker.isAlive()) {
                        throw new IllegalStateException("mosquitto did not start on port " + port);
                    }
                    Thread.sleep(50);
                }
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot start mosquitto", e);
        }
    }

    /** The broker goes away (kill -9): clients see their connection drop. */
    public synchronized void stop() throws InterruptedException {
        broker.destroyForcibly();
        broker.waitFor(10, TimeUnit.SECONDS);
    }

    /** The broker stops answering without dropping connections (SIGSTOP), until {@link #resume}. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(broker.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " of mosquitto failed");
        }
    }

    @Override
    public synchronized void close() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }
}
