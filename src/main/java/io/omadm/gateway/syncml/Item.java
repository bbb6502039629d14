package io.omadm.gateway.syncml;

/**
 * An Item of a command. {@code moreData} marks a large-object chunk that is not the last one (spec notes §2.7).
 * Every field but moreData is optional (null).
 */
public record Item(Location target, Location source, Meta meta, Data data, boolean moreData) {

    public static Item target(String locUri) {
        return new Item(Location.of(locUri), null, null, null, false);
    }

    public static Item source(String locUri, Data data) {
        return new Item(null, Location.of(locUri), null, data, false);
    }

    public Item withMeta(Meta newMeta) {
        return new Item(target, source, newMeta, data, moreData);
    }

    public Item withData(Data newData) {
        return new Item(target, source, meta, newData, moreData);
    }

    public Item withMoreData(boolean more) {
        return new Item(target, source, meta, data, more);
    }
}
