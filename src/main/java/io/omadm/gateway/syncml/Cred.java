package io.omadm.gateway.syncml;

import java.util.Objects;

/** Credentials in the SyncHdr: Meta names the auth type (syncml:auth-basic, syncml:auth-md5) and format (b64). */
public record Cred(Meta meta, Data data) {
    public Cred {
        Objects.requireNonNull(data, "data");
    }
}
