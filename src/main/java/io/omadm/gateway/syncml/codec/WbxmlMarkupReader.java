package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a WBXML 1.1-1.3 SyncML DM document (spec notes §6): header, string table, code pages 0-2, inline and table
 * strings, entities and OPAQUE. Everything is bounds-checked against the input, so a hostile length never allocates
 * more than the message itself; attributes, literals, extensions and processing instructions are refused.
 */
final class WbxmlMarkupReader implements MarkupReader {

    static final int SWITCH_PAGE = 0x00;
    static final int END = 0x01;
    static final int ENTITY = 0x02;
    static final int STR_I = 0x03;
    static final int STR_T = 0x83;
    static final int OPAQUE = 0xC3;
    static final int CHARSET_UTF8 = 106;
    static final int CHARSET_US_ASCII = 3;

    private final byte[] in;
    private final int maxDepth;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int publicId;
    private String fpi;
    private int tableStart;
    private int tableLength;
    private CodePage page = CodePage.SYNCML;
    private int depth;
    private boolean rootSeen;
    private boolean pendingEnd;
    private Tag tag;
    private String text;
    private byte[] opaque;

    /** A SyncML DM message. */
    WbxmlMarkupReader(byte[] in, DecodeLimits limits) throws SyncMLDecodeException {
        this(in, limits.maxDepth(), false);
    }

    /** @param tnds read a TNDS document embedded in Data (public id {@value WbxmlPublicId#DM_DDF_1_2_FPI}) */
    WbxmlMarkupReader(byte[] in, int maxDepth, boolean tnds) throws SyncMLDecodeException {
        this(in, maxDepth);
        WbxmlPublicId.check(publicId, fpi, tnds);
    }

    private WbxmlMarkupReader(byte[] in, int maxDepth) throws SyncMLDecodeException {
        this.in = in;
        this.maxDepth = maxDepth;
        readHeaderFields();
    }

    /**
     * Whether opaque Data bytes are an embedded TNDS document, the way libwbxml and others carry a MgmtTree in WBXML:
     * a WBXML header whose string-table public id is the DM DDF one.
     */
    static boolean declaresTnds(byte[] bytes) {
        if (bytes.length < 4 || bytes[0] < 0x01 || bytes[0] > 0x03 || bytes[1] != 0x00) {
            return false; // not a WBXML header with a string public id: ordinary opaque data, no exception needed
        }
        try {
            return WbxmlPublicId.DM_DDF_1_2_FPI.equals(new WbxmlMarkupReader(bytes, 1).fpi);
        } catch (SyncMLDecodeException e) {
            return false;
        }
    }

    private void readHeaderFields() throws SyncMLDecodeException {
        int version = u8();
        if (version < 0x01 || version > 0x03) {
            throw new SyncMLDecodeException(Problem.UNSUPPORTED,
                    String.format("WBXML version byte 0x%02X: only WBXML 1.1-1.3 are accepted", version));
        }
        publicId = mbInt("public id");
        int publicIdIndex = publicId == 0 ? mbInt("public id string index") : -1;
        int charset = mbInt("charset");
        if (charset != CHARSET_UTF8 && charset != CHARSET_US_ASCII) {
            throw new SyncMLDecodeException(Problem.UNSUPPORTED,
                    "WBXML charset MIBenum " + charset + ": only UTF-8 (106) is accepted");
        }
        tableLength = mbInt("string table length");
        if (tableLength > in.length - pos) {
            throw malformed("the string table (" + tableLength + " bytes) is longer than the rest of the message");
        }
        tableStart = pos;
        pos += tableLength;
        fpi = publicIdIndex >= 0 ? tableString(publicIdIndex) : null;
    }

