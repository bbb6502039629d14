package io.omadm.gateway.security.http;

import io.omadm.gateway.security.Credentials;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A user's name and password checked against the gateway's user table ({@link Credentials}). */
@ApplicationScoped
public class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private final Credentials credentials;

    public PasswordIdentityProvider(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            var ctx = Identities.context(request);
            Credentials.Verdict v = credentials.password(request.getUsername(), request.getPassword().getPassword(),
                    Identities.address(ctx));
            return Identities.of(v, ctx).orElseThrow(() -> new AuthenticationFailedException("refused"));
        });
    }
}
