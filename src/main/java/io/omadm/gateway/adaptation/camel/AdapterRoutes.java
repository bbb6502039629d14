package io.omadm.gateway.adaptation.camel;

import io.omadm.gateway.adaptation.AddressSyntax;
import io.omadm.gateway.adaptation.FileOutcomes;
import io.omadm.gateway.adaptation.ProfileRegistry;
import io.omadm.gateway.adaptation.ProtocolCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * The integrators' adapter routes, {@code adapters/*.yaml} (DESIGN §3.4), loaded once Camel has started and then
 * whenever a file changes, without a restart. Each file stands alone: one that does not load (bad YAML, an unknown
 * component, a route that does not start, a route id another file uses) is refused with a log line naming the file
 * and the problem, and the version loaded before keeps running; a gateway with a broken adapter file still starts.
 * A deleted file takes its routes with it. After every change, device profiles are checked again against the
 * adapter routes that run ({@link ProtocolCatalog}).
 */
public final class AdapterRoutes implements ProtocolCatalog {

    private static final Logger LOG = Logger.getLogger(AdapterRoutes.class.getName());

    private final CamelContext camel;
    private final ProfileRegistry profiles;
    private final Path dir;
    private final Map<String, AddressSyntax> syntaxes;
    private final FileOutcomes outcomes;

    /** Per file: the content now running and the route ids it gave. */
    private record Loaded(String content, Set<String> routeIds) {
    }

    private final Map<Path, Loaded> loaded = new LinkedHashMap<>();
    /** The content last refused per file, so a refusal is logged once per version. */
    private final Map<Path, String> refused = new HashMap<>();
    private boolean started;

    /**
     * @param dir gateway.adapters.dir
     * @param syntaxes the address format of each protocol whose adapter declares one, by protocol
     */
    public AdapterRoutes(CamelContext camel, ProfileRegistry profiles, Path dir, Map<String, AddressSyntax> syntaxes) {
        this(camel, profiles, dir, syntaxes, new FileOutcomes(Clock.systemUTC()));
    }

    /** @param outcomes where each file's outcome is recorded for operators */
    public AdapterRoutes(CamelContext camel, ProfileRegistry profiles, Path dir, Map<String, AddressSyntax> syntaxes,
            FileOutcomes outcomes) {
        this.outcomes = outcomes;
        this.camel = camel;
        this.profiles = profiles;
        this.dir = dir;
        this.syntaxes = Map.copyOf(syntaxes);
    }

    /** Loads the files once Camel has started (the gateway's own routes run). */
    public void onCamelStarted() {
        this.started = true;
        List<String> problems = reload();
        LOG.info("adapter routes loaded from " + loaded.keySet().stream().map(p -> p.getFileName().toString())
                .toList() + (problems.isEmpty() ? "" : "; refused: " + problems));
    }

