package io.omadm.gateway.inventory;

/**
 * Which devices a listing wants; null fields match everything. {@code text} matches, case-insensitively, a part of the
 * DevId, manufacturer, model or address (an operator's search box).
 */
public record DeviceFilter(Presence status, Mode mode, String group, String model, String protocol, String text) {

    public static final DeviceFilter ALL = new DeviceFilter(null, null, null, null);

    public DeviceFilter(Presence status, Mode mode, String group, String model) {
        this(status, mode, group, model, null, null);
    }
}
