package io.omadm.gateway.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where device records and groups are kept. Every write is durable when it returns. Contract: DevIds and node names
 * are unique ({@link #save} replaces the record with the same DevId); deleting a device takes it out of every group;
 * a group member must name a device that exists.
 */
public interface DeviceStore {

    Optional<DeviceRecord> find(String devId);

    Optional<DeviceRecord> findByNodeName(String nodeName);

    /** The records of those devices that exist, by DevId, in one read. */
    Map<String, DeviceRecord> find(Collection<String> devIds);

    /** Inserts or replaces the record with this DevId. */
    void save(DeviceRecord record);

    /** Saves every record as {@link #save} would, in one transaction: all or none. */
    void saveAll(Collection<DeviceRecord> records);

    /** Moves lastSeen on (epoch millis by DevId) for devices still attached, in one write; older values are ignored. */
    void touch(Map<String, Long> lastSeen);

    /** False when there was no such device. */
    boolean delete(String devId);

    /** Devices matching the filter, ordered by DevId. */
    Page<DeviceRecord> list(DeviceFilter filter, int offset, int limit);

    /**
     * Up to {@code limit} devices matching the filter whose DevId comes after {@code after} (null: from the first),
     * ordered by DevId: a walk over the whole inventory, page by page, that neither counts nor skips what it has read.
     */
    List<DeviceRecord> listAfter(DeviceFilter filter, String after, int limit);

    /** Every device matching the filter, in DevId order, read {@code pageSize} at a time with {@link #listAfter}. */
    default void forEachMatching(DeviceFilter filter, int pageSize, Consumer<DeviceRecord> each) {
        List<DeviceRecord> page;
        String after = null;
        do {
            page = listAfter(filter, after, pageSize);
            page.forEach(each);
            after = page.isEmpty() ? null : page.get(page.size() - 1).devId();
        } while (page.size() == pageSize);
    }

    InventorySummary summary();

    /** Every device seen before {@code epochMillis} (or never) and still attached: candidates for detaching. */
    List<DeviceRecord> attachedNotSeenSince(long epochMillis);

    List<DeviceGroup> groups();

    Optional<DeviceGroup> group(String name);

    /** Creates or renames a group (its members stay). */
    void saveGroup(String name, String displayName);

    boolean deleteGroup(String name);

    /** Adds a member; false when the group or the device does not exist or the member node name is taken. */
    boolean addMember(String group, String memberNode, String devId);

    boolean removeMember(String group, String memberNode);

    /** The groups a device is in. */
    List<String> groupsOf(String devId);

    /** The groups of several devices at once (a page of a listing), by DevId; devices in no group are absent. */
    Map<String, List<String>> groupsOf(Collection<String> devIds);
}
