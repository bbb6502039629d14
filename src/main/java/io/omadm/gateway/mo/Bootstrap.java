package io.omadm.gateway.mo;

import io.omadm.gateway.syncml.Command;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.ItemCommand;
import io.omadm.gateway.syncml.Meta;
import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.tree.DmTree;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.Tnds;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Logger;

/**
 * Applies a DM-profile bootstrap message to the gateway's own tree (spec notes §7.2): its Add and Replace commands
 * run as the gateway itself (no ACL, no response), with TNDS objects either at their target or, at ./Inbox, where
 * their MOID says (a DMAcc, org.openmobilealliance/1.0/w7, goes to ./DMAcc). Only ./DMAcc may be written: a
 * bootstrap sets accounts, nothing else. All of it applies or none of it does.
 */
public final class Bootstrap {

    private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());
    private static final NodePath INBOX = NodePath.of("./Inbox");
    private static final String DMACC_DDF_NAME = "org.openmobilealliance/1.0/w7";

    private Bootstrap() {
    }

    /** @return the paths written; throws with the reason when the message cannot be applied (nothing is) */
    public static List<NodePath> apply(DmTree tree, SyncMLMessage message) {
        int mark = tree.mark();
        List<NodePath> written = new ArrayList<>();
        try {
            for (Command c : message.body().commands()) {
                if (!(c instanceof ItemCommand ic) || (ic.verb() != ItemCommand.Verb.ADD
                        && ic.verb() != ItemCommand.Verb.REPLACE)) {
                    throw new IllegalArgumentException("a bootstrap holds Add and Replace only, not " + c.name());
                }
                for (Item item : ic.items()) {
                    Meta meta = item.meta() != null ? item.meta() : ic.meta() != null ? ic.meta() : Meta.EMPTY;
                    NodePath target = NodePath.parse(item.target() == null ? null : item.target().locUri())
                            .orElseThrow(() -> new IllegalArgumentException("an item without a valid Target"));
                    if (item.data() instanceof Data.Tnds tnds) {
                        boolean inbox = target.equals(INBOX);
                        for (Tnds.Described d : Tnds.nodes(tnds.mgmtTree(), inbox ? StandardObjects.DM_ACC
                                : target)) {
                            if (inbox && d.node().path().depth() == 2 && !DMACC_DDF_NAME.equals(d.ddfName())) {
                                throw new IllegalArgumentException("the Inbox object " + d.node().path().name()
                                        + " is not a DMAcc (" + d.ddfName() + ")");
                            }
                            write(tree, d.node(), written);
                        }
                    } else {
                        byte[] value = item.data() == null ? new byte[0]
                                : "b64".equals(meta.format()) ? Base64.getMimeDecoder().decode(item.data().asText())
                                : item.data().bytes();
                        String format = meta.format() == null ? "chr" : "b64".equals(meta.format()) ? "bin"
                                : meta.format();
                        boolean interior = format.equals("node");
                        write(tree, new Node(target, interior, interior ? null : value, format, meta.type(), "", null,
                                System.currentTimeMillis(), 0, false), written);
                    }
                }
            }
            tree.commit();
            LOG.info("bootstrap applied: " + written.size() + " nodes under ./DMAcc");
            return written;
        } catch (RuntimeException e) {
            tree.rollbackTo(mark);
            throw e;
        }
    }

    /**
     * Applies a bootstrap message file once (WBXML as the profile says, or XML), then renames it to *.applied so a
     * restart does not apply it again. A file that cannot be read or applied stays where it is, and the reason is
     * thrown for the caller to log.
     */
    public static List<NodePath> applyFile(DmTree tree, Path file) throws IOException, SyncMLDecodeException {
        byte[] bytes = Files.readAllBytes(file);
        Encoding encoding = bytes.length > 0 && bytes[0] >= 0x01 && bytes[0] <= 0x03 ? Encoding.WBXML : Encoding.XML;
        List<NodePath> written = apply(tree, new SyncMLCodec().decode(bytes, encoding));
        Files.move(file, file.resolveSibling(file.getFileName() + ".applied"), StandardCopyOption.REPLACE_EXISTING);
        return written;
    }

    private static void write(DmTree tree, Node n, List<NodePath> written) {
        if (!n.path().startsWith(StandardObjects.DM_ACC) || n.path().equals(StandardObjects.DM_ACC)) {
            throw new IllegalArgumentException("a bootstrap may only write below ./DMAcc, not " + n.path());
        }
        tree.put(n);
        written.add(n.path());
    }
}
