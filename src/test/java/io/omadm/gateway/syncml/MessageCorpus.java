package io.omadm.gateway.syncml;

import io.omadm.gateway.syncml.ItemCommand.Verb;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Typical DM messages covering every element of the model, shared by the codec tests, the interop tests with
 * independent tools and the benchmarks; the same messages are files in src/test/resources/syncml/corpus
 * ({@code CorpusFilesTest} keeps the two equal).
 */
public final class MessageCorpus {
    private MessageCorpus() {
    }

    static final Location SERVER = new Location("http://127.0.0.1:8080/dm", null);
    static final Location GATEWAY = new Location("IMEI:490154203237518", "gateway");

    /** Package 1: client-initiated session, MD5 Cred, MaxMsgSize, DevInfo Replace, a Generic Alert. */
    public static SyncMLMessage package1() {
        SyncHdr hdr = SyncHdr.of("1A", "1", SERVER, GATEWAY)
                .withCred(new Cred(Meta.format("b64").withType("syncml:auth-md5"),
                        Data.text("Zz6EivR3yeaaENcRN6lpAQ==")))
                .withMeta(Meta.EMPTY.withMaxMsgSize(16384L).withMaxObjSize(1048576L));
        Meta chr = Meta.format("chr").withType("text/plain");
        List<Command> cmds = List.of(
                Alert.of("1", AlertCode.CLIENT_INITIATED_MGMT.code()),
                new ItemCommand(Verb.REPLACE, "2", false, null, null, null, List.of(
                        Item.source("./DevInfo/DevId", Data.text("IMEI:490154203237518")).withMeta(chr),
                        Item.source("./DevInfo/Man", Data.text("Acme <Industrial> & Sons")).withMeta(chr),
                        Item.source("./DevInfo/Mod", Data.text("GW-1")).withMeta(chr),
                        Item.source("./DevInfo/DmV", Data.text("1.2")).withMeta(chr),
                        Item.source("./DevInfo/Lang", Data.text("en-US")).withMeta(chr))),
                new Alert("3", false, null, AlertCode.GENERIC_ALERT.code(), "corr-42", List.of(
                        new Item(null, Location.of("./GwMO/Fanout/f1"),
                                Meta.format("xml").withType("urn:oma:at:gwmo:1.0:FanoutComplete")
                                        .withMark("critical"),
                                Data.text("<Result ok=\"3\" failed=\"0\"/>"), false))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, true));
    }

    /** Package 2: a server message with Status, challenge, RespURI and ten management commands. */
    public static SyncMLMessage package2() {
        SyncHdr hdr = SyncHdr.of("1A", "1", GATEWAY.withoutName(), Location.of("https://dm.example.com/dm"))
                .withRespUri("https://dm.example.com/dm?s=1A&c=93b2");
        Meta chr = Meta.format("chr").withType("text/plain");
        List<Command> cmds = List.of(
                Status.of("1", "1", "0", "SyncHdr", StatusCode.AUTHENTICATION_ACCEPTED.code())
                        .withRefs(List.of("http://127.0.0.1:8080/dm"), List.of("IMEI:490154203237518"))
                        .withChal(new Chal(Meta.format("b64").withType("syncml:auth-md5")
                                .withNextNonce("ZG9iZWhhdmUNCg=="))),
                Status.of("2", "1", "1", "Alert", 200),
                Status.of("3", "1", "2", "Replace", 200),
                ItemCommand.of(Verb.GET, "4", Item.target("./DevDetail/FwV"), Item.target("./DevDetail/SwV")),
                new ItemCommand(Verb.REPLACE, "5", false, null, chr, null,
                        List.of(new Item(Location.of("./GwMO/GwConfig/DefaultMode"), null, null,
                                Data.text("adaptation"), false))),
                new ItemCommand(Verb.ADD, "6", false, null, null, null, List.of(
                        new Item(Location.of("./GwMO/Groups/line1"), null, Meta.format("node"), null, false))),
                ItemCommand.of(Verb.DELETE, "7", Item.target("./GwMO/Groups/old")),
                new ItemCommand(Verb.EXEC, "8", false, null, null, "fanout-7",
                        List.of(Item.target("./GwMO/Fanout/f1/Operations/Start"))),
                new ItemCommand(Verb.COPY, "9", false, null, null, null, List.of(new Item(
                        Location.of("./GwMO/DevInventory/plc7/Tree/SetPoint"),
                        Location.of("./GwMO/DevInventory/plc6/Tree/SetPoint"), null, null, false))),
                new Atomic("10", false, null, List.of(
                        new ItemCommand(Verb.REPLACE, "11", false, null, Meta.format("int"), null,
                                List.of(new Item(Location.of("./GwMO/DevInventory/plc7/Tree/Speed"), null, null,
                                        Data.text("1200"), false))),
                        new ItemCommand(Verb.REPLACE, "12", false, null, Meta.format("bool"), null,
                                List.of(new Item(Location.of("./GwMO/DevInventory/plc7/Tree/Run"), null, null,
                                        Data.text("true"), false))))),
                new Sequence("13", true, null, List.of(
                        new Alert("14", false, null, AlertCode.DISPLAY.code(), null, List.of(
                                new Item(null, null, null, Data.text("MINDT=10"), false),
                                new Item(null, null, null, Data.text("Firmware update in progress"), false))),
                        ItemCommand.of(Verb.GET, "15", Item.target("./DevInfo/DevId")))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, true));
    }

