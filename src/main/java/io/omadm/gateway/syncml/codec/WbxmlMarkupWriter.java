package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.Meta;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes WBXML 1.2, UTF-8, with the SyncML 1.2 public id either as the number 0x1201 (the default, as libdmclient
 * and libwbxml write it) or as the formal public identifier in the string table (as the AOSP engine writes it).
 * Strings go inline (STR_I); a NUL character, which STR_I cannot hold, goes as an ENTITY.
 */
final class WbxmlMarkupWriter implements MarkupWriter {


    private byte[] buf = new byte[1024];
    private int len;
    private CodePage page = CodePage.SYNCML;
    /** Position of the tag byte just written while nothing has followed it yet, else -1. */
    private int openTag = -1;

    /** A SyncML 1.2 message, its public id as a number or as a string. */
    static WbxmlMarkupWriter syncml(boolean publicIdAsString) {
        return publicIdAsString
                ? new WbxmlMarkupWriter(WbxmlPublicId.SYNCML_1_2_FPI)
                : new WbxmlMarkupWriter(WbxmlPublicId.SYNCML_1_2);
    }

    private WbxmlMarkupWriter(int publicId) {
        put(0x02); // WBXML 1.2
        mbInt(publicId);
        put(WbxmlMarkupReader.CHARSET_UTF8);
        put(0x00); // empty string table
    }

    private WbxmlMarkupWriter(String fpi) {
        byte[] table = (fpi + "\0").getBytes(StandardCharsets.US_ASCII);
        put(0x02);
        put(0x00);
        put(0x00); // public id: string table index 0
        put(WbxmlMarkupReader.CHARSET_UTF8);
        mbInt(table.length);
        put(table, 0, table.length);
    }

    @Override
    public String tndsMediaType() {
        return Meta.TNDS_WBXML_TYPE;
    }

    /** TNDS goes in WBXML as a document of its own inside OPAQUE, as libwbxml writes and reads it. */
    @Override
    public MarkupWriter tndsDocument() {
        return new WbxmlMarkupWriter(WbxmlPublicId.DM_DDF_1_2_FPI);
    }

    @Override
    public void start(Tag tag) {
        openTag = -1;
        if (tag.page() != page) {
            put(WbxmlMarkupReader.SWITCH_PAGE);
            put(tag.page().number());
            page = tag.page();
        }
        openTag = len;
        put(tag.token() | 0x40);
    }

    @Override
    public void end() {
        if (openTag >= 0) {
            buf[openTag] &= ~0x40; // no content after all: an empty element needs no END
            openTag = -1;
        } else {
            put(WbxmlMarkupReader.END);
        }
    }

    @Override
    public void text(String s) {
        openTag = -1;
        int from = 0;
        for (int nul; (nul = s.indexOf('\0', from)) >= 0; from = nul + 1) {
            inlineString(s, from, nul);
            put(WbxmlMarkupReader.ENTITY);
            put(0x00);
        }
        inlineString(s, from, s.length());
    }

    @Override
    public void opaque(byte[] bytes) {
        openTag = -1;
        put(WbxmlMarkupReader.OPAQUE);
        mbInt(bytes.length);
        put(bytes, 0, bytes.length);
    }

    @Override
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void inlineString(String s, int from, int to) {
        if (from == to) {
            return;
        }
        put(WbxmlMarkupReader.STR_I);
        utf8(s, from, to);
        put(0x00);
    }

    /** UTF-8 straight into the buffer; an unpaired surrogate is refused rather than silently replaced by '?'. */
    private void utf8(String s, int from, int to) {
        ensure((to - from) * 3);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[len++] = (byte) c;
            } else if (c < 0x800) {
                buf[len++] = (byte) (0xC0 | (c >> 6));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= to || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    throw new SyncMLEncodeException("unpaired surrogate U+" + Integer.toHexString(c) + " in a string");
                }
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[len++] = (byte) (0xF0 | (cp >> 18));
                buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                buf[len++] = (byte) (0xE0 | (c >> 12));
                buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[len++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void mbInt(int value) {
        int shift = 28;
        while (shift > 0 && (value >>> shift) == 0) {
            shift -= 7;
        }
        for (; shift > 0; shift -= 7) {
            put(0x80 | ((value >>> shift) & 0x7F));
        }
        put(value & 0x7F);
    }

    private void put(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
