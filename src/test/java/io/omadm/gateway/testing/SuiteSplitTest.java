package io.omadm.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The pom runs the {@code @QuarkusTest}s in one JVM, one at a time (they start the gateway), and every other test in
 * two JVMs side by side; it tells them apart by the tag {@value #QUARKUS}. A Quarkus test without it would run beside
 * another test, a tagged plain test would wait its turn among the Quarkus ones: both are caught here, on every class
 * compiled from src/test (loaded, not initialized).
 */
class SuiteSplitTest {

    static final String QUARKUS = "quarkus";

    @Test
    void everyQuarkusTestAndOnlyThoseAreTaggedForTheQuarkusJvm() throws Exception {
        List<Class<?>> all = testClasses();
        assertTrue(all.size() > 100, "test classes found: " + all.size());
        List<String> untagged = all.stream().filter(c -> c.isAnnotationPresent(QuarkusTest.class) && !tagged(c))
                .map(Class::getName).toList();
        List<String> wronglyTagged = all.stream().filter(c -> tagged(c) && !c.isAnnotationPresent(QuarkusTest.class))
                .map(Class::getName).toList();
        assertEquals(List.of(), untagged, "@QuarkusTest without @Tag(\"" + QUARKUS + "\")");
        assertEquals(List.of(), wronglyTagged, "@Tag(\"" + QUARKUS + "\") on a class that is no @QuarkusTest");
    }

    private static boolean tagged(Class<?> c) {
        Tag tag = c.getAnnotation(Tag.class);
        return tag != null && QUARKUS.equals(tag.value());
    }

    /** The classes of this test source tree: every .class file beside this one's package root. */
    private static List<Class<?>> testClasses() throws IOException, URISyntaxException {
        Path root = Path.of(SuiteSplitTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ClassLoader loader = SuiteSplitTest.class.getClassLoader();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class")).<Class<?>>map(f -> {
                String rel = root.relativize(f).toString();
                String name = rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name + ": " + e, e);
                }
            }).toList();
        }
    }
}
