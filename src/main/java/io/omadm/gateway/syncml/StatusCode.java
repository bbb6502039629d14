package io.omadm.gateway.syncml;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The DM 1.2 status codes (spec notes §2.3), plus 217 from DM 1.3. */
public enum StatusCode {
    OK(200, "OK"),
    ACCEPTED(202, "Accepted for processing"),
    AUTHENTICATION_ACCEPTED(212, "Authentication accepted"),
    CHUNKED_ITEM_ACCEPTED(213, "Chunked item accepted and buffered"),
    OPERATION_CANCELLED(214, "Operation cancelled"),
    NOT_EXECUTED(215, "Not executed"),
    ATOMIC_ROLLBACK_OK(216, "Atomic roll back OK"),
    OK_WITH_INHERITED_ACL(217, "OK with inherited ACL (DM 1.3)"),
    NOT_MODIFIED(304, "Not modified"),
    BAD_REQUEST(400, "Bad request"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    COMMAND_NOT_ALLOWED(405, "Command not allowed"),
    OPTIONAL_FEATURE_NOT_SUPPORTED(406, "Optional feature not supported"),
    AUTHENTICATION_REQUIRED(407, "Missing credentials"),
    REQUEST_TIMEOUT(408, "Request timeout"),
    INCOMPLETE_COMMAND(412, "Incomplete command"),
    REQUEST_ENTITY_TOO_LARGE(413, "Request entity too large"),
    URI_TOO_LONG(414, "URI too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type or format"),
    REQUESTED_SIZE_TOO_BIG(416, "Requested range not satisfiable"),
    ALREADY_EXISTS(418, "Already exists"),
    DEVICE_FULL(420, "Device full"),
    SIZE_MISMATCH(424, "Size mismatch"),
    PERMISSION_DENIED(425, "Permission denied"),
    COMMAND_FAILED(500, "Command failed"),
    SERVICE_UNAVAILABLE(503, "Service unavailable"),
    ATOMIC_FAILED(507, "Atomic failed"),
    DATA_STORE_FAILURE(510, "Data store failure"),
    ATOMIC_ROLLBACK_FAILED(516, "Atomic roll back failed"),
    ATOMIC_RESPONSE_TOO_LARGE(517, "Atomic response too large to fit");

    private static final Map<Integer, StatusCode> BY_CODE = new HashMap<>();

    static {
        for (StatusCode s : values()) {
            BY_CODE.put(s.code, s);
        }
    }

    private final int code;
    private final String reason;

    StatusCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public static Optional<StatusCode> of(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    /** 2xx: the command succeeded (possibly with a qualification such as 212 or 213). */
    public static boolean isSuccess(int code) {
        return code >= 200 && code < 300;
    }
}
