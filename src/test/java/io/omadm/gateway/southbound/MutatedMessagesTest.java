package io.omadm.gateway.southbound;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omadm.gateway.syncml.MessageCorpus;
import io.omadm.gateway.syncml.codec.Encoding;
import io.omadm.gateway.syncml.codec.SyncMLCodec;
import io.omadm.gateway.testing.Mutations;
import io.omadm.gateway.testing.SharedDir;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Mutated messages at POST /dm, over HTTP as a hostile network would send them: real clients' Package 1 and the
 * corpus, in XML and WBXML, mutated byte by byte. Not one answer may be a 5xx, and the gateway stays healthy. The
 * suite sends 4,000; {@code -Ddm.mutations=100000} sends as many (the figure in docs/security.md).
 */
@QuarkusTest
class MutatedMessagesTest {

    private static final Logger LOG = Logger.getLogger(MutatedMessagesTest.class.getName());
    private static final int MESSAGES = Integer.getInteger("dm.mutations", 4000);

    @TestHTTPResource("/dm")
    URL dm;

    private static List<byte[]> seeds(Encoding e) throws Exception {
        SyncMLCodec codec = new SyncMLCodec();
        List<byte[]> seeds = new ArrayList<>();
        MessageCorpus.textual().values().forEach(m -> seeds.add(codec.encode(m, e)));
        seeds.add(Files.readAllBytes(SharedDir.require(e == Encoding.XML ? "interop/libdmclient-pkg1.xml"
                : "interop/libdmclient-pkg1.wbxml")));
        if (e == Encoding.XML) {
            seeds.add(Files.readAllBytes(SharedDir.require("interop/koneki-pkg1.xml")));
        }
        return seeds;
    }

    @Test
    void noMutatedMessageIsAnsweredWithA5xx() throws Exception {
        Random random = new Random(20261205L);
        Map<Encoding, List<byte[]>> seeds = Map.of(Encoding.XML, seeds(Encoding.XML), Encoding.WBXML,
                seeds(Encoding.WBXML));
        HttpClient http = HttpClient.newHttpClient();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            Encoding e = i % 2 == 0 ? Encoding.XML : Encoding.WBXML;
            List<byte[]> s = seeds.get(e);
            byte[] body = s.get(random.nextInt(s.size()));
            for (int r = 1 + random.nextInt(4); r > 0; r--) {
                body = Mutations.mutate((lo, hi) -> lo + random.nextInt(hi - lo + 1), body, s);
            }
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(dm.toString()))
                    .header("Content-Type", e == Encoding.XML ? "application/vnd.syncml.dm+xml"
                            : "application/vnd.syncml.dm+wbxml")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            byStatus.merge(answer.statusCode(), 1, Integer::sum);
            if (answer.statusCode() >= 500 && failures.size() < 5) {
                failures.add(answer.statusCode() + " " + answer.body());
            }
            if (answer.statusCode() >= 400) {
                assertTrue(!answer.body().contains("Exception") && !answer.body().contains("\tat "),
                        "no exception class or stack trace in an answer: " + answer.body());
            }
        }
        LOG.info(MESSAGES + " mutated messages at /dm, answers by HTTP status: " + byStatus);
        assertEquals(List.of(), failures, "answers by status: " + byStatus);
        assertTrue(byStatus.getOrDefault(200, 0) > 0 && byStatus.getOrDefault(400, 0) > 0,
                "both kinds of answer: " + byStatus);
        given().auth().none().get("/q/health/ready").then().statusCode(200);
    }
}
