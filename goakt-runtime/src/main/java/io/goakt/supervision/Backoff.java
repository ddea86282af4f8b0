package io.goakt.supervision;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a supervisor waits before it restarts a failed actor. While it waits the actor is suspended: its
 * mailbox keeps filling and nothing queued is lost.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class Backoff {

    private static final Backoff NONE = new Backoff(Duration.ZERO, Duration.ZERO, 0.0, false);

    private final Duration min;
    private final Duration max;
    private final double jitter;
    private final boolean exponential;

    private Backoff(Duration min, Duration max, double jitter, boolean exponential) {
        this.min = min;
        this.max = max;
        this.jitter = jitter;
        this.exponential = exponential;
    }

    /** Restart at once (the default). */
    public static Backoff none() {
        return NONE;
    }

    /** Wait the same {@code delay} before every restart. */
    public static Backoff fixed(Duration delay) {
        requireNonNegative("delay", delay);
        return new Backoff(delay, delay, 0.0, false);
    }

    /**
     * Wait {@code min * 2^(n-1)} before the n-th restart in the current window, capped at {@code max}, then
     * add a random part of up to {@code jitter} times that delay (0 for none, at most 1).
     */
    public static Backoff exponential(Duration min, Duration max, double jitter) {
        requireNonNegative("min", min);
        requireNonNegative("max", max);
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff max (" + max + ") must not be below min (" + min + ")");
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("backoff jitter must be within [0, 1], was " + jitter);
        }
        return new Backoff(min, max, jitter, true);
    }

    /**
     * The delay before a restart.
     *
     * @param attempt 1 for the first restart in the window, 2 for the second, ...
     * @param random a number in [0, 1) that scales the jitter; tests pass a fixed one
     */
    public Duration delay(int attempt, double random) {
        if (this == NONE) {
            return Duration.ZERO;
        }
        if (!exponential) {
            return min;
        }
        long base = min.toNanos();
        int shift = Math.max(0, Math.min(attempt - 1, 62));
        long scaled = base == 0 ? 0 : (base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift);
        long capped = Math.min(scaled, max.toNanos());
        long withJitter = capped + (long) (capped * jitter * random);
        return Duration.ofNanos(Math.min(withJitter, Long.MAX_VALUE));
    }

    /** True when restarts happen without waiting. */
    public boolean isNone() {
        return this == NONE || (max.isZero());
    }

    private static void requireNonNegative(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException("backoff " + name + " must not be negative, was " + d);
        }
    }

    @Override
    public String toString() {
        if (this == NONE) {
            return "Backoff.none";
        }
        return exponential
                ? "Backoff.exponential(" + min + ", " + max + ", jitter=" + jitter + ")"
                : "Backoff.fixed(" + min + ")";
    }
}
