package io.omadm.gateway.admin;

import jakarta.ws.rs.core.Response;

/** What the API answers when a request is refused: a message, and the request field at fault when there is one. */
public record ApiError(String error, String field) {

    static Response of(Response.Status status, String error, String field) {
        return Response.status(status).entity(new ApiError(error, field)).build();
    }

    static Response badField(String field, String error) {
        return of(Response.Status.BAD_REQUEST, error, field);
    }

    static Response notFound(String error) {
        return of(Response.Status.NOT_FOUND, error, null);
    }
}
