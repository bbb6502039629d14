package io.omadm.gateway.northbound;

import io.omadm.gateway.syncml.Alert;
import io.omadm.gateway.syncml.AlertCode;
import io.omadm.gateway.syncml.Data;
import io.omadm.gateway.syncml.Item;
import io.omadm.gateway.syncml.Location;
import io.omadm.gateway.syncml.Meta;

/** Writes a queued {@link GenericAlert} as the Alert 1226 command of spec notes §2.6. */
final class GenericAlerts {
    private GenericAlerts() {
    }

    static Alert toCommand(GenericAlert alert) {
        return new Alert("0", false, null, AlertCode.GENERIC_ALERT.code(), alert.correlator(),
                alert.items().stream().map(e -> {
                    Meta meta = Meta.format(e.format()).withType(e.type());
                    if (e.mark() != null) {
                        meta = meta.withMark(e.mark());
                    }
                    return new Item(null, e.sourceUri() == null ? null : Location.of(e.sourceUri()), meta,
                            Data.text(e.data()), false);
                }).toList());
    }
}
