package io.omadm.gateway.adaptation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileRegistryTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            profile: plc
            protocol: modbus
            tree:
              Speed: {address: "holding-register:1:INT", format: int, scale: 10, commands: [Get, Replace]}
              Alarms/High: {address: "coil:3", format: bool}
            """;

    @Test
    void aProfileMapsPathsAndListsChildren() throws Exception {
        Files.writeString(dir.resolve("plc.yaml"), GOOD);
        ProfileRegistry r = new ProfileRegistry(dir);
        assertTrue(r.reload().isEmpty());
        DeviceProfile p = r.profile("plc").orElseThrow();
        assertEquals("modbus", p.protocol());
        assertEquals(List.of("Speed", "Alarms"), p.children(""));
        assertEquals(List.of("High"), p.children("Alarms"));
        assertTrue(p.isInterior("Alarms"));
        assertEquals(Set.of("Get"), p.point("Alarms/High").orElseThrow().commands(), "Get when none are named");
    }

    @Test
    void aBrokenEditIsRefusedWithItsFileNamedAndThePreviousVersionKeepsServing() throws Exception {
        Path f = dir.resolve("plc.yaml");
        Files.writeString(f, GOOD);
        ProfileRegistry r = new ProfileRegistry(dir);
        r.reload();
        for (String broken : new String[] {
            "profile: plc\nprotocol: modbus\ntree:\n  Speed: {address: x, format: double}\n",
            "profile: plc\nprotocol: modbus\ntree:\n  Speed: {address: x, commands: [Fly]}\n",
            "profile: plc\nprotocol: modbus\ntree:\n  ../Speed: {address: x}\n",
            "profile: plc\nprotocol: modbus\ntree:\n  Speed: {format: int}\n",
            "profile: plc\nprotocol: 'mod bus'\ntree:\n  Speed: {address: x}\n",
            "profile: plc\nprotocol: modbus\ntree: [unclosed\n"}) {
            Files.writeString(f, broken);
            List<String> problems = r.reload();
            assertEquals(1, problems.size(), broken);
            assertTrue(problems.get(0).contains("plc.yaml"), problems.get(0));
            assertEquals("holding-register:1:INT", r.profile("plc").orElseThrow().point("Speed").orElseThrow()
                    .address(), "the previous version still serves");
        }
    }

    @Test
    void reloadTakesInEditsAndDeletionsAndReportsABrokenVersionOnce() throws Exception {
        Path f = dir.resolve("plc.yaml");
        Files.writeString(f, GOOD);
        ProfileRegistry r = new ProfileRegistry(dir);
        r.reload();
        Files.writeString(f, GOOD.replace("Alarms/High", "Alarms/Low"));
        assertTrue(r.reload().isEmpty());
        assertTrue(r.profile("plc").orElseThrow().point("Alarms/Low").isPresent(), "the edit is in force");
        Files.writeString(f, "profile: plc\nprotocol: modbus\ntree: [oops\n");
        assertEquals(1, r.reload().size());
        assertTrue(r.reload().isEmpty(), "the same broken version is reported once");
        assertTrue(r.profile("plc").orElseThrow().point("Alarms/Low").isPresent());
        Files.delete(f);
        r.reload();
        assertTrue(r.profile("plc").isEmpty(), "a deleted file takes its profile with it");
    }

    /** A catalog with the protocols given, where modbus addresses must name a holding register. */
    private static ProtocolCatalog catalog(Set<String> protocols) {
        return new ProtocolCatalog() {
            @Override
            public boolean has(String protocol) {
                return protocols.contains(protocol);
            }

            @Override
            public Optional<String> addressProblem(String protocol, String address) {
                return protocol.equals("modbus") && !address.startsWith("holding-register:")
                        ? Optional.of("'" + address + "' is not a holding register") : Optional.empty();
            }
        };
    }

    @Test
    void withACatalogAProfileForAProtocolWithoutRouteOrWithABadAddressIsRefused() throws Exception {
        Files.writeString(dir.resolve("plc.yaml"), GOOD.replace("coil:3", "holding-register:3"));
        Files.writeString(dir.resolve("opc.yaml"), "profile: opc\nprotocol: opcua\ntree:\n  S: {address: x}\n");
        ProfileRegistry r = new ProfileRegistry(dir);
        assertTrue(r.reload().isEmpty(), "no catalog yet (the gateway is starting): only the file's own checks");
        assertTrue(r.profile("opc").isPresent());

        r.useCatalog(catalog(Set.of("modbus")));
        assertTrue(r.profile("opc").isEmpty(), "loaded before the check, unloaded by it: opcua has no route");
        assertTrue(r.profile("plc").isPresent());
        List<String> unloaded = r.reload();
        assertEquals(1, unloaded.size());
        assertTrue(unloaded.get(0).contains("opc.yaml") && unloaded.get(0).contains("'opcua' has no adapter route"),
                unloaded.get(0));

        Files.writeString(dir.resolve("plc.yaml"), GOOD);
        List<String> problems = r.reload();
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("plc.yaml") && problems.get(0).contains("Alarms/High: 'coil:3'"),
                problems.get(0));
        assertEquals("holding-register:3", r.profile("plc").orElseThrow().point("Alarms/High").orElseThrow()
                .address(), "the previous version still serves");

        assertTrue(r.reload().isEmpty(), "a refused version is reported once");
        r.useCatalog(catalog(Set.of("modbus", "opcua")));
        List<String> again = r.reload();
        assertTrue(r.profile("opc").isPresent(), "an opcua route appeared: the refused file is read again");
        assertEquals(1, again.size(), "and the still-broken plc.yaml is reported again: " + again);
    }
}
