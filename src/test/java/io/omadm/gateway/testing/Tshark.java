package io.omadm.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Decodes WBXML with Wireshark's dissector (tshark), an implementation independent of ours and of libwbxml: the bytes
 * go in a pcap with a user link type mapped to "wbxml", and the dissector's rendering column (tags from its own
 * SyncML token tables, inline strings, opaque lengths) is turned back into an XML document.
 */
public final class Tshark {
    private static final Map<Integer, String> PAGE_NAMESPACES =
            Map.of(0, "SYNCML:SYNCML1.2", 1, "syncml:metinf", 2, "syncml:dmddf1.2");

    private Tshark() {
    }

    public static String wbxmlToXml(byte[] wbxml) throws Exception {
        Path tshark = ExternalTool.require("tshark", "tshark");
        Path text2pcap = ExternalTool.require("text2pcap", "tshark");
        Path hex = TempPaths.file("wbxml", ".hex");
        Path pcap = TempPaths.file("wbxml", ".pcap");
        try {
            Files.writeString(hex, hexDump(wbxml));
            ExternalTool.run(List.of(text2pcap.toString(), "-q", "-l", "147", hex.toString(), pcap.toString()));
            String out = ExternalTool.run(List.of(tshark.toString(), "-o",
                    "uat:user_dlts:\"User 0 (DLT=147)\",\"wbxml\",\"0\",\"\",\"0\",\"\"", "-r", pcap.toString(), "-V"));
            return renderingToXml(out);
        } finally {
            Files.deleteIfExists(hex);
            Files.deleteIfExists(pcap);
        }
    }

    /** The od-style dump text2pcap reads: an offset, then bytes. */
    private static String hexDump(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < bytes.length; i += 16) {
            sb.append(String.format("%06x", i));
            for (int j = i; j < Math.min(i + 16, bytes.length); j++) {
                sb.append(String.format(" %02x", bytes[j] & 0xFF));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Rows look like {@code  5 | Tag | T   1 | Known Tag 0x07 (.C) |   <Format>}; the last column renders the token. */
    static String renderingToXml(String tsharkOutput) {
        StringBuilder xml = new StringBuilder();
        Deque<Integer> pages = new ArrayDeque<>();
        boolean inTable = false;
        for (String line : tsharkOutput.split("\n")) {
            if (line.contains("Level | State | Codepage")) {
                inTable = true;
                continue;
            }
            if (!inTable) {
                continue;
            }
            if (line.trim().startsWith("-----")) {
                break;
            }
            String[] cols = line.split("\\|", 5);
            if (cols.length < 5) {
                continue;
            }
            String rendering = cols[4].trim();
            String codepage = cols[2].trim();
            if (rendering.startsWith("</")) {
                xml.append(rendering);
                pages.pop();
            } else if (rendering.startsWith("<")) {
                int page = Integer.parseInt(codepage.replaceAll("\\D", ""));
                boolean empty = rendering.endsWith("/>");
                String name = rendering.substring(1, rendering.length() - (empty ? 2 : 1));
                xml.append('<').append(name);
                if (pages.isEmpty() || pages.peek() != page) {
                    xml.append(" xmlns=\"").append(PAGE_NAMESPACES.get(page)).append('"');
                }
                xml.append(empty ? "/>" : ">");
                if (!empty) {
                    pages.push(page);
                }
            } else if (rendering.startsWith("'") && rendering.endsWith("'") && rendering.length() >= 2) {
                xml.append(escape(rendering.substring(1, rendering.length() - 1)));
            } else if (rendering.matches("\\(\\d+ bytes of opaque data\\)")) {
                xml.append("<!--").append(rendering).append("-->");
            }
        }
        return xml.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
