package io.omadm.gateway.security.http;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import java.security.cert.X509Certificate;

/**
 * An operator request's client certificate, to be judged by {@link CertificateIdentityProvider} alone: a type of our
 * own, because Quarkus's provider for its certificate requests signs in any trusted certificate with no role.
 */
final class ClientCertificateRequest extends BaseAuthenticationRequest {

    private final X509Certificate certificate;

    ClientCertificateRequest(X509Certificate certificate) {
        this.certificate = certificate;
    }

    X509Certificate certificate() {
        return certificate;
    }
}
