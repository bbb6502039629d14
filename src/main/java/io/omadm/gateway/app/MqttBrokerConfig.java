package io.omadm.gateway.app;

import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How the gateway connects to one MQTT broker of the site: the keys of gateway.mqtt.* and of each named broker. */
public interface MqttBrokerConfig {
    /** The broker (tcp:// or ssl://); for the default broker empty = none. */
    Optional<String> url();

    /** The MQTT version the gateway speaks to it: 5 or 3.1.1. */
    @WithDefault("5")
    String version();

    /** The client id the gateway connects with; empty = one made up at each start. */
    Optional<String> clientId();

    /** The user name the broker knows the gateway by; empty = none. */
    Optional<String> username();

    /** Its password (a secret: give it by the environment, GATEWAY_MQTT_PASSWORD). */
    Optional<String> password();

    /** For ssl://: the CAs (PEM) that sign the broker's certificate; empty = the JVM's. */
    Optional<String> caFile();

    /** For ssl:// brokers that ask for a client certificate: the gateway's certificate (PEM). */
    Optional<String> clientCertFile();

    /** Its private key (PEM, unencrypted; keep the file readable by the gateway only). */
    Optional<String> clientKeyFile();

    /** For ssl://: the broker's host name must be the one its certificate names. */
    @WithDefault("true")
    boolean verifyHostName();

    /** The MQTT keep-alive interval. */
    @WithDefault("60s")
    Duration keepAlive();

    /** A clean session at each connection (true), or one the broker keeps (false: needs a fixed client-id). */
    @WithDefault("true")
    boolean cleanStart();
}
