package io.omadm.gateway.testing.mqtt;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.FreePort;
import io.omadm.gateway.testing.TempPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real MQTT 5 broker for the gateway under test: Debian's mosquitto (scripts/test installs it) on 127.0.0.1 at a
 * free port, anonymous, in memory, handed to the gateway as gateway.mqtt.url.
 */
public class MqttBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static volatile String url;
    private static volatile Process broker;
    private static volatile Path conf;
    private static volatile int port;

    @Override
    public Map<String, String> start() {
        try {
            port = FreePort.forChildProcess();
            conf = TempPaths.file("mosquitto", ".conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                    // as the README recommends for a site broker: small request/answer packets go out at once
                    + "set_tcp_nodelay true\n");
            startBroker();
            url = "tcp://127.0.0.1:" + port;
            return Map.of("gateway.mqtt.url", url, "gateway.inventory.alert-window", "200ms");
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test MQTT broker", e);
        }
    }

    /** Starts mosquitto on the resource's port (again, after {@link #stopBroker}). */
    public static synchronized void startBroker() {
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
    public static synchronized void stopBroker() throws InterruptedException {
        broker.destroyForcibly();
        broker.waitFor(10, TimeUnit.SECONDS);
    }

    /** The broker stops answering without dropping connections (SIGSTOP), until {@link #resumeBroker}. */
    public static void pauseBroker() throws IOException, InterruptedException {
        signal("-STOP");
    }

    public static void resumeBroker() throws IOException, InterruptedException {
        signal("-CONT");
    }

    private static void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(broker.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " of mosquitto failed");
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }
}