    // 65 lines: one switch over the WBXML global tokens (WBXML 1.3 §5.8.4), kept whole so each token reads in one place
    @Override
    public Event next() throws SyncMLDecodeException {
        if (pendingEnd) {
            pendingEnd = false;
            depth--;
            return Event.END;
        }
        while (true) {
            if (pos >= in.length) {
                if (rootSeen && depth == 0) {
                    return Event.END_DOCUMENT;
                }
                throw malformed("the message is truncated");
            }
            if (rootSeen && depth == 0) {
                throw malformed("bytes after the end of the root element");
            }
            int b = u8();
            switch (b) {
                case SWITCH_PAGE -> {
                    int n = u8();
                    page = CodePage.byNumber(n);
                    if (page == null) {
                        throw unsupported("code page " + n);
                    }
                }
                case END -> {
                    if (depth == 0) {
                        throw malformed("END without an open element");
                    }
                    depth--;
                    return Event.END;
                }
                case ENTITY -> {
                    int cp = mbInt("entity");
                    if (!Character.isValidCodePoint(cp)) {
                        throw malformed("entity U+" + Integer.toHexString(cp) + " is not a character");
                    }
                    text = new String(Character.toChars(cp));
                    return content(Event.TEXT);
                }
                case STR_I -> {
                    int end = nul(pos, in.length);
                    text = string(pos, end);
                    pos = end + 1;
                    return content(Event.TEXT);
                }
                case STR_T -> {
                    text = tableString(mbInt("string table index"));
                    return content(Event.TEXT);
                }
                case OPAQUE -> {
                    int len = mbInt("opaque length");
                    if (len > in.length - pos) {
                        throw malformed("OPAQUE of " + len + " bytes runs past the end of the message");
                    }
                    opaque = Arrays.copyOfRange(in, pos, pos + len);
                    pos += len;
                    return content(Event.OPAQUE);
                }
                default -> {
                    return startTag(b);
                }
            }
        }
    }

    private Event startTag(int b) throws SyncMLDecodeException {
        if ((b & 0x3F) < 0x05) {
            // 0x04 LITERAL, 0x40-0x44 EXT_I/PI/LITERAL_C, 0x80-0x84 EXT_T/LITERAL_A, 0xC0-0xC4 EXT/LITERAL_AC
            throw unsupported(String.format("WBXML global token 0x%02X", b));
        }
        if ((b & 0x80) != 0) {
            throw unsupported(String.format("attributes (tag byte 0x%02X): SyncML uses none", b));
        }
        Tag t = Tag.byToken(page, b & 0x3F);
        if (t == null) {
            throw malformed(String.format("unknown tag token 0x%02X on code page %d", b & 0x3F, page.number()));
        }
        if (rootSeen && depth == 0) {
            throw malformed("a second root element");
        }
        if (++depth > maxDepth) {
            throw new SyncMLDecodeException(Problem.TOO_LARGE, "elements nested deeper than " + maxDepth);
        }
        rootSeen = true;
        tag = t;
        pendingEnd = (b & 0x40) == 0;
        return Event.START;
    }

    private Event content(Event e) throws SyncMLDecodeException {
        if (depth == 0) {
            throw malformed("content outside the root element");
        }
        return e;
    }

    @Override
    public Tag tag() {
        return tag;
    }

    @Override
    public String text() {
        return text;
    }

    @Override
    public byte[] opaque() {
        return opaque;
    }

    @Override
    public SyncMLDecodeException malformed(String message) {
        return new SyncMLDecodeException(Problem.MALFORMED, "WBXML at byte " + pos + ": " + message);
    }

    private SyncMLDecodeException unsupported(String what) {
        return new SyncMLDecodeException(Problem.UNSUPPORTED, "WBXML at byte " + pos + ": unsupported " + what);
    }

    private int u8() throws SyncMLDecodeException {
        if (pos >= in.length) {
            throw malformed("the message is truncated");
        }
        return in[pos++] & 0xFF;
    }

    /** A WBXML mb_u_int32: at most 5 bytes, 7 bits each, high bit = more follows; capped at int range here. */
    private int mbInt(String what) throws SyncMLDecodeException {
        long value = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8();
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (value > Integer.MAX_VALUE) {
                    throw malformed(what + " " + value + " is out of range");
                }
                return (int) value;
            }
        }
        throw malformed(what + " is a multi-byte integer longer than 5 bytes");
    }

    private String tableString(int index) throws SyncMLDecodeException {
        if (index < 0 || index >= tableLength) {
            throw malformed("string table index " + index + " is outside the table of " + tableLength + " bytes");
        }
        int start = tableStart + index;
        int end = nul(start, tableStart + tableLength);
        return string(start, end);
    }

    private int nul(int from, int limit) throws SyncMLDecodeException {
        for (int i = from; i < limit; i++) {
            if (in[i] == 0) {
                return i;
            }
        }
        throw malformed("a string is not terminated");
    }

    private String string(int from, int to) throws SyncMLDecodeException {
        boolean ascii = true;
        for (int i = from; i < to && ascii; i++) {
            ascii = in[i] >= 0;
        }
        if (ascii) {
            return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(in, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a string is not valid UTF-8");
        }
    }
}
