package io.omadm.gateway.southbound;

import java.time.Duration;
import java.util.Optional;

/** Which proxy-mode devices are refused for now after too many wrong credentials, as the device records show it. */
public interface DeviceLockouts {

    /** How long the device stays refused; empty when it is not. */
    Optional<Duration> authLockedFor(String devId);
}
