package io.omadm.gateway.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's configuration keys (DESIGN §3.2). Every key has a default that starts the gateway with no external
 * service: with no {@code gateway.server.url} it runs standalone, without DM sessions.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    Server server();

    /** ./DevInfo/DevId */
    @WithDefault("gw-omadm-gateway")
    String devId();

    Identity identity();

    @WithDefault("./data")
    String dataDir();

    Db db();

    Backup backup();

    Adapters adapters();

    Notification notification();

    Bootstrap bootstrap();

    Inventory inventory();

    Images images();

    SecurityConfig security();

    /** The HTTPS port of the operator API, console and metrics (the DM faces are served there too). */
    @WithDefault("8443")
    int httpsPort();

    TlsConfig tls();

    interface Inventory {
        /** A device not seen for this long counts as detached. */
        @WithDefault("5m")
        Duration liveness();

        /** How often silent devices are looked for. */
        @WithDefault("30s")
        Duration sweepInterval();

        /** How often adaptation devices on Modbus TCP and OPC UA are probed for presence between commands. */
        @WithDefault("1m")
        Duration probeInterval();

        /** Inventory changes within this window go in one DeviceInventoryUpdate alert. */
        @WithDefault("2s")
        Duration alertWindow();

        /** How long a device's presence history (attached, detached, ...) is kept. */
        @WithDefault("30d")
        Duration presenceRetention();
    }

    MqttConfig mqtt();

    OpcUaConfig opcua();

    SparkplugConfig sparkplug();

    Demo demo();

    Transparent transparent();

    Fanout fanout();

    Proxy proxy();

    interface Adapters {
        /** Integrators' adapter routes (*.yaml) and device profiles. */
        @WithDefault("./adapters")
        String dir();

        /** How long a DM command waits for an adapter before it fails with 500. */
        @WithDefault("10s")
        Duration timeout();

        /** Adapter calls in flight at once, all devices together (more wait in a queue of 1000, then are refused). */
        @WithDefault("256")
        int concurrency();

        /** How often adapter routes and device profiles are checked for edits (taken in without a restart). */
        @WithDefault("5s")
        Duration reloadInterval();

        Reconnect reconnect();

        /**
         * How a lost device connection (a PLC, an OPC UA server, the MQTT broker) is made again: the wait after the
         * first failed attempt, multiplied at each further one up to the ceiling. Commands during the wait fail at
         * once; the first command after it tries again.
         */
        interface Reconnect {
            @WithDefault("500ms")
            Duration initialDelay();

            @WithDefault("2")
            double multiplier();

            @WithDefault("5s")
            Duration maxDelay();
        }
    }

    interface Bootstrap {
        /** A DM bootstrap message (WBXML or XML) applied to ./DMAcc once at start, then renamed *.applied. */
        Optional<String> file();
    }

    interface Fanout {
        /** Threads running fanout commands, all jobs together. */
        @WithDefault("32")
        int threads();

        /** Fanout commands in flight at once on one southbound connection (a PLC, an OPC UA server, the broker). */
        @WithDefault("4")
        int perConnection();

        /** Fanout commands in flight at once through the MQTT broker (all MQTT devices together). */
        @WithDefault("256")
        int perBroker();

        Retry retry();

        /** How a device that fails is tried again, for a job that says nothing of it. */
        interface Retry {
            /** Tries in all (1: no retry), up to 10. */
            @WithDefault("1")
            int attempts();

            /** The wait between two tries of a device. */
            @WithDefault("1s")
            Duration backoff();

            /** The DM statuses of a device's answer that are tried again (others are final at once). */
            @WithDefault("500,503")
            List<Integer> statuses();
        }
    }

    interface Images {
        /**
         * How the devices behind the gateway reach its HTTP port, for the URI of stored images
         * (http://192.168.1.2:8080); empty = this machine's first site-local address and the HTTP port.
         */
        Optional<String> baseUrl();

        /** Who may download stored images without a token: CIDR blocks (the private and loopback ranges). */
        @WithDefault("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,fe80::/10")
        String allow();

        /** Downloads (Operations/Download) running at once. */
        @WithDefault("4")
        int downloads();
    }

    interface Transparent {
        /** The same Package 0 is forwarded to a device once within this window (replay protection); 0 = off. */
        @WithDefault("5m")
        Duration replayWindow();
    }

    /** The demo site: simulated devices of every adaptation protocol, on 127.0.0.1 (profile "demo"). */
    interface Demo {
        @WithDefault("false")
        boolean enabled();

        /** The demo MQTT 5 broker; gateway.mqtt.url must name it (the demo profile does). */
        @WithDefault("18830")
        int mqttPort();

        @WithDefault("15020")
        int modbusPort();

        @WithDefault("48400")
        int opcuaPort();
    }

    Southbound southbound();

    Audit audit();

    /** The audit trail of changes (docs/security.md). */
    interface Audit {
        /** How long an audit event is kept. */
        @WithDefault("365d")
        Duration retention();
    }

    /** The gateway as DM server of proxy-mode devices (POST /dm). */
    interface Southbound {
        /**
         * Who may register by announcing itself on /dm: pending (recorded, waits to be accepted), closed (only devices
         * the operator, a profile or the DM server created), credential (those that sign in with the site's enrolment
         * secret) or open (anyone; for a lab).
         */
        @WithDefault("pending")
        String registration();

        Pending pending();

        Auth auth();

        Enrolment enrolment();

        /** Registration policy credential: the site's secret that devices enrol with. */
        interface Enrolment {
            /** At least 16 characters; a device signs in with its DevId and this, then gets credentials of its own. */
            Optional<String> secret();
        }

        /** Devices that send wrong credentials. */
        interface Auth {
            /** Wrong credentials (401) within the lockout period before a device is refused (HTTP 429). */
            @WithDefault("5")
            int maxFailures();

            /** How long a device stays refused, and the window its failures are counted in. */
            @WithDefault("5m")
            Duration lockout();
        }

        interface Pending {
            /** Pending devices the inventory holds at most; more announcements are refused until some are handled. */
            @WithDefault("1000")
            int max();

            /** New pending devices per minute at most. */
            @WithDefault("60")
            int perMinute();
        }
    }

    interface Proxy {
        /** How long a northbound command waits for a proxy/adaptation result before answering 202. */
        @WithName("wait")
        @WithDefault("10s")
        Duration resultWait();

        /**
         * A command a proxy-mode device has not answered within this time (it never came, the wake-up did not reach
         * it) ends with 408, reported to the server like an answer.
         */
        @WithDefault("24h")
        Duration expiry();

        /**
         * How long an answered command stays readable under its device (the operator's commands list, the server's
         * ProxyResult node) before it is deleted: the queue keeps every command until then.
         */
        @WithDefault("30d")
        Duration retention();
    }

    interface Server {
        /** The upstream DM server; empty = standalone. */
        Optional<String> url();

        @WithDefault("dm-server")
        String id();

        /** How the gateway authenticates: basic, md5, hmac. */
        @WithDefault("md5")
        String auth();

        @WithDefault("gateway")
        String username();

        Optional<String> password();

        /** The server's SRVCRED secret: it authenticates the server and signs Package 0. */
        Optional<String> serverPassword();

        /** Initial nonces, base64. */
        Optional<String> clientNonce();

        Optional<String> serverNonce();

        /** xml or wbxml. */
        @WithDefault("wbxml")
        String encoding();

        /** Client-initiated sessions on this schedule (0 = only at start and when alerts are queued). */
        @WithDefault("1h")
        Duration sessionInterval();

        @WithDefault("30s")
        Duration timeout();

        Optional<String> trustStore();

        Optional<String> trustStorePassword();

        @WithDefault("PKCS12")
        String trustStoreType();

        /** The gateway's client certificate and key, shown when the DM server asks for one (mutual TLS). */
        Optional<String> keyStore();

        Optional<String> keyStorePassword();

        @WithDefault("PKCS12")
        String keyStoreType();
    }

    interface Identity {
        @WithDefault("OMA DM Gateway project")
        String man();

        @WithDefault("omadm-gateway")
        String mod();

        @WithDefault("1.2")
        String dmV();

        @WithDefault("en")
        String lang();

        @WithDefault("gateway")
        String devTyp();

        @WithDefault("OMA DM Gateway project")
        String oem();

        @WithDefault("n/a")
        String fwV();

        @WithDefault("0.1.0")
        String swV();

        @WithDefault("n/a")
        String hwV();
    }

    interface Backup {
        /** Where online backups are written; empty: {@code backups} under gateway.data-dir. */
        Optional<String> dir();

        /** How many backups are kept: the oldest beyond this are removed when a new one is made. */
        @WithDefault("7")
        int keep();
    }

    interface Db {
        /** Empty: an H2 file under gateway.data-dir. */
        Optional<String> url();

        @WithDefault("sa")
        String user();

        Optional<String> password();

        @WithDefault("8")
        int maxConnections();
    }

    interface Notification {
        /** UDP port for Package 0 (2948 is the DM push port); 0 = off. */
        @WithDefault("2948")
        int udpPort();
    }
}
