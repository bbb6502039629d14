package io.omadm.gateway.security.http;

import io.omadm.gateway.security.CertificateRoles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.CertificateCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.cert.X509Certificate;

/**
 * A client certificate on an operator request, its role from {@link CertificateRoles}; a certificate whose name has no
 * role is refused, 401.
 */
@ApplicationScoped
public class CertificateIdentityProvider implements IdentityProvider<ClientCertificateRequest> {

    private final CertificateRoles roles;

    public CertificateIdentityProvider(CertificateRoles roles) {
        this.roles = roles;
    }

    @Override
    public Class<ClientCertificateRequest> getRequestType() {
        return ClientCertificateRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ClientCertificateRequest request,
            AuthenticationRequestContext context) {
        X509Certificate cert = request.certificate();
        String address = Identities.address(Identities.context(request));
        return roles.role(cert.getSubjectX500Principal(), address)
                .map(role -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(CertificateRoles.commonName(
                                cert.getSubjectX500Principal()).orElseThrow()))
                        .addRoles(role.granted()).addAttribute(Identities.VIA, "certificate")
                        .addCredential(new CertificateCredential(cert)).build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("no role")));
    }
}
