package io.omadm.gateway.admin;

import io.omadm.gateway.adaptation.opcua.OpcUaSecurity;
import io.omadm.gateway.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.List;

/**
 * /api/v1/opcua/certificates (admin): the OPC UA servers' certificates the gateway has seen, trusted or rejected (a
 * server seen for the first time is refused until its certificate is trusted, here or by moving the file from
 * {@code <data-dir>/opcua/pki/rejected/certs} to {@code trusted/certs}), and the gateway's own application
 * certificate, for the servers' administrators to trust. Trusting is audited as every change.
 */
@Path("/api/v1/opcua")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.ADMIN_NAME)
public class OpcUaCertificatesResource {

    private final OpcUaSecurity security;

    public OpcUaCertificatesResource(OpcUaSecurity security) {
        this.security = security;
    }

    @GET
    @Path("/certificates")
    public List<OpcUaSecurity.Seen> certificates() {
        return security.certificates();
    }

    @POST
    @Path("/certificates/{thumbprint}/trust")
    public Response trust(@PathParam("thumbprint") String thumbprint) {
        if (!thumbprint.matches("[0-9A-Fa-f]{40}")) {
            return ApiError.badField("thumbprint", "'" + thumbprint + "' is not a SHA-1 thumbprint (40 hex digits)");
        }
        if (!security.trust(thumbprint)) {
            return ApiError.notFound("no rejected certificate has thumbprint " + thumbprint);
        }
        return Response.ok(security.certificates().stream().filter(c -> c.thumbprint().equalsIgnoreCase(thumbprint))
                .findFirst().orElseThrow()).build();
    }

    /** The gateway's application instance certificate, PEM. */
    @GET
    @Path("/certificate")
    @Produces("application/x-pem-file")
    public Response own() throws CertificateEncodingException {
        var own = security.ownCertificate();
        if (own.isEmpty()) {
            return ApiError.notFound("the gateway has no OPC UA application certificate");
        }
        String pem = "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(own.get().getEncoded()) + "\n-----END CERTIFICATE-----\n";
        return Response.ok(pem).build();
    }
}
