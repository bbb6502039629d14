package io.omadm.gateway.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.Atomic;
import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.ItemCommand.Verb;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.Results;
import io.omadm.gateway.syncml.Sequence;
import io.omadm.gateway.syncml.Status;
import io.omadm.gateway.syncml.StatusCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CommandProcessorTest {

    private DmTree tree;
    private final List<Command> out = new ArrayList<>();
    private int ids;
    private final CommandProcessor.Responses responses = new CommandProcessor.Responses() {
        @Override
        public String nextCmdId() {
            return Integer.toString(++ids);
        }

        @Override
        public void add(Command response) {
            out.add(response);
        }
    };

    @BeforeEach
    void tree() {
        tree = new DmTree(new InMemoryTreeStore());
        tree.put(Node.interior(NodePath.of("./App"), "Add=srv&Delete=srv&Get=srv&Replace=srv", false));
        tree.put(Node.leaf(NodePath.of("./App/Name"), "gw", "chr", "text/plain", "", false));
    }

    private void run(CommandProcessor p, Command c) {
        p.process(c, "7", responses);
    }

    private CommandProcessor processor(boolean xml) {
        return new CommandProcessor(tree, "srv", xml, 1 << 20);
    }

    private static Item target(String uri, Meta meta, String data) {
        return new Item(Location.of(uri), null, meta, data == null ? null : Data.text(data), false);
    }

    private List<Integer> codes() {
        return out.stream().filter(c -> c instanceof Status).map(c -> ((Status) c).code()).toList();
    }

    @Test
    void getAnswersStatusThenResultsWithSourceFormatAndData() {
        run(processor(true), ItemCommand.of(Verb.GET, "3", Item.target("./App/Name"), Item.target("./App/None")));
        Status ok = (Status) out.get(0);
        assertEquals("7", ok.msgRef());
        assertEquals("3", ok.cmdRef());
        assertEquals("Get", ok.cmd());
        assertEquals(List.of("./App/Name"), ok.targetRefs());
        assertEquals(200, ok.code());
        assertEquals(404, ((Status) out.get(1)).code());
        Results r = (Results) out.get(2);
        assertEquals("3", r.cmdRef());
        assertEquals(1, r.items().size());
        assertEquals("./App/Name", r.items().get(0).source().locUri());
        assertEquals("chr", r.items().get(0).meta().format());
        assertEquals("gw", r.items().get(0).data().asText());
    }

    @Test
    void getWithListTndsAnswersATndsObjectThatEncodesInBothEncodings() throws Exception {
        run(processor(false), ItemCommand.of(Verb.GET, "3", Item.target("./App?list=TNDS")));
        Item item = ((Results) out.get(1)).items().get(0);
        assertEquals(Meta.TNDS_TYPE, item.meta().type());
        assertEquals("xml", item.meta().format());
        assertInstanceOf(Data.Tnds.class, item.data());
        io.omadm.gateway.syncml.codec.SyncMLCodec codec = new io.omadm.gateway.syncml.codec.SyncMLCodec();
        io.omadm.gateway.syncml.SyncMLMessage m = new io.omadm.gateway.syncml.SyncMLMessage(
                io.omadm.gateway.syncml.SyncHdr.of("1", "2", Location.of("srv"), Location.of("gw")),
                new io.omadm.gateway.syncml.SyncBody(List.of(out.get(1)), true));
        for (var enc : io.omadm.gateway.syncml.codec.Encoding.values()) {
            assertEquals(m, codec.decode(codec.encode(m, enc), enc));
        }
    }

    @Test
    void metaOnTheCommandAppliesToItsItemsAsKonekiSendsIt() {
        run(processor(true), new ItemCommand(Verb.ADD, "1", false, null, Meta.format("int").withType("text/plain"),
                null, List.of(target("./App/Speed", null, "1200"))));
        assertEquals(List.of(200), codes());
        assertEquals("int", tree.node(NodePath.of("./App/Speed")).orElseThrow().format());
    }

    @Test
    void binaryTravelsAsB64InXmlAndAsOpaqueInWbxmlButIsBinInTheTree() {
        byte[] bytes = {0, 1, 2, (byte) 0xFF};
        run(processor(true), new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(
                target("./App/Blob", Meta.format("b64"), Base64.getEncoder().encodeToString(bytes)))));
        assertEquals("bin", tree.node(NodePath.of("./App/Blob")).orElseThrow().format());
        run(processor(true), ItemCommand.of(Verb.GET, "2", Item.target("./App/Blob")));
        Item xml = ((Results) out.get(2)).items().get(0);
        assertEquals("b64", xml.meta().format());
        assertEquals(Base64.getEncoder().encodeToString(bytes), xml.data().asText());
        run(processor(false), ItemCommand.of(Verb.GET, "3", Item.target("./App/Blob")));
        Item wbxml = ((Results) out.get(4)).items().get(0);
        assertEquals("bin", wbxml.meta().format());
        assertArrayEquals(bytes, assertInstanceOf(Data.Opaque.class, wbxml.data()).value());
    }

    @Test
    void invalidB64Is400() {
        run(processor(true), new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(
                target("./App/Blob", Meta.format("b64"), "not base64!"))));
        assertEquals(List.of(400), codes());
    }

    @Test
    void atomicSucceedsWhole() {
        run(processor(true), new Atomic("1", false, null, List.of(
                new ItemCommand(Verb.ADD, "2", false, null, null, null, List.of(target("./App/a", null, "1"))),
                new ItemCommand(Verb.REPLACE, "3", false, null, null, null, List.of(target("./App/Name", null, "x"))))));
        assertEquals(List.of(200, 200, 200), codes());
        assertEquals("x", tree.node(NodePath.of("./App/Name")).orElseThrow().valueAsText());
    }

    @Test
    void atomicFailureRollsEverythingBackWith507And216And215() {
        run(processor(true), new Atomic("1", false, null, List.of(
                new ItemCommand(Verb.ADD, "2", false, null, null, null, List.of(target("./App/a", null, "1"))),
                new ItemCommand(Verb.REPLACE, "3", false, null, null, null, List.of(target("./App/none", null, "x"))),
                new ItemCommand(Verb.REPLACE, "4", false, null, null, null, List.of(target("./App/Name", null, "y"))))));
        assertEquals(List.of(507, 216, 404, 215), codes());
        assertTrue(tree.node(NodePath.of("./App/a")).isEmpty());
        assertEquals("gw", tree.node(NodePath.of("./App/Name")).orElseThrow().valueAsText());
    }

    @Test
    void getInsideAtomicFailsIt() {
        run(processor(true), new Atomic("1", false, null, List.of(ItemCommand.of(Verb.GET, "2",
                Item.target("./App/Name")))));
        assertEquals(List.of(507, 500), codes());
    }

    @Test
    void sequenceRunsInOrderAndSkipsTheRestAfterAFailure() {
        run(processor(true), new Sequence("1", false, null, List.of(
                new ItemCommand(Verb.ADD, "2", false, null, null, null, List.of(target("./App/s1", null, "1"))),
                ItemCommand.of(Verb.DELETE, "3", Item.target("./App/missing")),
                new ItemCommand(Verb.ADD, "4", false, null, null, null, List.of(target("./App/s2", null, "2"))))));
        assertEquals(List.of(200, 200, 404, 215), codes());
        assertTrue(tree.node(NodePath.of("./App/s1")).isPresent());
        assertTrue(tree.node(NodePath.of("./App/s2")).isEmpty());
    }

    @Test
    void aLargeObjectIsAcceptedChunkByChunkAndCheckedAgainstMetaSize() {
        CommandProcessor p = processor(true);
        String b64 = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        // split the b64 text where a b64 group does not end, as peers do
        String part1 = b64.substring(0, 7);
        String part2 = b64.substring(7);
        run(p, new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(new Item(Location.of("./App/Big"),
                null, Meta.format("b64").withSize((long) b64.length()), Data.text(part1), true))));
        assertTrue(p.awaitingChunk());
        run(p, new ItemCommand(Verb.ADD, "2", false, null, null, null, List.of(new Item(Location.of("./App/Big"),
                null, Meta.format("b64"), Data.text(part2), false))));
        assertEquals(List.of(213, 200), codes());
        assertEquals("0123456789abcdef", tree.node(NodePath.of("./App/Big")).orElseThrow().valueAsText());
    }

    /** A leaf that takes large values as they arrive: what it was given, in how many pieces, and how it ended. */
    private static final class Streamed implements ManagedObject {
        final java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        int pieces;
        String ended = "open";

        @Override
        public java.util.Optional<Node> node(NodePath path) {
            return path.toString().equals("./Store/Blob")
                    ? java.util.Optional.of(Node.leaf(path, "", "bin", "application/octet-stream", "", false))
                    : java.util.Optional.empty();
        }

        @Override
        public List<String> children(NodePath path) {
            return List.of("Blob");
        }

        @Override
        public java.util.Optional<ValueSink> sink(NodePath path, String format, Long declaredSize) {
            return java.util.Optional.of(new ValueSink() {
                @Override
                public java.util.Optional<TreeResult> append(byte[] bytes) {
                    got.writeBytes(bytes);
                    pieces++;
                    return java.util.Optional.empty();
                }

                @Override
                public TreeResult complete() {
                    ended = "complete";
                    return TreeResult.of(StatusCode.OK);
                }

                @Override
                public void abort() {
                    ended = "aborted";
                }
            });
        }
    }

    private Streamed mountStreamed() {
        tree.put(Node.interior(NodePath.of("./Store"), "Get=srv&Replace=srv", false));
        tree.commit();
        Streamed mo = new Streamed();
        tree.mount(NodePath.of("./Store"), mo);
        return mo;
    }

    private static Command chunk(String id, String text, Meta meta, boolean more) {
        return new ItemCommand(Verb.REPLACE, id, false, null, null, null, List.of(new Item(
                Location.of("./Store/Blob"), null, meta, Data.text(text), more)));
    }

    @Test
    void aLargeObjectForALeafThatStreamsGoesOutAsItArrivesBeyondTheInMemoryLimit() {
        Streamed mo = mountStreamed();
        CommandProcessor p = processor(true); // holds at most 1 MB in memory
        byte[] value = new byte[1_500_000];
        new java.util.Random(4).nextBytes(value);
        String b64 = Base64.getEncoder().encodeToString(value);
        int a = 700_001;
        int b = 1_400_003; // neither ends a b64 group
        run(p, chunk("1", b64.substring(0, a), Meta.format("b64").withSize((long) b64.length()), true));
        run(p, chunk("2", b64.substring(a, b), Meta.format("b64"), true));
        run(p, chunk("3", b64.substring(b), Meta.format("b64"), false));
        assertEquals(List.of(213, 213, 200), codes());
        assertArrayEquals(value, mo.got.toByteArray());
        assertEquals(3, mo.pieces, "handed over chunk by chunk");
        assertEquals("complete", mo.ended);
    }

    @Test
    void aStreamedLargeObjectCutOffByAnotherCommandOrTheSessionsEndIsAborted() {
        Streamed mo = mountStreamed();
        CommandProcessor p = processor(true);
        run(p, chunk("1", "abcd", Meta.format("b64"), true));
        run(p, ItemCommand.of(Verb.GET, "2", Item.target("./App/Name")));
        assertEquals("aborted", mo.ended);
        mo.ended = "open";
        run(p, chunk("3", "abcd", Meta.format("b64"), true));
        p.abandon();
        assertEquals("aborted", mo.ended);
        assertFalse(p.awaitingChunk());
    }

    @Test
    void aLargeObjectOfTheWrongSizeIs424AndNotStored() {
        CommandProcessor p = processor(true);
        run(p, new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(new Item(Location.of("./App/Big"),
                null, Meta.format("chr").withSize(100L), Data.text("abc"), true))));
        run(p, new ItemCommand(Verb.ADD, "2", false, null, null, null, List.of(new Item(Location.of("./App/Big"),
                null, Meta.format("chr"), Data.text("def"), false))));
        assertEquals(List.of(213, 424), codes());
        assertTrue(tree.node(NodePath.of("./App/Big")).isEmpty());
    }

    @Test
    void anotherCommandBeforeTheLastChunkGetsAlert1225() {
        CommandProcessor p = processor(true);
        run(p, new ItemCommand(Verb.ADD, "1", false, null, null, null, List.of(new Item(Location.of("./App/Big"),
                null, Meta.format("chr"), Data.text("abc"), true))));
        run(p, ItemCommand.of(Verb.GET, "2", Item.target("./App/Name")));
        Alert alert = (Alert) out.stream().filter(c -> c instanceof Alert).findFirst().orElseThrow();
        assertEquals(1225, alert.code());
        assertTrue(tree.node(NodePath.of("./App/Big")).isEmpty());
    }

    @Test
    void aHeadlessGatewayShowsDisplayAlertsInItsLogAndDeclinesQuestions() {
        run(processor(true), new Alert("1", false, null, 1100, null, List.of(target("x", null, "MINDT=1"),
                target("y", null, "hello"))));
        run(processor(true), new Alert("2", false, null, 1101, null, List.of()));
        assertEquals(List.of(200, 406), codes());
    }

    @Test
    void noRespSuppressesTheStatus() {
        run(processor(true), new ItemCommand(Verb.REPLACE, "1", true, null, null, null,
                List.of(target("./App/Name", null, "quiet"))));
        assertTrue(out.isEmpty());
        assertEquals("quiet", tree.node(NodePath.of("./App/Name")).orElseThrow().valueAsText());
    }

    @Test
    void aServerMayNotSendStatusOrResultsAsCommandsForTheTree() {
        run(processor(true), new Results("1", "1", "1", null, null, null, List.of()));
        assertEquals(List.of(405), codes());
    }
}
