package io.omadm.gateway.images;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.GenericAlert;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a Download Exec: one ImageStored Generic Alert with the Exec's Correlator, whose item (Format chr) is
 * JSON: the entry, its status (stored or failed), the DM status, and when stored the hash, size and local URI.
 */
final class ImageStoredAlert {


    private ImageStoredAlert() {
    }

    static GenericAlert of(ImageEntry entry, Images.Outcome outcome, String uri, String correlator) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("entry", entry.entryId());
        body.put("id", entry.imageId());
        body.put("status", entry.status());
        body.put("dmStatus", outcome.status());
        if (entry.stored()) {
            body.put("sha256", entry.sha256());
            body.put("size", entry.size());
            body.put("uri", uri);
        } else {
            body.put("reason", outcome.message());
        }
        return GenericAlert.json(correlator, GwmoNames.IMAGE_INVENTORY + "/" + entry.entryId(),
                GwmoNames.ALERT_IMAGE_STORED, body);
    }
}
