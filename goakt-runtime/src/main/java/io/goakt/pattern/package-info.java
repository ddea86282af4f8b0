/**
 * Patterns built on actors that applications use at their call sites, starting with {@link
 * io.goakt.pattern.CircuitBreaker}: protection for {@code ask} and {@code pipeTo} against a dependency that fails or
 * hangs, so callers fail fast instead of piling up timeouts while it recovers.
 *
 * <p><b>Neighbours.</b> Builds on {@link io.goakt.actor} (the system's event stream) and {@link io.goakt.dispatch}
 * (the system's scheduler is the breaker's clock and timer, so a test that controls the scheduler controls the
 * breaker's time). Nothing in the runtime depends on it, and it has no {@code internal} part.
 *
 * <p>References: Nygard, "Release It!" (the circuit breaker pattern); Akka/Pekko {@code CircuitBreaker}.
 */
package io.goakt.pattern;
