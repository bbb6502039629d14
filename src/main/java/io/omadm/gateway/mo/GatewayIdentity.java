package io.omadm.gateway.mo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Who the gateway is, for ./DevInfo and ./DevDetail (spec notes §5.1, §5.2). */
public record GatewayIdentity(String devId, String man, String mod, String dmV, String lang, String devTyp,
        String oem, String fwV, String swV, String hwV) {

    public GatewayIdentity {
        Objects.requireNonNull(devId, "devId");
    }

    /** The DevInfo leaves Package 1 reports, in the order of the spec. */
    public Map<String, String> devInfo() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("DevId", devId);
        m.put("Man", man);
        m.put("Mod", mod);
        m.put("DmV", dmV);
        m.put("Lang", lang);
        return m;
    }
}
