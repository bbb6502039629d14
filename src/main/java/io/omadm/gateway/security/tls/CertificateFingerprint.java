package io.omadm.gateway.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The SHA-256 fingerprint of a certificate, as browsers show it (what an operator compares the first time a client
 * shows the gateway's certificate). JDK classes only, apart from {@link SelfSignedCertificate}: that one needs
 * BouncyCastle, whose signed jar costs a signature check when its first class loads, which a start that finds its
 * certificate made need not pay.
 */
public final class CertificateFingerprint {

    private CertificateFingerprint() {
    }

    /** Of the (first) certificate of a PEM file; "unreadable (why)" when it cannot be read. */
    public static String ofPem(Path pemFile) {
        try {
            String pem = Files.readString(pemFile);
            int end = pem.indexOf("-----END CERTIFICATE-----");
            String first = end < 0 ? pem : pem.substring(0, end);
            return of(Base64.getMimeDecoder().decode(first.replaceAll("-----[A-Z ]+-----", "")));
        } catch (IOException | IllegalArgumentException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    static String of(byte[] der) {
        try {
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
