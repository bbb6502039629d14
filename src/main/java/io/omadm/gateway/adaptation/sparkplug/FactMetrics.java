package io.omadm.gateway.adaptation.sparkplug;

/**
 * The birth metrics whose values are a node's or device's manufacturer, model and firmware version in the inventory
 * (a null name: not taken from the birth). The defaults are the names Ignition and Tahu edge nodes use.
 */
public record FactMetrics(String man, String model, String fwV) {

    public static final FactMetrics DEFAULT = new FactMetrics("Properties/Hardware Make", "Properties/Hardware Model",
            "Properties/FW Version");
}
