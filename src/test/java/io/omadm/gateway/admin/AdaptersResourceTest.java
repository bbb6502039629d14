package io.omadm.gateway.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The YAML of an adapter file as the API shows it: secrets replaced, everything else and every line kept. */
class AdaptersResourceTest {

    @Test
    void secretsInAnAdapterFileAreNeverShown() {
        String yaml = String.join("\n",
                "- route:",
                "    from:",
                "      uri: \"paho-mqtt5:plant/#?brokerUrl=ssl://broker:8883&userName=gw&password=s3cret\"",
                "      parameters:",
                "        password: hunter2",
                "        apiKey: 'abc123'",
                "        clientId: gw-1",
                "    to: \"https://gw:topsecret@historian.plant/api\"",
                "  Temperature: {address: \"{devId}/temperature\", format: float}",
                "");
        assertEquals(String.join("\n",
                "- route:",
                "    from:",
                "      uri: \"paho-mqtt5:plant/#?brokerUrl=ssl://broker:8883&userName=gw&password=********\"",
                "      parameters:",
                "        password: ********",
                "        apiKey: ********",
                "        clientId: gw-1",
                "    to: \"https://gw:********@historian.plant/api\"",
                "  Temperature: {address: \"{devId}/temperature\", format: float}",
                ""), AdaptersResource.redacted(yaml));
    }
}
