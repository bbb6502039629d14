package io.omadm.gateway.syncml;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The DM 1.2 alert codes (spec notes §2.4). */
public enum AlertCode {
    DISPLAY(1100),
    CONFIRM_OR_REJECT(1101),
    TEXT_INPUT(1102),
    SINGLE_CHOICE(1103),
    MULTIPLE_CHOICE(1104),
    SERVER_INITIATED_MGMT(1200),
    CLIENT_INITIATED_MGMT(1201),
    NEXT_MESSAGE(1222),
    SESSION_ABORT(1223),
    CLIENT_EVENT(1224),
    NO_END_OF_DATA(1225),
    GENERIC_ALERT(1226);

    private static final Map<Integer, AlertCode> BY_CODE = new HashMap<>();

    static {
        for (AlertCode a : values()) {
            BY_CODE.put(a.code, a);
        }
    }

    private final int code;

    AlertCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<AlertCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** 1100-1104: user-interaction alerts that a device answers with 200, 304, 214 or 408. */
    public boolean isUserInteraction() {
        return code >= 1100 && code <= 1104;
    }
}
