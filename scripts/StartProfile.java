import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a start's CPU goes (scripts/start-profile): the execution samples of a flight recording of one start, counted
 * by the library that spent them (the innermost frame outside the JDK) and, on the main thread, by the start step
 * that asked for them (the outermost Quarkus recorder or gateway frame). Run with the JDK's source launcher:
 * {@code java scripts/StartProfile.java start.jfr}.
 */
public final class StartProfile {

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

    static {
        LIBRARIES.put("org.flywaydb", "Flyway");
        LIBRARIES.put("org.h2.", "H2");
        LIBRARIES.put("io.omadm", "the gateway's own code");
        LIBRARIES.put("org.apache.camel", "Camel");
        LIBRARIES.put("io.vertx", "Vert.x and Netty");
        LIBRARIES.put("io.netty", "Vert.x and Netty");
        LIBRARIES.put("io.smallrye", "SmallRye (config, OpenAPI, health)");
        LIBRARIES.put("io.quarkus", "Quarkus (ArC, RESTEasy, runtime)");
        LIBRARIES.put("org.jboss", "Quarkus (ArC, RESTEasy, runtime)");
        LIBRARIES.put("com.fasterxml", "Jackson");
        LIBRARIES.put("io.micrometer", "Micrometer");
        LIBRARIES.put("io.agroal", "Agroal");
        LIBRARIES.put("org.eclipse", "Eclipse (Paho, Milo)");
        LIBRARIES.put("org.bouncycastle", "BouncyCastle");
        LIBRARIES.put("org.snakeyaml", "SnakeYAML");
    }

    public static void main(String[] args) throws Exception {
        List<RecordedEvent> samples = RecordingFile.readAllEvents(Path.of(args[0])).stream()
                .filter(e -> e.getEventType().getName().equals("jdk.ExecutionSample")).toList();
        Map<String, Integer> byLibrary = new TreeMap<>();
        Map<String, Integer> byStep = new TreeMap<>();
        int main = 0;
        for (RecordedEvent e : samples) {
            List<String> frames = e.getStackTrace() == null ? List.of() : e.getStackTrace().getFrames().stream()
                    .map(StartProfile::name).toList();
            byLibrary.merge(library(frames), 1, Integer::sum);
            if ("main".equals(e.getThread("sampledThread").getJavaName())) {
                main++;
                byStep.merge(step(frames), 1, Integer::sum);
            }
        }
        System.out.println(samples.size() + " execution samples, " + main + " on the main thread");
        print("by the library that spent them", byLibrary, samples.size());
        print("main thread, by the start step that asked", byStep, main);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    /** The innermost frame outside the JDK names the library. */
    private static String library(List<String> frames) {
        for (String f : frames) {
            for (Map.Entry<String, String> l : LIBRARIES.entrySet()) {
                if (f.startsWith(l.getKey())) {
                    return l.getValue();
                }
            }
        }
        return "the JDK alone";
    }

    /** The outermost Quarkus recorder (a build step's runtime part) or gateway frame names the step. */
    private static String step(List<String> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            String f = frames.get(i);
            if (f.startsWith("io.quarkus.runner.recorded.")) {
                return f.substring("io.quarkus.runner.recorded.".length()).replaceAll("\\$.*", "");
            }
            if (f.startsWith("io.omadm.gateway.") || f.startsWith("io.smallrye.config.SmallRyeConfigBuilder.build")) {
                return f.replaceAll("_ProducerMethod_(\\w+?)_.*", " producer $1").replaceAll("^io\\.omadm\\.gateway\\.",
                        "");
            }
        }
        return "other (JVM and Quarkus bootstrap)";
    }

    private static void print(String title, Map<String, Integer> counts, int total) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(15)
                .forEach(c -> System.out.printf("  %5.1f %%  %s%n", 100.0 * c.getValue() / total, c.getKey()));
        System.out.println("  (" + counts.values().stream().collect(Collectors.summingInt(Integer::intValue))
                + " samples)");
    }
}
