package io.omadm.gateway.testing.mqtt;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.TempPaths;
import io.omadm.gateway.testing.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 5 / 3.1.1 broker: Debian's mosquitto (scripts/test installs it) on 127.0.0.1 at a free port, in
 * memory, anonymous or {@link #secured} (password file and TLS); it can be killed, started again on the same port,
 * paused and resumed.
 */
public final class Mosquitto implements AutoCloseable {

    private final Path conf;
    private final int port;
    private Process broker;

    private final boolean tls;

    /** A broker on a free port, started. */
    public Mosquitto() throws IOException {
        this("allow_anonymous true\n", false);
    }

    /** A broker on a free port with more settings (mosquitto.conf lines), started. */
    public static Mosquitto with(String settings) throws IOException {
        return new Mosquitto("allow_anonymous true\n" + settings, false);
    }

    /**
     * A broker as sites run it, started: only {@code user} with {@code password} may connect (a password file made
     * with mosquitto_passwd), over TLS with a certificate for 127.0.0.1 issued by {@code ca}.
     */
    public static Mosquitto secured(String user, String password, TestCertificates ca) throws IOException {
        Path dir = TempPaths.dir("mosquitto-secured");
        Path passwords = dir.resolve("passwords");
        try {
            ExternalTool.run(List.of(ExternalTool.require("mosquitto_passwd", "mosquitto").toString(), "-b", "-c",
                    passwords.toString(), user, password));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the password file", e);
        }
        ca.writeCaPem(dir.resolve("ca.pem"));
        ca.server("broker.site").writePem(dir.resolve("broker.pem"), dir.resolve("broker.key"));
        for (String f : List.of("passwords", "ca.pem", "broker.pem", "broker.key")) {
            // mosquitto started as root reads its files as the mosquitto user
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Mosquitto("allow_anonymous false\npassword_file " + passwords + "\ncafile " + dir.resolve("ca.pem")
                + "\ncertfile " + dir.resolve("broker.pem") + "\nkeyfile " + dir.resolve("broker.key") + "\n", true);
    }

    /**
     * A broker that knows its clients by their certificates only, started: TLS with a certificate for 127.0.0.1
     * issued by {@code ca}, and a client certificate from that CA required (its common name is the user name).
     */
    public static Mosquitto requiringClientCertificates(TestCertificates ca) throws IOException {
        Path dir = TempPaths.dir("mosquitto-mtls");
        ca.writeCaPem(dir.resolve("ca.pem"));
        ca.server("broker.site").writePem(dir.resolve("broker.pem"), dir.resolve("broker.key"));
        for (String f : List.of("ca.pem", "broker.pem", "broker.key")) {
            Files.setPosixFilePermissions(dir.resolve(f), PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new Mosquitto("allow_anonymous false\nrequire_certificate true\nuse_identity_as_username true\n"
                + "cafile " + dir.resolve("ca.pem") + "\ncertfile " + dir.resolve("broker.pem") + "\nkeyfile "
                + dir.resolve("broker.key") + "\n", true);
    }

    private Mosquitto(String listenerSettings, boolean tls) throws IOException {
        this.tls = tls;
        port = FreePort.forChildProcess();
        conf = TempPaths.file("mosquitto", ".conf");
        Files.writeString(conf, "per_listener_settings true\nlistener " + port + " 127.0.0.1\n" + listenerSettings
                + "persistence false\n"
                // as the docs recommend for a site broker: small request/answer packets go out at once
                + "set_tcp_nodelay true\n");
        start();
    }

    public String url() {
        return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + port;
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
