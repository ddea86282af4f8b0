package io.goakt.actor;

import java.time.Duration;
import java.util.Objects;

/**
 * When an actor stops itself to free memory: after an idle time, or after handling a number of messages. A
 * passivated actor stops normally ({@code postStop} runs, a permanent restart policy does not bring it back) and
 * {@code io.goakt.eventstream.ActorPassivated} is published. {@link #longLived()} never passivates. Any other
 * strategy also makes the actor a candidate for the system's {@link EvictionPolicy}, if it has one.
 *
 * <p>Immutable; safe to share.
 */
public final class Passivation {

    private static final Passivation LONG_LIVED = new Passivation(null, 0);

    private final Duration idle;
    private final long maxMessages;

    private Passivation(Duration idle, long maxMessages) {
        this.idle = idle;
        this.maxMessages = maxMessages;
    }

    /** Never passivate (the default). */
    public static Passivation longLived() {
        return LONG_LIVED;
    }

    /** Passivate once no message arrived for {@code idle}. */
    public static Passivation afterIdle(Duration idle) {
        Objects.requireNonNull(idle, "idle");
        if (idle.isZero() || idle.isNegative()) {
            throw new IllegalArgumentException("passivation idle time must be positive, was " + idle);
        }
        return new Passivation(idle, 0);
    }

    /** Passivate right after handling {@code count} messages. */
    public static Passivation afterMessages(long count) {
        if (count < 1) {
            throw new IllegalArgumentException("passivation message count must be >= 1, was " + count);
        }
        return new Passivation(null, count);
    }

    /** The idle time, or {@code null} when idleness does not passivate. */
    public Duration idle() {
        return idle;
    }

    /** The message count, or 0 when it does not passivate. */
    public long maxMessages() {
        return maxMessages;
    }

    /** True for {@link #longLived()}. */
    public boolean isLongLived() {
        return idle == null && maxMessages == 0;
    }

    @Override
    public String toString() {
        return isLongLived() ? "Passivation.longLived" : idle != null ? "Passivation.afterIdle(" + idle + ")"
                : "Passivation.afterMessages(" + maxMessages + ")";
    }
}
