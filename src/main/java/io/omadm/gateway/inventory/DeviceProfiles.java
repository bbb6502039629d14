package io.omadm.gateway.inventory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Devices declared by integrators in device profiles, {@code adapters/profiles/*.yaml} (HLF-003, B.6). A profile
 * names a device type (protocol, manufacturer, model; the path-to-address mapping of adaptation mode sits beside
 * these keys) and lists the devices of that type on the site:
 *
 * <pre>
 * profile: acme-plc
 * protocol: modbus
 * man: Acme
 * model: PLC-7
 * devices:
 *   - devId: plc-1
 *     address: 10.0.0.5:502
 *   - address: 10.0.0.6:502   # no devId of its own: the gateway gives it one
 * </pre>
 *
 * A file that cannot be read is skipped with a log line naming it; the others still count.
 */
public final class DeviceProfiles {

    private static final Logger LOG = Logger.getLogger(DeviceProfiles.class.getName());
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @JsonIgnoreProperties(ignoreUnknown = true) // the adapter keys of a profile are not ours to read here
    record Profile(String profile, String protocol, String man, String model, String mode, List<Declared> devices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Declared(String devId, String address, String publicAddress, String fwV, String mode) {
    }

    /** What loading found: devices registered (new or updated), and files refused with why. */
    public record Loaded(int devices, List<String> problems) {
    }

    private DeviceProfiles() {
    }

    public static Loaded load(Path profilesDir, Inventory inventory) {
        if (!Files.isDirectory(profilesDir)) {
            return new Loaded(0, List.of());
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(profilesDir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            return new Loaded(0, List.of(profilesDir + ": " + e.getMessage()));
        }
        int count = 0;
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            try {
                count += register(f, YAML.readValue(f.toFile(), Profile.class), inventory);
            } catch (IOException | IllegalArgumentException e) {
                String problem = f + ": " + e.getMessage().lines().findFirst().orElse("unreadable");
                LOG.warning("device profile not loaded: " + problem);
                problems.add(problem);
            }
        }
        return new Loaded(count, problems);
    }

    private static int register(Path file, Profile p, Inventory inventory) {
        if (p == null || p.devices() == null) {
            return 0;
        }
        String name = p.profile() != null ? p.profile() : file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        int n = 0;
        for (Declared d : p.devices()) {
            String modeName = d.mode() != null ? d.mode() : p.mode();
            Mode mode = modeName == null ? Mode.ADAPTATION : Mode.parse(modeName).orElseThrow(
                    () -> new IllegalArgumentException("mode '" + modeName + "' is not transparent, proxy or adaptation"));
            inventory.register(new Registration(d.devId(), p.man(), p.model(), d.fwV(), mode, p.protocol(),
                    d.address(), d.publicAddress(), name, Set.of(), null, null));
            n++;
        }
        return n;
    }
}
