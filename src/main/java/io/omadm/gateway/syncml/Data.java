package io.omadm.gateway.syncml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The content of a Data element. XML carries text (escaped or CDATA); WBXML also carries OPAQUE bytes (binary values,
 * or text some clients send as opaque) and inline TNDS markup (code page 2).
 */
public sealed interface Data permits Data.Text, Data.Opaque, Data.Tnds {

    static Data text(String value) {
        return new Text(value);
    }

    static Data opaque(byte[] bytes) {
        return new Opaque(bytes);
    }

    /** The value as bytes: text as UTF-8, opaque as is, TNDS is not a byte value. */
    byte[] bytes();

    /** The value as text: opaque bytes read as UTF-8. */
    String asText();

    record Text(String value) implements Data {
        public Text {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public byte[] bytes() {
            return value.getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public String asText() {
            return value;
        }
    }

    /** Opaque bytes; the array is copied in and out so the record stays immutable. */
    record Opaque(byte[] value) implements Data {
        public Opaque {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] bytes() {
            return value.clone();
        }

        @Override
        public String asText() {
            return new String(value, StandardCharsets.UTF_8);
        }

        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Opaque other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Opaque[" + Base64.getEncoder().encodeToString(value) + "]";
        }
    }

    /** A TNDS tree ({@code MgmtTree}, namespace syncml:dmddf1.2) embedded as markup, for Add of a whole subtree. */
    record Tnds(Element mgmtTree) implements Data {
        public Tnds {
            Objects.requireNonNull(mgmtTree, "mgmtTree");
        }

        @Override
        public byte[] bytes() {
            throw new UnsupportedOperationException("TNDS data is markup, not a byte value");
        }

        @Override
        public String asText() {
            throw new UnsupportedOperationException("TNDS data is markup, not a text value");
        }
    }
}
