package io.omadm.gateway.inventory;

/** Which devices a listing wants; null fields match everything. */
public record DeviceFilter(Presence status, Mode mode, String group, String model) {
    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null);
}
