package io.omadm.gateway.adaptation.sparkplug;

/**
 * A node or device born: its DevId, its address on the broker (its topic) and the facts its birth's metrics gave
 * (manufacturer, model, firmware; null where the birth has none), as the inventory records them.
 */
public record Birth(String devId, String address, String man, String model, String fwV) {
}
