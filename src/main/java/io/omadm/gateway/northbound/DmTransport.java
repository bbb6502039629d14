package io.omadm.gateway.northbound;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** One HTTP(S) exchange with the DM server: POST a message, get the answer. */
public interface DmTransport {

    /** @param headers response headers, names in lower case */
    record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
    }

    Reply post(URI url, byte[] body, String contentType, Map<String, String> headers) throws IOException;
}
