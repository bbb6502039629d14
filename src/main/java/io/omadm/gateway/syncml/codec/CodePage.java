package io.omadm.gateway.syncml.codec;

import java.util.Locale;

/**
 * The three WBXML code pages of a DM message and the XML namespace each one stands for (spec notes §6.1).
 */
public enum CodePage {
    SYNCML(0, "SYNCML:SYNCML1.2"),
    METINF(1, "syncml:metinf"),
    DDF(2, "syncml:dmddf1.2");

    private final int number;
    private final String namespace;

    CodePage(int number, String namespace) {
        this.number = number;
        this.namespace = namespace;
    }

    public int number() {
        return number;
    }

    public String namespace() {
        return namespace;
    }

    static CodePage byNumber(int n) {
        return n >= 0 && n < values().length ? values()[n] : null;
    }

    /**
     * The page an XML namespace names, case-insensitively (peers write SYNCML:SYNCML1.2 and syncml:syncml1.2);
     * SyncML 1.1 documents (DM 1.1 clients) use the same page 0. Null for no or an unknown namespace.
     */
    static CodePage byNamespace(String uri) {
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        String u = uri.toLowerCase(Locale.ROOT);
        return switch (u) {
            case "syncml:syncml1.2", "syncml:syncml1.1" -> SYNCML;
            case "syncml:metinf" -> METINF;
            case "syncml:dmddf1.2" -> DDF;
            default -> null;
        };
    }
}
