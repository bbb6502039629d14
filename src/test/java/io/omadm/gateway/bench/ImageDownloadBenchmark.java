package io.omadm.gateway.bench;

import static io.restassured.RestAssured.given;

import io.omadm.gateway.testing.ExternalTool;
import io.omadm.gateway.testing.GatewayProcess;
import io.omadm.gateway.testing.TempPaths;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Local distribution (issue 9): 100 concurrent downloads of one 64 MB image from the gateway ({@code gateway}) and of
 * the same file from Debian's nginx ({@code nginx}, sendfile on), both on loopback, in the same run; the gateway runs
 * as its own process at {@code -Xmx256m} (the packaged jar: {@code mvn package} first). The image reaches the gateway
 * by Operations/Download from that nginx; the ingest rate and the gateway's heap after the runs are written to
 * target/image-bench.txt. Run: {@code mvn -Pbench verify -Dbench.include=ImageDownloadBenchmark}. Needs nginx-light.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class ImageDownloadBenchmark {

    static final int SIZE = 64 * 1024 * 1024;
    static final int CLIENTS = 100;

    private Path work;
    private Process nginx;
    private String nginxUrl;
    private GatewayProcess gateway;
    private String gatewayUrl;
    private final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        QuietLogging.apply();
        work = TempPaths.dir("image-bench");
        Path www = Files.createDirectories(work.resolve("www"));
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(www.resolve("image.bin"))) {
            Random random = new Random(64);
            byte[] chunk = new byte[1024 * 1024];
            for (int i = 0; i < SIZE / chunk.length; i++) {
                random.nextBytes(chunk);
                sha.update(chunk);
                out.write(chunk);
            }
        }
        String hash = HexFormat.of().formatHex(sha.digest());
        int port = freePort();
        Files.writeString(work.resolve("nginx.conf"), "worker_processes 2;\ndaemon off;\npid " + work.resolve("nginx.pid")
                + ";\nerror_log " + work.resolve("error.log") + ";\nevents { worker_connections 1024; }\nhttp {\n"
                + "  access_log off;\n  sendfile on;\n  tcp_nopush on;\n  client_body_temp_path " + work + ";\n"
                + "  proxy_temp_path " + work + ";\n  fastcgi_temp_path " + work + ";\n"
                + "  server { listen 127.0.0.1:" + port + "; root " + www + "; }\n}\n");
        nginx = new ProcessBuilder(ExternalTool.require("nginx", "nginx-light").toString(), "-p", work.toString(), "-c",
                work.resolve("nginx.conf").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("nginx.out").toFile()).start();
        awaitPort(port);
        nginxUrl = "http://127.0.0.1:" + port + "/image.bin";

        gateway = GatewayProcess.start(Map.of("gateway.data-dir", work.resolve("data").toString(),
                "gateway.notification.udp-port", "0", "quarkus.log.level", "WARN",
                "gateway.images.base-url", "http://127.0.0.1:{port}"));
        String api = "http://127.0.0.1:" + gateway.httpPort() + "/api/v1/images";
        gateway.awaitOk("/api/v1/images");
        given().contentType(ContentType.JSON).body(Map.of("id", "bench", "source", nginxUrl, "sha256", hash, "size",
                SIZE)).post(api).then().statusCode(201);
        long t0 = System.nanoTime();
        given().post(api + "/bench/download").then().statusCode(202);
        while (!"stored".equals(given().get(api + "/bench").then().extract().path("status"))) {
            Thread.sleep(20);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        gatewayUrl = given().get(api + "/bench").then().extract().path("uri");
        Files.writeString(Path.of("target/image-bench.txt"), "ingest by Operations/Download of " + SIZE / (1024 * 1024)
                + " MB from nginx on loopback: " + ms + " ms, " + (SIZE / 1024 / 1024 * 1000L / Math.max(1, ms))
                + " MB/s\n");
    }

    @Benchmark
    public long gateway() throws Exception {
        return downloadAll(gatewayUrl);
    }

    @Benchmark
    public long nginx() throws Exception {
        return downloadAll(nginxUrl);
    }

    /** 100 clients fetch the whole image at once; each read byte counted, none kept. */
    private long downloadAll(String url) throws Exception {
        List<Future<Long>> all = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            all.add(clients.submit(() -> fetch(url)));
        }
        long total = 0;
        for (Future<Long> f : all) {
            long n = f.get(10, TimeUnit.MINUTES);
            if (n != SIZE) {
                throw new IllegalStateException(url + " gave " + n + " bytes, not " + SIZE);
            }
            total += n;
        }
        return total;
    }

    private static long fetch(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[64 * 1024];
            long n = 0;
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                n += r;
            }
            return n;
        } finally {
            c.disconnect();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        clients.shutdownNow();
        Process heap = new ProcessBuilder("jcmd", Long.toString(gateway.pid()), "GC.heap_info").redirectErrorStream(true)
                .start();
        String info = new String(heap.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Files.writeString(Path.of("target/image-bench.txt"), "gateway heap after the runs (-Xmx256m):\n" + info,
                java.nio.file.StandardOpenOption.APPEND);
        gateway.close();
        nginx.destroy();
        nginx.waitFor(10, TimeUnit.SECONDS);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nothing listens on " + port);
    }
}
