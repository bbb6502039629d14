package io.omadm.gateway.adaptation;

import io.omadm.gateway.testing.TempPaths;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The gateway under test gets a copy of adapters/ it may edit, checked for edits every 200 ms. */
public class AdaptersCopyResource implements QuarkusTestResourceLifecycleManager {

    public static volatile Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = TempPaths.dir("adapters");
            Files.createDirectories(dir.resolve("profiles"));
            Files.copy(Path.of("adapters/sim.yaml"), dir.resolve("sim.yaml"));
            Files.copy(Path.of("adapters/profiles/sim-demo.yaml"), dir.resolve("profiles/sim-demo.yaml"));
            return Map.of("gateway.adapters.dir", dir.toString(), "gateway.adapters.reload-interval", "200ms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
