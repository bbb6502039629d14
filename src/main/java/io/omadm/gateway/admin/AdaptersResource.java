package io.omadm.gateway.admin;

import io.omadm.gateway.adaptation.FileOutcomes;
import io.omadm.gateway.adaptation.ProtocolAdapter;
import io.omadm.gateway.adaptation.link.LinkState;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * /api/v1/adapters (admin): the adapter route files and profile files the gateway read, each loaded (with the routes
 * or profile it gave) or refused (with its problem, line and column), and one file's YAML, read-only;
 * {@code /api/v1/adapters/links} (viewer): how each adapter connection stands. Values of keys
 * that name a secret (password, secret, token, API or private key) and the password of a URI are shown as
 * {@code ********}: the files may hold them, the API never returns them.
 */
@Path("/api/v1/adapters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class AdaptersResource {

    public record FileView(String kind, String file, String status, String gives, String problem, Instant at) {

        static FileView of(FileOutcomes.Outcome o) {
            return new FileView(o.kind().value(), o.fileName(), o.loaded() ? "loaded" : "refused", o.gave(),
                    o.problem(), Instant.ofEpochMilli(o.at()));
        }
    }

    public record FileSource(FileView file, String source) {
    }

    private static final Pattern SECRET_KEY = Pattern.compile("^(\\s*-?\\s*[\"']?[A-Za-z0-9_.-]*"
            + "(?i:password|passwd|secret|token|api[-_]?key|private[-_]?key)[A-Za-z0-9_.-]*[\"']?\\s*[:=]\\s*)(\\S.*)$");
    private static final Pattern URI_PASSWORD = Pattern.compile("(://[^/@:\\s]+:)[^@/\\s]+@");
    private static final Pattern QUERY_SECRET = Pattern.compile("((?i:password|secret|token)=)[^&\\s\"']+");

    private final FileOutcomes outcomes;
    private final Instance<ProtocolAdapter> adapters;

    public AdaptersResource(FileOutcomes outcomes, @Any Instance<ProtocolAdapter> adapters) {
        this.outcomes = outcomes;
        this.adapters = adapters;
    }

    /** Every adapter's connections (brokers, servers, buses) and how each stands: the console's overview. */
    @GET
    @Path("links")
    @RolesAllowed(Role.VIEWER_NAME)
    public List<LinkState> links() {
        List<LinkState> out = new ArrayList<>();
        adapters.forEach(a -> out.addAll(a.links()));
        out.sort(Comparator.comparing(LinkState::protocol).thenComparing(LinkState::target));
        return out;
    }

    @GET
    public List<FileView> list() {
        return outcomes.all().stream().map(FileView::of).toList();
    }

    @GET
    @Path("{kind}/{file}")
    public Response file(@PathParam("kind") String kind, @PathParam("file") String file) {
        Optional<FileOutcomes.Kind> k = Arrays.stream(FileOutcomes.Kind.values()).filter(x -> x.value().equals(kind))
                .findFirst();
        if (k.isEmpty()) {
            return ApiError.badField("kind", "kind is routes or profile");
        }
        // only a file the gateway read is shown: the name is looked up, never resolved as a path
        Optional<FileOutcomes.Outcome> o = outcomes.find(k.get(), file);
        if (o.isEmpty()) {
            return ApiError.notFound("no " + kind + " file " + file + " was read");
        }
        try {
            return Response.ok(new FileSource(FileView.of(o.get()), redacted(Files.readString(o.get().file()))))
                    .build();
        } catch (IOException e) {
            return ApiError.notFound(kind + " file " + file + " cannot be read now (deleted?)");
        }
    }

    /** The YAML with the values of secret-named keys and URI passwords replaced, each line where it was. */
    static String redacted(String yaml) {
        StringBuilder out = new StringBuilder();
        for (String line : yaml.split("\n", -1)) {
            String l = SECRET_KEY.matcher(line).replaceAll("$1********");
            l = URI_PASSWORD.matcher(l).replaceAll("$1********@");
            out.append(QUERY_SECRET.matcher(l).replaceAll("$1********")).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }
}
