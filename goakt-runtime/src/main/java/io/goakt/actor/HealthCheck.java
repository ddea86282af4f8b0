package io.goakt.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * A periodic health probe of one actor. Every {@link #interval()} the probe runs on the actor's own thread, between
 * messages, with the actor instance; a probe that returns false or throws publishes
 * {@code io.goakt.eventstream.ActorUnhealthy}. After {@link #failureThreshold()} failures in a row the actor fails
 * with {@link ActorUnhealthyException} and its supervisor decides (by default it restarts it); a threshold of 0
 * only publishes.
 *
 * <p>Immutable; safe to share.
 *
 * @param interval         time between probes, positive
 * @param failureThreshold failures in a row that make the actor fail; 0 never does
 * @param probe            the check
 */
public record HealthCheck(Duration interval, int failureThreshold, Probe probe) {

    /** Validates the parts. */
    public HealthCheck {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(probe, "probe");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("health check interval must be positive, was " + interval);
        }
        if (failureThreshold < 0) {
            throw new IllegalArgumentException("health check failureThreshold must be >= 0, was " + failureThreshold);
        }
    }

    /** The check itself. */
    @FunctionalInterface
    public interface Probe {
        /** True when {@code actor} is healthy. Runs on the actor's thread; may read its state. */
        boolean healthy(Actor actor) throws Exception;
    }
}
