package io.omadm.gateway.mo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.auth.AuthType;
import io.omadm.gateway.northbound.DmAccount;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Element;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.SyncBody;
import io.omadm.gateway.syncml.SyncHdr;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.InMemoryTreeStore;
import io.omadm.gateway.tree.NodePath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapTest {

    private DmTree tree;

    @TempDir
    Path dir;

    @BeforeEach
    void tree() {
        tree = new DmTree(new InMemoryTreeStore());
        StandardObjects.mount(tree, StandardObjectsTest.ID);
    }

    private static Element leaf(String name, String value) {
        return Element.of("Node", Element.leaf("NodeName", name), Element.of("RTProperties",
                Element.of("Format", Element.empty("chr"))), Element.leaf("Value", value));
    }

    /** A DMAcc for a new server as one TNDS object at ./Inbox, the way bootstrap servers send it (§7.4). */
    static SyncMLMessage dmAccBootstrap(String serverId, String url) {
        Element account = Element.of("Node", Element.leaf("NodeName", "boot"),
                Element.of("RTProperties", Element.of("Format", Element.empty("node")),
                        Element.leaf("ACL", "Get=" + serverId + "&Replace=" + serverId),
                        Element.of("Type", Element.leaf("DDFName", "org.openmobilealliance/1.0/w7"))),
                leaf("AppID", "w7"), leaf("ServerID", serverId),
                Element.of("Node", Element.leaf("NodeName", "AppAddr"), Element.of("Node", Element.leaf("NodeName",
                        "1"), leaf("Addr", url), leaf("AddrType", "URI"))),
                Element.of("Node", Element.leaf("NodeName", "AppAuth"), Element.of("Node",
                        Element.leaf("NodeName", "CLCRED"), leaf("AAuthLevel", "CLCRED"), leaf("AAuthType", "DIGEST"),
                        leaf("AAuthName", "gw-boot"), leaf("AAuthSecret", "boot-secret"))));
        Element tree = Element.of("MgmtTree", Element.leaf("VerDTD", "1.2"), account);
        SyncHdr hdr = SyncHdr.of("0", "0", Location.of("GW-7"), Location.of(serverId));
        return new SyncMLMessage(hdr, new SyncBody(List.of(new ItemCommand(ItemCommand.Verb.ADD, "1", false, null,
                Meta.format("xml").withType(Meta.TNDS_TYPE), null, List.of(new Item(Location.of("./Inbox"), null,
                null, new Data.Tnds(tree), false)))), true));
    }

    @Test
    void aWbxmlBootstrapFileAddsTheDmAccountItCarriesAndIsAppliedOnce() throws Exception {
        Path file = dir.resolve("bootstrap.wbxml");
        Files.write(file, new SyncMLCodec().encode(dmAccBootstrap("dm.new", "https://new.example/dm"),
                Encoding.WBXML));
        List<NodePath> written = Bootstrap.applyFile(tree, file);
        assertTrue(written.contains(NodePath.of("./DMAcc/boot/AppAddr/1/Addr")));
        DmAccount acc = new DmAccounts(tree).account("dm.new", Encoding.WBXML).orElseThrow();
        assertEquals("https://new.example/dm", acc.serverUrl().toString());
        assertEquals(AuthType.MD5, acc.clientAuth());
        assertEquals("boot-secret", acc.clientSecret().password());
        assertEquals("Get=dm.new&Replace=dm.new", tree.node(NodePath.of("./DMAcc/boot")).orElseThrow().acl());
        assertTrue(Files.exists(dir.resolve("bootstrap.wbxml.applied")) && !Files.exists(file));
    }

    @Test
    void aBootstrapThatWritesOutsideDmAccIsRefusedWhole() {
        SyncMLMessage ok = dmAccBootstrap("dm.x", "https://x/dm");
        SyncMLMessage bad = new SyncMLMessage(ok.header(), new SyncBody(List.of(ok.body().commands().get(0),
                new ItemCommand(ItemCommand.Verb.ADD, "2", false, null, Meta.format("chr"), null, List.of(new Item(
                        Location.of("./DevDetail/Ext/Evil"), null, null, Data.text("x"), false)))), true));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.apply(tree, bad));
        assertTrue(e.getMessage().contains("./DMAcc"), e.getMessage());
        assertTrue(tree.node(NodePath.of("./DMAcc/boot")).isEmpty(), "nothing of a refused bootstrap applies");
    }
}