    /** Package 3: the client's Status for each command and Results for the Gets, with a large-object chunk. */
    public static SyncMLMessage package3() {
        SyncHdr hdr = SyncHdr.of("1A", "2", SERVER, GATEWAY);
        Meta chr = Meta.format("chr").withType("text/plain");
        List<Command> cmds = List.of(
                Status.of("1", "1", "0", "SyncHdr", 200)
                        .withRefs(List.of("IMEI:490154203237518"), List.of("https://dm.example.com/dm")),
                Status.of("2", "1", "4", "Get", 200),
                new Status("3", "1", "5", "Replace", List.of("./GwMO/GwConfig/DefaultMode"), List.of(), null, null,
                        StatusCode.PERMISSION_DENIED.code(), List.of()),
                Status.of("4", "1", "8", "Exec", StatusCode.ACCEPTED.code()),
                new Results("5", "1", "4", chr, null, null, List.of(
                        Item.source("./DevDetail/FwV", Data.text("2.4.1")),
                        Item.source("./DevDetail/SwV", Data.text("gw-0.1.0")))),
                new Results("6", "1", "15", Meta.format("b64").withType("application/octet-stream").withSize(5000L),
                        null, null, List.of(new Item(null, Location.of("./GwMO/ImageInventory/i1/Data"), null,
                        Data.text("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo="), true))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, true));
    }

    /** An Add of a whole subtree as TNDS (the bootstrap style, spec notes §7). */
    public static SyncMLMessage tndsAdd() {
        Element tree = Element.of("MgmtTree",
                Element.leaf("VerDTD", "1.2"),
                Element.of("Node",
                        Element.leaf("NodeName", "gw"),
                        Element.leaf("Path", "./DMAcc"),
                        Element.of("RTProperties",
                                Element.of("Format", Element.empty("node")),
                                Element.leaf("ACL", "Get=*&Replace=srv1"),
                                Element.of("Type", Element.leaf("DDFName", "org.openmobilealliance/1.0/w7"))),
                        Element.of("Node",
                                Element.leaf("NodeName", "ServerID"),
                                Element.of("RTProperties", Element.of("Format", Element.empty("chr"))),
                                Element.leaf("Value", "gateway.local"))));
        SyncHdr hdr = SyncHdr.of("0", "0", Location.of("IMEI:1"), Location.of("gateway.local"));
        List<Command> cmds = List.of(new ItemCommand(Verb.ADD, "1", false, null,
                Meta.format("xml").withType("application/vnd.syncml.dmtnds+xml"), null,
                List.of(new Item(Location.of("./Inbox"), null, null, new Data.Tnds(tree), false))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, true));
    }

    /** A message that is not the last of its package (no Final) and asks for the next one (Alert 1222). */
    public static SyncMLMessage nextMessage() {
        SyncHdr hdr = new SyncHdr("1.2", SyncHdr.PROTO_DM_1_3, "FFFF", "3", SERVER, GATEWAY, null, true, null,
                Meta.EMPTY.withVersion("1.3"));
        List<Command> cmds = List.of(
                Status.of("1", "2", "0", "SyncHdr", 200),
                new Alert("2", true, null, AlertCode.NEXT_MESSAGE.code(), null, List.of(
                        new Item(Location.of("http://127.0.0.1:8080/dm"), Location.of("IMEI:490154203237518"),
                                null, null, false))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, false));
    }

    /** A binary value as WBXML OPAQUE (XML cannot carry it raw). */
    public static SyncMLMessage opaqueBinary() {
        SyncHdr hdr = SyncHdr.of("2", "1", SERVER, GATEWAY);
        byte[] image = new byte[256];
        for (int i = 0; i < image.length; i++) {
            image[i] = (byte) i;
        }
        List<Command> cmds = List.of(new ItemCommand(Verb.REPLACE, "1", false, null,
                Meta.format("bin").withType("application/octet-stream").withSize(256L), null,
                List.of(new Item(Location.of("./GwMO/ImageInventory/i1/Data"), null, null, Data.opaque(image),
                        false))));
        return new SyncMLMessage(hdr, new SyncBody(cmds, true));
    }

    /** Every message that XML can carry as well as WBXML, by name. */
    public static Map<String, SyncMLMessage> textual() {
        return Map.of(
                "package1", package1(),
                "package2", package2(),
                "package3", package3(),
                "tnds-add", tndsAdd(),
                "next-message", nextMessage());
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
