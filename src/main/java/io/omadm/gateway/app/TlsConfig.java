package io.omadm.gateway.app;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The site's TLS certificate and key (PEM, or a PKCS12 key store); without them a self-signed pair is made at the
 * first start.
 */
public interface TlsConfig {
    Optional<String> certFile();

    Optional<String> keyFile();

    /** A PKCS12 key store with the key and certificate chain, instead of the PEM files. */
    Optional<String> keyStoreFile();

    Optional<String> keyStorePassword();

    /** The CAs (PEM) of the client certificates operators' machines may sign in with; empty = none. */
    Optional<String> clientCaFile();

    /** How often the files are read again, so that a renewed certificate is served without a restart. */
    @WithDefault("1h")
    Duration reloadPeriod();
}
