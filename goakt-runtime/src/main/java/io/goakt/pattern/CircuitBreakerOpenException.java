package io.goakt.pattern;

import io.goakt.actor.GoaktException;

import java.time.Duration;

/**
 * Completes a {@link CircuitBreaker#call call} that the breaker refused without running it: the breaker is open, or
 * half-open with its one trial call still running.
 */
public class CircuitBreakerOpenException extends GoaktException {
    private static final long serialVersionUID = 1L;

    private final String breaker;
    private final Duration retryIn;

    /**
     * For a call refused by the breaker named {@code breaker}.
     *
     * @param retryIn how long until the breaker lets a trial call through; zero while a trial call is running
     */
    public CircuitBreakerOpenException(String breaker, Duration retryIn) {
        super(retryIn.isZero()
                ? "circuit breaker '" + breaker + "' is half-open and its trial call is still running"
                : "circuit breaker '" + breaker + "' is open; it lets a trial call through in " + retryIn);
        this.breaker = breaker;
        this.retryIn = retryIn;
    }

    /** The name of the breaker that refused the call. */
    public String breaker() {
        return breaker;
    }

    /** How long until the breaker lets a trial call through, as seen when it refused; zero while half-open. */
    public Duration retryIn() {
        return retryIn;
    }
}
