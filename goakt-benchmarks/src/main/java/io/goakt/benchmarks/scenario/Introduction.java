package io.goakt.benchmarks.scenario;

/**
 * The matchmaker introduces a client to its {@code partner}; the client that {@code serves} sends the first
 * {@link Ball} of the exchange.
 *
 * @param <R> the actor reference type of the system under test
 */
record Introduction<R>(R partner, boolean serves) {
}