    /** Takes in the files added, changed and deleted since the last call; returns this call's refusals. */
    public synchronized List<String> reload() {
        List<String> problems = new ArrayList<>();
        if (!started) {
            return problems; // the routes are loaded once Camel runs
        }
        Map<Path, String> now = new LinkedHashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                        .sorted().toList()) {
                    now.put(f, Files.readString(f));
                }
            } catch (IOException e) {
                problems.add(dir + ": " + e.getMessage());
                return problems;
            }
        }
        boolean changed = false;
        for (Path gone : new ArrayList<>(loaded.keySet())) {
            if (!now.containsKey(gone)) {
                loaded.remove(gone).routeIds().forEach(this::removeRoute);
                outcomes.removed(gone);
                LOG.info("adapter routes of " + gone + " removed with the file");
                changed = true;
            }
        }
        refused.keySet().retainAll(now.keySet());
        for (Map.Entry<Path, String> e : now.entrySet()) {
            Path f = e.getKey();
            Loaded before = loaded.get(f);
            if (before != null && before.content().equals(e.getValue()) || e.getValue().equals(refused.get(f))) {
                continue;
            }
            try {
                loaded.put(f, new Loaded(e.getValue(), load(f, e.getValue(), before)));
                refused.remove(f);
                LOG.info("adapter routes " + loaded.get(f).routeIds() + " loaded from " + f);
                outcomes.loaded(FileOutcomes.Kind.ROUTES, f, "routes " + loaded.get(f).routeIds());
                changed = true;
            } catch (Exception problem) {
                refused.put(f, e.getValue());
                String message = f + ": " + firstLine(problem);
                LOG.warning("adapter routes refused, " + (before == null ? "the file is not loaded" : "the previous "
                        + "version keeps running") + ": " + message);
                problems.add(message);
                outcomes.refused(FileOutcomes.Kind.ROUTES, f, firstLine(problem), before == null ? null
                        : "routes " + before.routeIds());
            }
        }
        if (changed || !problems.isEmpty()) {
            profiles.useCatalog(this);
        }
        return problems;
    }

    /** Loads one file's routes in place of its previous ones; on failure, puts the previous ones back. */
    private Set<String> load(Path f, String content, Loaded before) throws Exception {
        Set<String> running = routeIds();
        Set<String> ownedElsewhere = new HashSet<>();
        loaded.forEach((file, l) -> {
            if (!file.equals(f)) {
                ownedElsewhere.addAll(l.routeIds());
            }
        });
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        Set<String> attempted = Set.of();
        try {
            Set<String> ids = loader.updateRoutes(List.of(ResourceHelper.fromString("file:" + f, content)));
            attempted = ids;
            for (String id : ids) {
                if (ownedElsewhere.contains(id)) {
                    throw new IllegalArgumentException("route id '" + id + "' is already used by another adapter file");
                }
            }
            for (String id : ids) {
                if (!isStarted(id)) {
                    throw new IllegalStateException("route '" + id + "' did not start");
                }
            }
            if (before != null) {
                before.routeIds().stream().filter(id -> !ids.contains(id)).forEach(this::removeRoute);
            }
            return ids;
        } catch (Exception e) {
            // undo: drop what this attempt added, then bring back what ran before (this file's and any it replaced)
            routeIds().stream().filter(id -> !running.contains(id)).forEach(this::removeRoute);
            Set<String> replaced = attempted;
            List<Path> restore = new ArrayList<>();
            loaded.forEach((file, l) -> {
                if (file.equals(f) || l.routeIds().stream().anyMatch(id -> replaced.contains(id) || !isStarted(id))) {
                    restore.add(file);
                }
            });
            for (Path file : restore) {
                loader.updateRoutes(List.of(ResourceHelper.fromString("file:" + file, loaded.get(file).content())));
            }
            throw e;
        }
    }

    private boolean isStarted(String id) {
        return camel.getRouteController().getRouteStatus(id) != null
                && camel.getRouteController().getRouteStatus(id).isStarted();
    }

    private Set<String> routeIds() {
        return camel.getRoutes().stream().map(Route::getRouteId).collect(Collectors.toSet());
    }

    private void removeRoute(String id) {
        try {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        } catch (Exception e) {
            LOG.warning("adapter route " + id + " could not be removed: " + e.getMessage());
        }
    }

    private static String firstLine(Exception e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().equals(String.valueOf(t.getCause()))) {
            t = t.getCause();
        }
        String message = t.getMessage() != null ? t.getMessage() : t.toString();
        return message.lines().findFirst().orElse(t.toString());
    }

    @Override
    public boolean has(String protocol) {
        String from = "adapter-" + protocol;
        return camel.getRoutes().stream().anyMatch(r -> {
            String uri = r.getEndpoint().getEndpointUri();
            return uri.startsWith("direct:") && uri.replaceFirst("^direct:(//)?", "").replaceFirst("\\?.*", "")
                    .equals(from);
        });
    }

    @Override
    public Optional<String> addressProblem(String protocol, String address) {
        AddressSyntax syntax = syntaxes.get(protocol);
        return syntax == null ? Optional.empty() : syntax.problem(address);
    }
}
