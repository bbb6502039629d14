package io.omadm.gateway.syncml;

import io.omadm.gateway.syncml.ItemCommand.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Generates arbitrary DM messages over the whole model (every command, nesting, Meta field, Data form), for the
 * codec round-trip properties. Identifier-like fields hold no surrounding whitespace (the decoder trims them, as
 * peers pad them); Data keeps whatever it is given.
 */
public final class ModelGen {
    private ModelGen() {
    }

    /** @param binary also generate what only WBXML can carry: opaque bytes and NUL characters */
    public static Gen<SyncMLMessage> messages(boolean binary) {
        return in -> new Draw(in, binary).message();
    }

    private static final String TOKEN_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./:-_?=&%+<>\"'#@~é中";
    private static final String[] TEXT_PIECES = {
        "a", "Z", "0", " ", "  ", "\t", "\n", "\r\n", "<", ">", "&", "&amp;", "\"", "'", "]]>", "<![CDATA[", "é",
        "中文", "\u00A0", "\uD83D\uDE00", "./DevInfo/DevId", "MINDT=10", "true", "-1", "{\"k\":1}"};
    private static final String[] DDF_LEAVES = {"NodeName", "Path", "Value", "ACL", "DFTitle", "MIME", "DDFName",
        "Man", "Mod", "VerDTD", "Description", "DefaultValue", "Title", "TStamp", "VerNo", "Size"};
    private static final String[] DDF_EMPTY = {"chr", "int", "bool", "bin", "node", "b64", "xml", "Get", "Replace",
        "Permanent", "Dynamic", "One", "ZeroOrMore"};
    private static final String[] DDF_INNER = {"Node", "RTProperties", "DFProperties", "Format", "Type",
        "AccessType", "Scope", "Occurrence", "DFFormat", "DFType"};

    private static final class Draw {
        private final RandomnessSource in;
        private final boolean binary;
        private int cmdIds;

        Draw(RandomnessSource in, boolean binary) {
            this.in = in;
            this.binary = binary;
        }

        int between(int lo, int hi) {
            return (int) in.next(Constraint.between(lo, hi));
        }

        boolean chance(int percent) {
            return between(0, 99) < percent;
        }

        <T> T maybe(int percent, Supplier<T> s) {
            return chance(percent) ? s.get() : null;
        }

        <T> List<T> list(int min, int max, Supplier<T> s) {
            int n = between(min, max);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(s.get());
            }
            return out;
        }

        String token() {
            int n = between(1, 14);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(TOKEN_CHARS.charAt(between(0, TOKEN_CHARS.length() - 1)));
            }
            return sb.toString();
        }

        String text() {
            int n = between(0, 8);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(binary && chance(3) ? "\0" : TEXT_PIECES[between(0, TEXT_PIECES.length - 1)]);
            }
            return sb.toString();
        }

        String cmdId() {
            return Integer.toString(++cmdIds);
        }

        Long number() {
            return (long) between(0, Integer.MAX_VALUE);
        }

        SyncMLMessage message() {
            SyncHdr hdr = new SyncHdr("1.2", chance(50) ? "DM/1.2" : "DM/1.3", token(), token(), location(),
                    location(), maybe(30, this::token), chance(10), maybe(30, this::cred), maybe(40, this::meta));
            List<Command> commands = list(0, 6, () -> command(0, true));
            return new SyncMLMessage(hdr, new SyncBody(commands, chance(70)));
        }

        Location location() {
            return new Location(token(), maybe(30, this::token));
        }

        Cred cred() {
            return new Cred(maybe(80, this::meta), data(false));
        }

        Meta meta() {
            return new Meta(maybe(50, this::token), maybe(50, this::token), maybe(20, this::token),
                    maybe(20, this::number), maybe(10, this::token), maybe(20, this::token), maybe(20, this::number),
                    maybe(20, this::number));
        }

        Data data(boolean tndsAllowed) {
            int kind = between(0, 9);
            if (kind == 0 && tndsAllowed) {
                return new Data.Tnds(Element.of("MgmtTree", list(0, 3, () -> element(0)).toArray(Element[]::new)));
            }
            if (kind == 1 && binary) {
                byte[] bytes = new byte[between(0, 64)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) between(0, 255);
                }
                return Data.opaque(bytes);
            }
            return Data.text(text());
        }

        Element element(int depth) {
            return switch (depth >= 3 ? between(0, 1) : between(0, 2)) {
                case 0 -> Element.leaf(DDF_LEAVES[between(0, DDF_LEAVES.length - 1)], token());
                case 1 -> Element.empty(DDF_EMPTY[between(0, DDF_EMPTY.length - 1)]);
                default -> new Element(DDF_INNER[between(0, DDF_INNER.length - 1)],
                        list(1, 3, () -> element(depth + 1)), null);
            };
        }

        Item item() {
            return new Item(maybe(60, this::location), maybe(40, this::location), maybe(30, this::meta),
                    maybe(70, () -> data(true)), chance(10));
        }

        Command command(int depth, boolean inBody) {
            int kind = between(0, depth < 2 ? 10 : 8);
            if (!inBody && kind <= 1) {
                kind = 2; // Status and Results stand only in SyncBody
            }
            return switch (kind) {
                case 0 -> new Status(cmdId(), token(), token(), token(), list(0, 2, this::token),
                        list(0, 2, this::token), maybe(10, this::cred), maybe(20, () -> new Chal(meta())),
                        between(100, 599), list(0, 2, this::item));
                case 1 -> new Results(cmdId(), maybe(70, this::token), token(), maybe(50, this::meta),
                        maybe(30, this::token), maybe(30, this::token), list(0, 3, this::item));
                case 2 -> new Alert(cmdId(), chance(10), maybe(10, this::cred), between(1100, 1226),
                        maybe(30, this::token), list(0, 3, this::item));
                case 9 -> new Atomic(cmdId(), chance(10), maybe(20, this::meta),
                        list(0, 3, () -> command(depth + 1, false)));
                case 10 -> new Sequence(cmdId(), chance(10), maybe(20, this::meta),
                        list(0, 3, () -> command(depth + 1, false)));
                default -> {
                    Verb verb = Verb.values()[kind - 3];
                    yield new ItemCommand(verb, cmdId(), chance(10), maybe(10, this::cred), maybe(40, this::meta),
                            verb == Verb.EXEC ? maybe(50, this::token) : null, list(0, 3, this::item));
                }
            };
        }
    }
}
