package io.omadm.gateway.fanout;

import io.omadm.gateway.names.GwmoNames;
import io.omadm.gateway.northbound.GenericAlert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The consolidated response of a job (GwMO-FORA-002): one FanoutComplete Generic Alert with the Correlator of the
 * server's Exec, whose item (Format chr) is JSON: the job, its end status, counts by DM status, and every device's
 * status and data (and how often it was tried, when more than once). A large one goes to the server as a large object across messages, as any alert does.
 */
final class FanoutAlert {

    private FanoutAlert() {
    }

    static GenericAlert of(FanoutJob job, List<DeviceResult> results) {
        Map<String, Integer> counts = new TreeMap<>();
        for (DeviceResult r : results) {
            counts.merge(String.valueOf(r.status()), 1, Integer::sum);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("job", job.id());
        body.put("status", job.status().value());
        body.put("total", job.total());
        body.put("counts", counts);
        body.put("results", results.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("devId", r.devId());
            m.put("status", r.status());
            if (r.data() != null) {
                m.put("data", r.data());
            }
            if (r.attempts() > 1) {
                m.put("attempts", r.attempts());
            }
            return m;
        }).toList());
        return GenericAlert.json(job.correlator(), GwmoNames.FANOUT + "/" + job.id(), GwmoNames.ALERT_FANOUT_COMPLETE,
                body);
    }
}
