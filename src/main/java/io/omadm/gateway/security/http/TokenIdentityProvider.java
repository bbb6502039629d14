package io.omadm.gateway.security.http;

import io.omadm.gateway.security.Credentials;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A bearer API token checked against the stored token hashes ({@link Credentials}). */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private final Credentials credentials;

    public TokenIdentityProvider(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            var ctx = Identities.context(request);
            Credentials.Verdict v = credentials.token(request.getToken().getToken(), Identities.address(ctx));
            return Identities.of(v, ctx).orElseThrow(() -> new AuthenticationFailedException("refused"));
        });
    }
}
