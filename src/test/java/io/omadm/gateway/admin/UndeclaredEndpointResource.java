package io.omadm.gateway.admin;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * Not part of the gateway: a resource an engineer added without saying who may call it, deployed in the tests only.
 * {@code EndpointSecurityTest} shows that the static walk flags it and that the running gateway refuses it to
 * everyone, admin included (deny-unannotated-endpoints).
 */
@Path("/api/v1/test-undeclared")
public class UndeclaredEndpointResource {

    @GET
    public String open() {
        return "anyone";
    }
}
