package io.omadm.gateway.names;

import java.util.List;

/**
 * Every GwMO node name, MOID and alert type the gateway uses, in one place. PROVISIONAL: the GwMO 1.0 technical
 * specification and its DDFs were not available (spec notes §1.2); these follow OMA naming style and DESIGN §3.3,
 * and are to be replaced here, and only here, by the official names.
 */
public final class GwmoNames {
    private GwmoNames() {
    }

    public static final String ROOT = "./GwMO";

    public static final String GW_CONFIG = ROOT + "/GwConfig";
    public static final String DEFAULT_MODE = "DefaultMode";
    public static final String NEW_DEVICE_ALERT = "NewDeviceAlert";
    /** Whether attach/detach changes are reported too (DI-005 "when configured"). */
    public static final String PRESENCE_ALERT = "PresenceAlert";
    public static final String IMAGE_STORAGE = "ImageStorage";
    public static final String IMAGE_QUOTA_MB = "ImageQuotaMB";

    public static final String DEV_INVENTORY = ROOT + "/DevInventory";
    /** Under a device's record: its own tree, as its profile maps it (adaptation) or as it holds it (proxy). */
    public static final String DEVICE_TREE = "Tree";
    public static final String DEV_INVENTORY_SUMMARY = ROOT + "/DevInventorySummary";
    public static final String GROUPS = ROOT + "/Groups";
    /** ./GwMO/Fanout/&lt;f&gt;/{Targets/{Group, DevIds, Filter}, Cmd/&lt;n&gt;/{Op, Path, Data, Format}, Timeout,
     * Retry/{Attempts, Backoff, Statuses}, Operations/{Start, Cancel}, Status, Progress,
     * Results/&lt;n&gt;/{DevId, Status, Data, Attempts}} (FORA-001/002). */
    public static final String FANOUT = ROOT + "/Fanout";
    public static final String FANOUT_TARGETS = "Targets";
    public static final String TARGET_GROUP = "Group";
    public static final String TARGET_DEV_IDS = "DevIds";
    /** Not in DESIGN §3.3: the "filter over the inventory" (status=...&amp;mode=...&amp;model=...&amp;group=...). */
    public static final String TARGET_FILTER = "Filter";
    public static final List<String> FANOUT_TARGET_LEAVES = List.of(TARGET_GROUP, TARGET_DEV_IDS,
            TARGET_FILTER);
    public static final String FANOUT_CMD = "Cmd";
    public static final String CMD_OP = "Op";
    public static final String CMD_PATH = "Path";
    public static final String DATA = "Data";
    public static final String CMD_FORMAT = "Format";
    public static final List<String> FANOUT_CMD_LEAVES = List.of(CMD_OP, CMD_PATH, DATA,
            CMD_FORMAT);
    /** Not in DESIGN §3.3: the job's timeout in seconds. */
    public static final String FANOUT_TIMEOUT = "Timeout";
    /**
     * Not in DESIGN §3.3: how a device that fails is tried again: Attempts (tries in all), Backoff (ms between two),
     * Statuses (the DM statuses retried, comma separated).
     */
    public static final String FANOUT_RETRY = "Retry";
    public static final String RETRY_ATTEMPTS = "Attempts";
    public static final String RETRY_BACKOFF = "Backoff";
    public static final String RETRY_STATUSES = "Statuses";
    public static final List<String> FANOUT_RETRY_LEAVES = List.of(RETRY_ATTEMPTS, RETRY_BACKOFF, RETRY_STATUSES);
    /** Not in DESIGN §3.3: Results/&lt;n&gt;/Attempts, how many times the device was tried. */
    public static final String RESULT_ATTEMPTS = "Attempts";
    public static final String FANOUT_PROGRESS = "Progress";
    public static final String FANOUT_RESULTS = "Results";
    public static final String START = "Start";
    /** Not in DESIGN §3.3: Exec stops a running job. */
    public static final String CANCEL = "Cancel";
    /** ./GwMO/EDTrigger/&lt;t&gt;/{DevId, Notification, Operations/Send, Status}: Package 0 for a device (TMode-001). */
    public static final String ED_TRIGGER = ROOT + "/EDTrigger";
    public static final String DEV_ID = "DevId";
    public static final String NOTIFICATION = "Notification";
    public static final String OPERATIONS = "Operations";
    public static final String SEND = "Send";
    public static final String STATUS = "Status";

    /** ./GwMO/ImageInventory/&lt;i&gt;/{ID, Source, URI, Sha256, Size, Status, Data, Operations/Download}
     * (DCIS-001/002). Data (write-only: the package itself) is not in DESIGN §3.3. */
    public static final String IMAGE_INVENTORY = ROOT + "/ImageInventory";
    public static final String IMAGE_ID = "ID";
    public static final String IMAGE_SOURCE = "Source";
    public static final String IMAGE_URI = "URI";
    public static final String IMAGE_SHA256 = "Sha256";
    public static final String IMAGE_SIZE = "Size";
    public static final String DOWNLOAD = "Download";

    /**
     * ./GwMO/Bootstrap/&lt;b&gt;/{DevId, Target(gateway|server), ServerId, Operations/Send, Status} (HLF-005/006).
     * Not in DESIGN §3.3: AuthType (basic|md5|hmac), Pin (signs the message), and for Target server the server's
     * ServerAddr, ClientSecret and ServerSecret; Pin and the secrets can be written, never read.
     */
    public static final String BOOTSTRAP = ROOT + "/Bootstrap";
    public static final String BOOTSTRAP_TARGET = "Target";
    public static final String BOOTSTRAP_SERVER_ID = "ServerId";
    public static final String BOOTSTRAP_AUTH_TYPE = "AuthType";
    public static final String BOOTSTRAP_PIN = "Pin";
    public static final String BOOTSTRAP_SERVER_ADDR = "ServerAddr";
    public static final String BOOTSTRAP_CLIENT_SECRET = "ClientSecret";
    public static final String BOOTSTRAP_SERVER_SECRET = "ServerSecret";

    public static final String MOID_GW_CONFIG = "urn:oma:mo:oma-gwmo-gwconfig:1.0";
    public static final String MOID_DEV_INVENTORY = "urn:oma:mo:oma-gwmo-devinventory:1.0";
    public static final String MOID_DEV_INVENTORY_SUMMARY = "urn:oma:mo:oma-gwmo-devinventorysummary:1.0";
    public static final String MOID_GROUPS = "urn:oma:mo:oma-gwmo-group:1.0";
    public static final String MOID_FANOUT = "urn:oma:mo:oma-gwmo-fanout:1.0";
    public static final String MOID_ED_TRIGGER = "urn:oma:mo:oma-gwmo-edtrigger:1.0";
    public static final String MOID_IMAGE_INVENTORY = "urn:oma:mo:oma-gwmo-imageinventory:1.0";
    public static final String MOID_BOOTSTRAP = "urn:oma:mo:oma-gwmo-bootstrap:1.0";

    public static final String ALERT_DEVICE_INVENTORY_UPDATE = "urn:oma:at:gwmo:1.0:DeviceInventoryUpdate";
    public static final String ALERT_FANOUT_COMPLETE = "urn:oma:at:gwmo:1.0:FanoutComplete";
    public static final String ALERT_PROXY_RESULT = "urn:oma:at:gwmo:1.0:ProxyResult";
    public static final String ALERT_IMAGE_STORED = "urn:oma:at:gwmo:1.0:ImageStored";
}
