package io.omadm.gateway.auth;

import java.util.Locale;
import java.util.Optional;

/**
 * The SyncML DM authentication schemes the gateway speaks, by their Meta Type in Cred/Chal and their DMAcc
 * AAuthType name (spec notes §3.2-3.5).
 */
public enum AuthType {
    BASIC("syncml:auth-basic", "BASIC"),
    MD5("syncml:auth-md5", "DIGEST"),
    /** HMAC-MD5 integrity: the MAC travels in the x-syncml-hmac HTTP header, never in Cred. */
    HMAC("syncml:auth-MAC", "HMAC");

    private final String metaType;
    private final String aAuthType;

    AuthType(String metaType, String aAuthType) {
        this.metaType = metaType;
        this.aAuthType = aAuthType;
    }

    public String metaType() {
        return metaType;
    }

    /** The value of ./DMAcc/x/AppAuth/y/AAuthType for this scheme. */
    public String aAuthType() {
        return aAuthType;
    }

    /** Peers differ in case (syncml:auth-MAC, syncml:auth-mac). */
    public static Optional<AuthType> ofMetaType(String type) {
        if (type == null) {
            return Optional.empty();
        }
        String t = type.trim().toLowerCase(Locale.ROOT);
        for (AuthType a : values()) {
            if (a.metaType.toLowerCase(Locale.ROOT).equals(t)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The config name ({@code gateway.server.auth}: basic, md5, hmac) or the AAuthType (BASIC, DIGEST, HMAC). */
    public static Optional<AuthType> ofName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "basic" -> Optional.of(BASIC);
            case "md5", "digest" -> Optional.of(MD5);
            case "hmac", "mac" -> Optional.of(HMAC);
            default -> Optional.empty();
        };
    }
}
