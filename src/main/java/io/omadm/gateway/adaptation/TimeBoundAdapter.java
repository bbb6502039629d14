package io.omadm.gateway.adaptation;

/**
 * An adapter that gives up on its own before gateway.adapters.timeout: every wait in its handling (connecting, a turn
 * on the device's link, the device's answer) is bounded by a shorter time. An adapter route that is nothing but one
 * call of such an adapter runs on the caller's thread ({@code adaptation.camel.CamelAdapterTransport}); any other
 * route runs on the adapter pool, where the dispatcher's timeout abandons it.
 */
public interface TimeBoundAdapter {
}
