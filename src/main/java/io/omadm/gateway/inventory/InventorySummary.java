package io.omadm.gateway.inventory;

import java.util.Map;

/** The counts ./GwMO/DevInventorySummary shows (GwMO-DI-002); count is attached + detached + pending. */
public record InventorySummary(long count, long attached, long detached, long pending, Map<String, Long> byMode,
        Map<String, Long> byModel) {
    public InventorySummary {
        byMode = Map.copyOf(byMode);
        byModel = Map.copyOf(byModel);
    }
}
