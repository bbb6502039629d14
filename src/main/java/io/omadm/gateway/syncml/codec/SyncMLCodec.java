package io.omadm.gateway.syncml.codec;

import io.omadm.gateway.syncml.SyncMLMessage;
import io.omadm.gateway.syncml.codec.SyncMLDecodeException.Problem;

/**
 * Decodes and encodes SyncML DM messages in XML or WBXML. Stateless and thread-safe. Decoding never throws anything
 * but {@link SyncMLDecodeException}, whatever the input.
 */
public final class SyncMLCodec {

    private final boolean wbxmlPublicIdAsString;

    /** Writes WBXML with the numeric public id 0x1201. */
    public SyncMLCodec() {
        this(false);
    }

    /** @param wbxmlPublicIdAsString write the SyncML 1.2 public id as a string-table FPI, as the AOSP engine does */
    public SyncMLCodec(boolean wbxmlPublicIdAsString) {
        this.wbxmlPublicIdAsString = wbxmlPublicIdAsString;
    }

    public SyncMLMessage decode(byte[] bytes, Encoding encoding) throws SyncMLDecodeException {
        return decode(bytes, encoding, DecodeLimits.DEFAULT);
    }

    public SyncMLMessage decode(byte[] bytes, Encoding encoding, DecodeLimits limits) throws SyncMLDecodeException {
        if (bytes == null || bytes.length == 0) {
            // an HTTP request without a body comes as null: the same refusal as an empty one
            throw new SyncMLDecodeException(Problem.MALFORMED, "the message is empty");
        }
        if (bytes.length > limits.maxMessageSize()) {
            throw new SyncMLDecodeException(Problem.TOO_LARGE, "the message has " + bytes.length
                    + " bytes, more than the " + limits.maxMessageSize() + " allowed (MaxMsgSize)");
        }
        MarkupReader reader = encoding == Encoding.WBXML
                ? new WbxmlMarkupReader(bytes, limits)
                : new XmlMarkupReader(bytes, limits);
        return new SyncMLReader(reader, limits).readMessage();
    }

    public byte[] encode(SyncMLMessage message, Encoding encoding) {
        MarkupWriter writer = encoding == Encoding.WBXML
                ? WbxmlMarkupWriter.syncml(wbxmlPublicIdAsString)
                : new XmlMarkupWriter();
        new SyncMLWriter(writer).write(message);
        return writer.toByteArray();
    }
}
