package io.omadm.gateway.gwmo;

import io.omadm.gateway.images.ImageEntry;
import io.omadm.gateway.images.Images;
import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.syncml.StatusCode;
import io.omadm.gateway.tree.ManagedObject;
import io.omadm.gateway.tree.Node;
import io.omadm.gateway.tree.NodePath;
import io.omadm.gateway.tree.TreeResult;
import io.omadm.gateway.tree.ValueSink;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * ./GwMO/ImageInventory/&lt;i&gt; (GwMO-DCIS-001/002, DESIGN §3.3; names provisional): Add &lt;i&gt; makes an entry;
 * the server sets ID, Source, and the Sha256 and Size it expects, then either Replaces Data with the package (a
 * large object across messages is assembled by the session first) or Execs Operations/Download (202, then an
 * ImageStored alert with the Exec's Correlator). Once stored, Sha256 and Size are the stored image's and URI its
 * local URL; Status is empty, downloading, stored or failed. Deleting an entry lets go of its image.
 */
public final class ImageInventoryObject implements ManagedObject {

    private static final List<String> LEAVES = List.of(GwmoNames.IMAGE_ID, GwmoNames.IMAGE_SOURCE,
            GwmoNames.IMAGE_URI, GwmoNames.IMAGE_SHA256, GwmoNames.IMAGE_SIZE, GwmoNames.STATUS, GwmoNames.DATA,
            GwmoNames.OPERATIONS);

    private final NodePath root;
    private final Images images;

    public ImageInventoryObject(NodePath root, Images images) {
        this.root = root;
        this.images = images;
    }

    @Override
    public Optional<Node> node(NodePath path) {
        List<String> rel = path.relativeTo(root);
        Optional<ImageEntry> found = images.catalog().find(rel.get(0));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ImageEntry e = found.get();
        if (rel.size() == 1) {
            return Optional.of(Node.interior(path, "", false));
        }
        if (rel.size() == 3) {
            return rel.get(1).equals(GwmoNames.OPERATIONS) && rel.get(2).equals(GwmoNames.DOWNLOAD)
                    ? leaf(path, "", "chr") : Optional.empty();
        }
        if (rel.size() != 2) {
            return Optional.empty();
        }
        return switch (rel.get(1)) {
            case GwmoNames.OPERATIONS -> Optional.of(Node.interior(path, "", false));
            case GwmoNames.IMAGE_ID -> leaf(path, nullToEmpty(e.imageId()), "chr");
            case GwmoNames.IMAGE_SOURCE -> leaf(path, nullToEmpty(e.source()), "chr");
            case GwmoNames.IMAGE_URI -> leaf(path, e.stored() ? images.uri(e.sha256()) : "", "chr");
            case GwmoNames.IMAGE_SHA256 -> leaf(path, nullToEmpty(e.stored() ? e.sha256() : e.wantSha256()), "chr");
            case GwmoNames.IMAGE_SIZE -> leaf(path, e.stored() ? Long.toString(e.size())
                    : e.wantSize() == null ? "" : Long.toString(e.wantSize()), "int");
            case GwmoNames.STATUS -> leaf(path, e.status() + (e.detail() == null ? "" : ": " + e.detail()), "chr");
            case GwmoNames.DATA -> leaf(path, "", "bin");
            default -> Optional.empty();
        };
    }

    @Override
    public List<String> children(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.isEmpty()) {
            return images.catalog().list().stream().map(ImageEntry::entryId).toList();
        }
        if (images.catalog().find(rel.get(0)).isEmpty()) {
            return List.of();
        }
        if (rel.size() == 1) {
            return LEAVES;
        }
        return rel.size() == 2 && rel.get(1).equals(GwmoNames.OPERATIONS) ? List.of(GwmoNames.DOWNLOAD) : List.of();
    }

    @Override
    public Optional<TreeResult> read(NodePath path) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 2 && rel.get(1).equals(GwmoNames.DATA)) {
            return Optional.of(TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Data is write-only: devices fetch"
                    + " the image from URI"));
        }
        return Optional.empty();
    }

    @Override
    public TreeResult add(NodePath path, boolean interior, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 1) {
            return result(images.create(rel.get(0), null, null, null, null));
        }
        if (rel.size() == 2 && rel.get(1).equals(GwmoNames.OPERATIONS)) {
            return TreeResult.of(StatusCode.OK); // always there
        }
        return replace(path, value, format, type);
    }

    @Override
    public TreeResult replace(NodePath path, byte[] value, String format, String type) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() != 2) {
            return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED);
        }
        String id = rel.get(0);
        byte[] bytes = value == null ? new byte[0] : value;
        String v = new String(bytes, StandardCharsets.UTF_8).trim();
        return switch (rel.get(1)) {
            case GwmoNames.DATA -> result(images.ingest(id, new ByteArrayInputStream(bytes)));
            case GwmoNames.IMAGE_ID -> result(images.describe(id, v, null, null, null));
            case GwmoNames.IMAGE_SOURCE -> result(images.describe(id, null, v, null, null));
            case GwmoNames.IMAGE_SHA256 -> result(images.describe(id, null, null, v, null));
            case GwmoNames.IMAGE_SIZE -> {
                try {
                    yield result(images.describe(id, null, null, null, Long.parseLong(v)));
                } catch (NumberFormatException e) {
                    yield TreeResult.of(StatusCode.BAD_REQUEST, "Size is a number of bytes, not '" + v + "'");
                }
            }
            default -> TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "an image entry is described by ID, Source,"
                    + " Sha256 and Size, and filled by Data or Operations/Download; URI and Status are read-only");
        };
    }

    /** Data sent as a large object goes to the image store as it arrives, not through memory. */
    @Override
    public Optional<ValueSink> sink(NodePath path, String format, Long declaredSize) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() != 2 || !rel.get(1).equals(GwmoNames.DATA)) {
            return Optional.empty();
        }
        Images.Upload upload = images.upload(rel.get(0));
        return Optional.of(new ValueSink() {
            @Override
            public Optional<TreeResult> append(byte[] bytes) {
                return upload.append(bytes).map(ImageInventoryObject::result);
            }

            @Override
            public TreeResult complete() {
                return result(upload.finish());
            }

            @Override
            public void abort() {
                upload.cancel();
            }
        });
    }

    @Override
    public TreeResult delete(NodePath path) {
        List<String> rel = path.relativeTo(root);
        return rel.size() == 1 ? result(images.delete(rel.get(0)))
                : TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "delete a whole image entry");
    }

    @Override
    public TreeResult exec(NodePath path, byte[] data, String correlator) {
        List<String> rel = path.relativeTo(root);
        if (rel.size() == 3 && rel.get(1).equals(GwmoNames.OPERATIONS) && rel.get(2).equals(GwmoNames.DOWNLOAD)) {
            return result(images.download(rel.get(0), correlator));
        }
        return TreeResult.of(StatusCode.COMMAND_NOT_ALLOWED, "Exec Operations/Download");
    }

    private static TreeResult result(Images.Outcome o) {
        return new TreeResult(o.status(), List.of(), o.message());
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Optional<Node> leaf(NodePath path, String value, String format) {
        return Optional.of(Node.leaf(path, value, format, "text/plain", "", false));
    }
}
