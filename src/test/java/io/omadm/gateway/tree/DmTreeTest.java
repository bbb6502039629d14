package io.omadm.gateway.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DmTreeTest {

    private static final String SRV = "srv1";
    private InMemoryTreeStore store;
    private DmTree tree;

    @BeforeEach
    void newTree() {
        store = new InMemoryTreeStore();
        tree = new DmTree(store);
        // a subtree the test server fully manages, as a DMAcc would grant
        tree.put(Node.interior(NodePath.of("./App"), "Add=srv1&Delete=srv1&Get=srv1&Replace=srv1&Exec=srv1", false));
    }

    private static TreeUri uri(String s) {
        return TreeUri.parse(s).orElseThrow();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int add(String path, String format, String value) {
        return tree.add(uri(path), format, "text/plain", b(value), SRV).status();
    }

    private String getText(String path) {
        TreeResult r = tree.get(uri(path), SRV);
        assertEquals(200, r.status(), r.reason());
        return new String(r.values().get(0).bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void addThenGetReturnsTheValueWithFormatAndType() {
        assertEquals(200, add("./App/Speed", "int", "1200"));
        TreeResult r = tree.get(uri("./App/Speed"), SRV);
        assertEquals("int", r.values().get(0).format());
        assertEquals("text/plain", r.values().get(0).type());
        assertEquals("1200", getText("./App/Speed"));
    }

    @Test
    void addOfAnExistingNodeIs418AndBelowALeafIs405() {
        add("./App/a", "chr", "x");
        assertEquals(418, add("./App/a", "chr", "y"));
        assertEquals(405, add("./App/a/b", "chr", "y"));
        assertEquals("x", getText("./App/a"));
    }

    @Test
    void addCreatesMissingParentsThatInheritTheirAcl() {
        assertEquals(200, add("./App/x/y/z", "chr", "deep"));
        assertEquals("", getText("./App/x?prop=ACL"));
        assertEquals("y", getText("./App/x"));
        assertEquals("deep", getText("./App/x/y/z"));
    }

    @Test
    void addWithAValueThatDoesNotFitItsFormatIs400AndAnUnknownFormatIs415() {
        assertEquals(400, add("./App/n", "int", "twelve"));
        assertEquals(400, add("./App/b", "bool", "yes"));
        assertEquals(415, add("./App/q", "weird", "v"));
        assertEquals(404, tree.get(uri("./App/n"), SRV).status());
    }

    @Test
    void replaceOnAMissingNodeIs404AndOnAnInteriorNodeIs405() {
        assertEquals(404, tree.replace(uri("./App/nope"), "chr", null, b("v"), SRV).status());
        add("./App/dir", "node", "");
        assertEquals(405, tree.replace(uri("./App/dir"), "chr", null, b("v"), SRV).status());
    }

    @Test
    void replaceStampsVerNoAndTStamp() {
        add("./App/v", "chr", "1");
        String ver = getText("./App/v?prop=VerNo");
        assertEquals(200, tree.replace(uri("./App/v"), null, null, b("2"), SRV).status());
        assertEquals(Integer.parseInt(ver) + 1, Integer.parseInt(getText("./App/v?prop=VerNo")));
        assertTrue(getText("./App/v?prop=TStamp").matches("\\d{8}T\\d{6}Z"));
        assertEquals("2", getText("./App/v"));
    }

    @Test
    void deleteOfRootOrAPermanentNodeIs405AndOfAMissingOne404() {
        assertEquals(405, tree.delete(uri("."), SRV).status());
        tree.put(Node.leaf(NodePath.of("./App/fixed"), "f", "chr", null, "", true));
        assertEquals(405, tree.delete(uri("./App/fixed"), SRV).status());
        assertEquals(404, tree.delete(uri("./App/none"), SRV).status());
    }

    @Test
    void deleteRemovesTheWholeSubtree() {
        add("./App/g/a", "chr", "1");
        add("./App/g/b/c", "chr", "2");
        assertEquals(200, tree.delete(uri("./App/g"), SRV).status());
        assertEquals(404, tree.get(uri("./App/g/b/c"), SRV).status());
        assertEquals(404, tree.get(uri("./App/g"), SRV).status());
    }

    @Test
    void getOnAnInteriorNodeListsItsChildren() {
        add("./App/list/b", "chr", "1");
        add("./App/list/a", "chr", "2");
        TreeResult r = tree.get(uri("./App/list"), SRV);
        assertEquals("node", r.values().get(0).format());
        assertEquals("a/b", new String(r.values().get(0).bytes(), StandardCharsets.UTF_8));
        add("./App/empty", "node", "");
        assertEquals("", getText("./App/empty"));
    }

    // ---- ACL ----

    @Test
    void theRootDefaultLetsServersAddAndGetButNotReplace() {
        assertEquals(200, tree.add(uri("./Other"), "node", null, new byte[0], "srv9").status());
        assertEquals(200, tree.get(uri("./Other"), "srv9").status());
        assertEquals(425, tree.replace(uri(".?prop=ACL"), null, null, b("Get=*"), "srv9").status());
    }

    @Test
    void aclIsInheritedFromTheNearestAncestorWithOne() {
        add("./App/in/leaf", "chr", "v");
        assertEquals(200, tree.get(uri("./App/in/leaf"), SRV).status());
        assertEquals(425, tree.get(uri("./App/in/leaf"), "srv2").status());
        assertEquals(425, tree.replace(uri("./App/in/leaf"), null, null, b("w"), "srv2").status());
        assertEquals(425, tree.delete(uri("./App/in"), "srv2").status());
    }

    @Test
    void changingAnAclTakesReplaceOnTheParent() {
        add("./App/p", "node", "");
        add("./App/p/leaf", "chr", "v");
        // srv2 may replace the leaf's value but not its ACL: that takes Replace on ./App/p
        assertEquals(200, tree.replace(uri("./App/p/leaf?prop=ACL"), null, null, b("Get=*&Replace=srv2"), SRV)
                .status());
        assertEquals(200, tree.replace(uri("./App/p/leaf"), null, null, b("w"), "srv2").status());
        assertEquals(425, tree.replace(uri("./App/p/leaf?prop=ACL"), null, null, b("Get=*&Replace=*"), "srv2")
                .status());
        assertEquals(400, tree.replace(uri("./App/p/leaf?prop=ACL"), null, null, b("Get=a b"), SRV).status());
        assertEquals("Get=*&Replace=srv2", getText("./App/p/leaf?prop=ACL"));
    }

    @Test
    void aServerCreatingAnInteriorNodeWithoutReplaceOnTheParentGetsFullRightsOnIt() {
        assertEquals(200, tree.add(uri("./Mine"), "node", null, new byte[0], "srv7").status());
        TreeResult acl = tree.get(uri("./Mine?prop=ACL"), "srv7");
        assertEquals("Add=srv7&Delete=srv7&Get=srv7&Replace=srv7",
                new String(acl.values().get(0).bytes(), StandardCharsets.UTF_8));
        assertEquals(425, tree.get(uri("./Mine"), "srv8").status());
    }

    // ---- properties ----

    @Test
    void propertiesAreReadableAndMostAreReadOnly() {
        add("./App/p1", "chr", "hello");
        assertEquals("chr", getText("./App/p1?prop=Format"));
        assertEquals("text/plain", getText("./App/p1?prop=Type"));
        assertEquals("5", getText("./App/p1?prop=Size"));
        assertEquals("p1", getText("./App/p1?prop=Name"));
        assertEquals(406, tree.get(uri("./App/p1?prop=Color"), SRV).status());
        assertEquals(405, tree.replace(uri("./App/p1?prop=Format"), null, null, b("int"), SRV).status());
        assertEquals(200, tree.replace(uri("./App/p1?prop=Title"), null, null, b("Greeting"), SRV).status());
        assertEquals("Greeting", getText("./App/p1?prop=Title"));
        assertEquals(405, tree.add(uri("./App/p1?prop=Title"), "chr", null, b("x"), SRV).status());
    }

    @Test
    void renamingMovesTheSubtreeAndRefusesAnExistingSiblingOrAPermanentNode() {
        add("./App/old/child", "chr", "c");
        add("./App/other", "chr", "o");
        assertEquals(418, tree.replace(uri("./App/old?prop=Name"), null, null, b("other"), SRV).status());
        assertEquals(200, tree.replace(uri("./App/old?prop=Name"), null, null, b("new"), SRV).status());
        assertEquals("c", getText("./App/new/child"));
        assertEquals(404, tree.get(uri("./App/old"), SRV).status());
        tree.put(Node.leaf(NodePath.of("./App/perm"), "p", "chr", null, "", true));
        assertEquals(405, tree.replace(uri("./App/perm?prop=Name"), null, null, b("x"), SRV).status());
    }

    // ---- list, copy ----

    @Test
    void listStructGivesEveryNodeAndStructDataAlsoTheLeafValues() {
        add("./App/s/a", "chr", "1");
        add("./App/s/b/c", "int", "2");
        TreeResult struct = tree.get(uri("./App/s?list=Struct"), SRV);
        List<String> uris = struct.values().stream().map(TreeResult.Value::uri).toList();
        assertEquals(List.of("./App/s", "./App/s/a", "./App/s/b", "./App/s/b/c"), uris);
        assertEquals(null, struct.values().get(1).bytes());
        TreeResult data = tree.get(uri("./App/s?list=StructData"), SRV);
        assertArrayEquals(b("2"), data.values().get(3).bytes());
        assertEquals(406, tree.get(uri("./App/s?list=Other"), SRV).status());
    }

    @Test
    void listTndsWritesTheSubtreeAsTndsThatReadsBackToTheSameNodes() {
        add("./App/t/a", "int", "7");
        add("./App/t/b/c", "chr", "deep");
        tree.replace(uri("./App/t/a?prop=ACL"), null, null, b("Get=srv1&Replace=srv1"), SRV);
        TreeResult r = tree.get(uri("./App/t?list=TNDS"), SRV);
        assertEquals(200, r.status(), r.reason());
        io.omadm.gateway.syncml.Element mgmtTree = r.values().get(0).tnds();
        List<Tnds.Described> back = Tnds.nodes(mgmtTree, NodePath.of("./Elsewhere"));
        assertEquals(List.of("./App/t", "./App/t/a", "./App/t/b", "./App/t/b/c"),
                back.stream().map(d -> d.node().path().toString()).toList(), "the top Node carries its Path");
        Node a = back.get(1).node();
        assertEquals("int", a.format());
        assertEquals("7", a.valueAsText());
        assertEquals("Get=srv1&Replace=srv1", a.acl());
        assertEquals("deep", back.get(3).node().valueAsText());
    }

    @Test
    void listTndsTakesOnlyOrAllButTheNamedProperties() {
        add("./App/t/a", "int", "7");
        io.omadm.gateway.syncml.Element only = tree.get(uri("./App/t?list=TNDS+Value"), SRV).values().get(0).tnds();
        assertFalse(only.toString().contains("RTProperties"), only.toString());
        assertTrue(only.toString().contains("text=7"), only.toString());
        io.omadm.gateway.syncml.Element noValues = tree.get(uri("./App/t?list=TNDS-Value"), SRV).values().get(0)
                .tnds();
        assertFalse(noValues.toString().contains("name=Value"), noValues.toString());
        assertEquals(406, tree.get(uri("./App/t?list=TNDS+Color"), SRV).status());
        assertEquals(400, tree.get(uri("./App/t?list=TNDS+Value-ACL"), SRV).status());
    }

    @Test
    void copyIsLeafToLeafAndCreatesOrOverwritesTheTarget() {
        add("./App/src", "int", "7");
        assertEquals(200, tree.copy(uri("./App/dst"), uri("./App/src"), SRV).status());
        assertEquals("7", getText("./App/dst"));
        tree.replace(uri("./App/src"), null, null, b("8"), SRV);
        assertEquals(200, tree.copy(uri("./App/dst"), uri("./App/src"), SRV).status());
        assertEquals("8", getText("./App/dst"));
        add("./App/dir", "node", "");
        assertEquals(403, tree.copy(uri("./App/dst"), uri("./App/dir"), SRV).status());
        assertEquals(404, tree.copy(uri("./App/dst"), uri("./App/missing"), SRV).status());
    }

    // ---- transactions and the store ----

    @Test
    void rollbackToAMarkUndoesEverythingAfterIt() {
        add("./App/keep", "chr", "k");
        int mark = tree.mark();
        add("./App/gone", "chr", "g");
        tree.replace(uri("./App/keep"), null, null, b("changed"), SRV);
        tree.delete(uri("./App/keep"), SRV);
        tree.rollbackTo(mark);
        assertEquals("k", getText("./App/keep"));
        assertEquals(404, tree.get(uri("./App/gone"), SRV).status());
    }

    @Test
    void onlyCommittedChangesReachTheStoreAndSurviveANewTree() {
        add("./App/durable", "chr", "d");
        tree.commit();
        add("./App/lost", "chr", "l");
        DmTree reopened = new DmTree(store);
        assertEquals("d", new String(reopened.get(uri("./App/durable"), SRV).values().get(0).bytes(),
                StandardCharsets.UTF_8));
        assertEquals(404, reopened.get(uri("./App/lost"), SRV).status());
        tree.delete(uri("./App/durable"), SRV);
        tree.commit();
        assertEquals(404, new DmTree(store).get(uri("./App/durable"), SRV).status());
    }

    // ---- managed objects ----

    @Test
    void aMountedObjectServesItsSubtreeUnderTheMountsAcl() {
        tree.put(Node.interior(NodePath.of("./Code"), "Get=srv1&Exec=srv1&Replace=srv1", true));
        List<String> execs = new ArrayList<>();
        tree.mount(NodePath.of("./Code"), new ManagedObject() {
            @Override
            public Optional<Node> node(NodePath path) {
                return path.equals(NodePath.of("./Code/Value"))
                        ? Optional.of(Node.leaf(path, "42", "int", "text/plain", "", true))
                        : Optional.empty();
            }

            @Override
            public List<String> children(NodePath path) {
                return path.equals(NodePath.of("./Code")) ? List.of("Value") : List.of();
            }

            @Override
            public TreeResult exec(NodePath path, byte[] data, String correlator) {
                execs.add(path + " " + correlator);
                return TreeResult.of(io.omadm.gateway.syncml.StatusCode.ACCEPTED);
            }
        });
        assertEquals("42", getText("./Code/Value"));
        assertEquals("Value", getText("./Code"));
        assertEquals(405, tree.replace(uri("./Code/Value"), null, null, b("1"), SRV).status());
        assertEquals(202, tree.exec(uri("./Code/Value"), new byte[0], "c-1", SRV).status());
        assertEquals(List.of("./Code/Value c-1"), execs);
        assertEquals(425, tree.get(uri("./Code/Value"), "srv2").status());
        assertEquals(425, tree.exec(uri("./Code/Value"), new byte[0], "c-2", "srv2").status());
        assertEquals(1, execs.size(), "a denied Exec never reaches the handler");
        assertEquals(404, tree.get(uri("./Code/Nope"), SRV).status());
    }

    /** A mounted object whose Get waits until released, as a device behind a slow adapter does. */
    private static ManagedObject slow(boolean reachesDevice, CountDownLatch entered, CountDownLatch release) {
        return new ManagedObject() {
            @Override
            public boolean reachesDevice(NodePath path) {
                return reachesDevice;
            }

            @Override
            public Optional<Node> node(NodePath path) {
                return Optional.of(Node.leaf(path, "", "chr", "text/plain", "", true));
            }

            @Override
            public List<String> children(NodePath path) {
                return List.of();
            }

            @Override
            public Optional<TreeResult> read(NodePath path) {
                entered.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(TreeResult.ok(List.of(new TreeResult.Value(path.toString(), "chr", "text/plain",
                        b("late")))));
            }
        };
    }

    @Test
    void aCommandWaitingOnADeviceDoesNotHoldTheTreeButOtherHandlersStillRunUnderItsLock() throws Exception {
        for (boolean device : new boolean[] {true, false}) {
            DmTree t = new DmTree(new InMemoryTreeStore());
            t.put(Node.interior(NodePath.of("./App"), "Get=srv1&Add=srv1", false));
            t.put(Node.interior(NodePath.of("./Dev"), "Get=srv1", true));
            CountDownLatch entered = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            t.mount(NodePath.of("./Dev"), slow(device, entered, release));
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<TreeResult> waiting = two.submit(() -> t.get(uri("./Dev/Point"), SRV));
                assertTrue(entered.await(5, TimeUnit.SECONDS));
                Future<TreeResult> other = two.submit(() -> t.add(uri("./App/Mode"), "chr", "text/plain", b("auto"),
                        SRV));
                if (device) {
                    assertEquals(200, other.get(5, TimeUnit.SECONDS).status(),
                            "another command goes ahead while the device is awaited");
                } else {
                    assertThrows(TimeoutException.class, () -> other.get(300, TimeUnit.MILLISECONDS),
                            "a handler that does not reach a device still runs under the tree's lock");
                }
                release.countDown();
                assertEquals("late", new String(waiting.get(5, TimeUnit.SECONDS).values().get(0).bytes(),
                        StandardCharsets.UTF_8));
                assertEquals(200, other.get(5, TimeUnit.SECONDS).status());
            } finally {
                release.countDown();
                two.shutdownNow();
            }
        }
    }
}
