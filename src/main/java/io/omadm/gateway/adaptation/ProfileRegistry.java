package io.omadm.gateway.adaptation;

import io.omadm.gateway.tree.NodePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The device profiles of {@code adapters/profiles/*.yaml} (DESIGN §3.4): for each, the protocol and a {@code tree:}
 * mapping of paths to points. {@link #reload} reads them again; a file with an error (bad YAML, an unknown key, a
 * value of the wrong type, an unknown format or command, a path that is no node path: {@link ProfileFile}) is refused
 * with a log line naming it, the line and column, and the version loaded before keeps serving.
 *
 * <pre>
 * profile: th-sensor
 * protocol: mqtt
 * tree:
 *   Temperature: {address: "sensors/{devId}/temperature", format: float, scale: 0.1, commands: [Get]}
 *   Config/Interval: {address: "sensors/{devId}/interval", format: int, commands: [Get, Replace]}
 * </pre>
 */
public final class ProfileRegistry {

    private static final Logger LOG = Logger.getLogger(ProfileRegistry.class.getName());
    private final Path dir;
    private final Map<String, DeviceProfile> profiles = new ConcurrentHashMap<>();
    private volatile Function<String, Optional<DeviceProfile>> generated = name -> Optional.empty();
    /** Each file's content digest when last looked at, and the profile it gave (null when refused or tree-less). */
    private final Map<Path, String> seen = new HashMap<>();
    private final Map<Path, String> profileOfFile = new HashMap<>();
    /** Files refused in their current version: read again when the catalog changes (a missing route appeared). */
    private final Set<Path> refused = new HashSet<>();
    /** Adapter routes and address formats to check profiles against; none until the adapter routes are loaded. */
    private ProtocolCatalog catalog;

    private final FileOutcomes outcomes;

    public ProfileRegistry(Path dir) {
        this(dir, new FileOutcomes(Clock.systemUTC()));
    }

    /** @param outcomes where each file's outcome is recorded for operators */
    public ProfileRegistry(Path dir, FileOutcomes outcomes) {
        this.dir = dir;
        this.outcomes = outcomes;
    }

    public Optional<DeviceProfile> profile(String name) {
        if (name == null) {
            return Optional.empty();
        }
        DeviceProfile p = profiles.get(name);
        return p != null ? Optional.of(p) : generated.apply(name);
    }

    /**
     * Adds profiles made by the gateway rather than read from files (a Sparkplug node's, from its birth): asked for
     * names no file gives.
     */
    public void generatedBy(Function<String, Optional<DeviceProfile>> source) {
        Function<String, Optional<DeviceProfile>> before = generated;
        generated = name -> before.apply(name).or(() -> source.apply(name));
    }

    /**
     * Takes in what changed since the last call: new and edited files are read (a refused one keeps the version
     * before it), deleted files take their profile with them, unchanged files cost a digest. Returns the problems of
     * files refused in this call; each is also logged, once per version of the file.
     */
    public synchronized List<String> reload() {
        List<String> problems = new ArrayList<>();
        List<Path> files = List.of();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted()
                        .toList();
            } catch (IOException e) {
                problems.add(dir + ": " + e.getMessage());
                return problems;
            }
        }
        for (Path gone : new ArrayList<>(seen.keySet())) {
            if (!files.contains(gone)) {
                seen.remove(gone);
                refused.remove(gone);
                outcomes.removed(gone);
                String name = profileOfFile.remove(gone);
                if (name != null) {
                    profiles.remove(name);
                    LOG.info("device profile " + name + " removed with " + gone);
                }
            }
        }
        for (Path f : files) {
            String digest;
            try {
                digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
            } catch (IOException | NoSuchAlgorithmException e) {
                problems.add(f + ": " + e.getMessage());
                continue;
            }
            if (digest.equals(seen.get(f))) {
                continue;
            }
            seen.put(f, digest);
            try {
                Optional<DeviceProfile> p = parse(f);
                if (p.isPresent()) {
                    check(p.get());
                }
                refused.remove(f);
                String before = profileOfFile.remove(f);
                if (before != null) {
                    profiles.remove(before);
                }
                p.ifPresent(profile -> {
                    profiles.put(profile.name(), profile);
                    profileOfFile.put(f, profile.name());
                    LOG.info("device profile " + profile.name() + " loaded from " + f);
                });
                outcomes.loaded(FileOutcomes.Kind.PROFILE, f, p.map(x -> "profile " + x.name())
                        .orElse("devices only (no tree)"));
            } catch (IOException | IllegalArgumentException e) {
                String problem = f + ": " + e.getMessage().lines().findFirst().orElse("unreadable");
                LOG.warning("device profile refused" + (profileOfFile.containsKey(f) ? ", the previous version "
                        + "stays" : "") + ": " + problem);
                problems.add(problem);
                refused.add(f);
                String kept = profileOfFile.get(f);
                outcomes.refused(FileOutcomes.Kind.PROFILE, f, e.getMessage().lines().findFirst().orElse("unreadable"),
                        kept == null ? null : "profile " + kept);
            }
        }
        return problems;
    }

    /**
     * From now on profiles are checked against what the gateway runs: a protocol without an adapter route, or an
     * address its adapter cannot use, refuses the file. Profiles loaded before that fail the check are unloaded (the
     * gateway just started, or their route went away: there is no version to keep); they and the files refused before
     * are read again, and their problems reported, by the next {@link #reload()}.
     */
    public synchronized void useCatalog(ProtocolCatalog catalog) {
        this.catalog = catalog;
        for (Map.Entry<Path, String> e : new ArrayList<>(profileOfFile.entrySet())) {
            try {
                check(profiles.get(e.getValue()));
            } catch (IllegalArgumentException problem) {
                profiles.remove(e.getValue());
                profileOfFile.remove(e.getKey());
                refused.add(e.getKey());
            }
        }
        refused.forEach(seen::remove);
    }

    private void check(DeviceProfile p) {
        ProtocolCatalog c = catalog;
        if (c == null) {
            return;
        }
        if (!c.has(p.protocol())) {
            throw new IllegalArgumentException("protocol '" + p.protocol() + "' has no adapter route (direct:adapter-"
                    + p.protocol() + " in " + dir.getParent() + ")");
        }
        for (Point point : p.points().values()) {
            c.addressProblem(p.protocol(), point.address()).ifPresent(problem -> {
                throw new IllegalArgumentException(point.path() + ": " + problem);
            });
        }
    }

    /** A profile file as a DeviceProfile; empty when it maps no tree (a file that only declares devices). */
    static Optional<DeviceProfile> parse(Path f) throws IOException {
        return parse(f.getFileName().toString(), Files.readAllBytes(f));
    }

    /**
     * A profile file's content as a DeviceProfile: an IOException when it is not YAML of a profile's shape, an
     * IllegalArgumentException when a value is wrong.
     */
    static Optional<DeviceProfile> parse(String fileName, byte[] yaml) throws IOException {
        ProfileFile.File file = ProfileFile.read(yaml);
        if (file == null || file.tree() == null) {
            return Optional.empty();
        }
        String name = file.profile() != null ? file.profile() : fileName.replaceFirst("\\.ya?ml$", "");
        if (file.protocol() == null || !file.protocol().matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("protocol '" + file.protocol() + "' is not a protocol name");
        }
        if (file.broker() != null && (!"mqtt".equals(file.protocol()) || !file.broker().matches("[A-Za-z0-9_-]+"))) {
            throw new IllegalArgumentException(ProfileFile.placeOf(yaml, "broker") + "broker '" + file.broker()
                    + "' needs protocol mqtt and a broker name (letters, digits, - and _)");
        }
        Map<String, Point> points = new LinkedHashMap<>();
        for (Map.Entry<String, ProfileFile.PointSpec> e : file.tree().entrySet()) {
            try {
                points.put(e.getKey(), point(e.getKey(), e.getValue(), file.broker()));
            } catch (IllegalArgumentException bad) { // said where the point is written
                throw new IllegalArgumentException(ProfileFile.placeOf(yaml, e.getKey()) + bad.getMessage(), bad);
            }
        }
        return Optional.of(new DeviceProfile(name, file.protocol(), points));
    }

    /** A point's regex, compiled; IllegalArgumentException saying where it is wrong, or with json too. */
    private static Pattern regex(String path, ProfileFile.PointSpec s) {
        if (s.regex() == null) {
            return null;
        }
        if (s.json() != null) {
            throw new IllegalArgumentException(path + ": json and regex both take the value out: give one");
        }
        try {
            return Pattern.compile(s.regex());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(path + ": regex '" + s.regex() + "' is not a regular expression: "
                    + e.getDescription() + " at " + e.getIndex());
        }
    }

    /**
     * One point of the tree; IllegalArgumentException saying what is wrong with it. The profile's broker, if it names
     * one, is the broker option of every address that does not name its own.
     */
    private static Point point(String path, ProfileFile.PointSpec s, String broker) {
        if (NodePath.parse(path).isEmpty() || path.startsWith(".")) {
            throw new IllegalArgumentException("tree path '" + path + "' is not a relative node path");
        }
        if (s == null || s.address() == null || s.address().isBlank()) {
            throw new IllegalArgumentException(path + " has no address");
        }
        String format = s.format() == null ? "chr" : s.format();
        if (!Point.FORMATS.contains(format)) {
            throw new IllegalArgumentException(path + ": format '" + format + "' is not one of " + Point.FORMATS);
        }
        List<String> cmds = s.commands() == null ? List.of("Get") : s.commands();
        for (String c : cmds) {
            if (c == null || !Point.COMMANDS.contains(c)) { // a YAML null in the list (found by fuzzing)
                throw new IllegalArgumentException(path + ": command '" + c + "' is not one of " + Point.COMMANDS);
            }
        }
        if (s.scale() != null && (s.scale() == 0 || !"int".equals(format) && !"float".equals(format))) {
            throw new IllegalArgumentException(path + ": a scale needs a non-zero value and format int or float");
        }
        if (s.json() != null && !JsonPayloads.isPointer(s.json())) {
            throw new IllegalArgumentException(path + ": json '" + s.json() + "' is not a JSON Pointer (/temp,"
                    + " /sensors/0/value)");
        }
        String address = s.address();
        if (broker != null && !address.matches(".*[?&]broker=.*")) {
            address += (address.contains("?") ? "&" : "?") + "broker=" + broker;
        }
        return new Point(path, address, format, s.scale(), new LinkedHashSet<>(cmds), s.json(), s.payload(),
                s.request(), regex(path, s), s.title(), 0);
    }
}
