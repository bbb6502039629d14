package io.omadm.gateway.adaptation;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the gateway made of each adapter file at its last reading, for operators who edit them (the console's adapters
 * page, {@code /api/v1/adapters}): loaded, with what it gave (route ids, a profile name), or refused, with the problem
 * (file, line and column where the parser gave them) and whether the version before keeps running. A file deleted is
 * forgotten. The log says the same, once per version; this is the state now.
 */
public final class FileOutcomes {

    /** Route files ({@code gateway.adapters.dir}) and profile files (its {@code profiles} directory). */
    public enum Kind {
        ROUTES, PROFILE;

        public String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param gave what a loaded file gave ("routes [a, b]", "profile x"), else what still runs from it (or null)
     * @param problem why the last version was refused; null when loaded
     * @param at epoch milliseconds of the reading
     */
    public record Outcome(Kind kind, Path file, boolean loaded, String gave, String problem, long at) {

        public String fileName() {
            return file.getFileName().toString();
        }
    }

    private final Map<Path, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Clock clock;

    public FileOutcomes(Clock clock) {
        this.clock = clock;
    }

    public void loaded(Kind kind, Path file, String gave) {
        outcomes.put(file, new Outcome(kind, file, true, gave, null, clock.millis()));
    }

    /** @param stillRunning what the version before still gives, or null when nothing of the file runs */
    public void refused(Kind kind, Path file, String problem, String stillRunning) {
        outcomes.put(file, new Outcome(kind, file, false, stillRunning, problem, clock.millis()));
    }

    public void removed(Path file) {
        outcomes.remove(file);
    }

    /** Route files first, then profiles, each by file name. */
    public List<Outcome> all() {
        return outcomes.values().stream().sorted(Comparator.comparing(Outcome::kind)
                .thenComparing(Outcome::fileName)).toList();
    }

    public Optional<Outcome> find(Kind kind, String fileName) {
        return outcomes.values().stream().filter(o -> o.kind() == kind && o.fileName().equals(fileName)).findFirst();
    }
}
