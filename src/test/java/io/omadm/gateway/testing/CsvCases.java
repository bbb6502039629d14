package io.omadm.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Test cases kept as CSV under src/test/resources: '#' lines are comments, the first other line names the columns,
 * a value in double quotes keeps its spaces. Read here rather than by JUnit's CSV source, whose parser is loaded
 * through the thread's context class loader, which a {@code @QuarkusTest} before it leaves set to its own.
 */
public final class CsvCases {

    private CsvCases() {
    }

    public static Stream<Arguments> of(String resource) {
        List<Arguments> out = new ArrayList<>();
        try (InputStream in = CsvCases.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test data " + resource + " is missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            boolean header = true;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                out.add(Arguments.of((Object[]) split(line)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.stream();
    }

    private static String[] split(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder v = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(v.toString());
                v.setLength(0);
            } else {
                v.append(c);
            }
        }
        values.add(v.toString());
        return values.toArray(String[]::new);
    }
}
