package io.goakt.internal.cluster.cron;

import java.time.Duration;
import java.time.Instant;

/**
 * The clock the cron runner reads: the wall-clock instant ticks are matched against, and how long to wait for one.
 * {@link #SYSTEM} in production; tests install a faster one ({@link #accelerated}) so that minute ticks come every
 * fraction of a second. Every member of a cluster must read the same time, as every member's system clock does.
 *
 * <p>Implementations are thread-safe.
 */
public interface CronTime {

    /** The system clock. */
    CronTime SYSTEM = new CronTime() {
        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public Duration until(Instant at) {
            return Duration.between(Instant.now(), at);
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };

    /** The current instant. */
    Instant now();

    /** How long until this clock shows {@code at} (negative when it did already). */
    Duration until(Instant at);

    /**
     * A clock that shows {@code start} now and runs {@code factor} times faster than real time; for tests. Share one
     * instance among the members of a test cluster.
     */
    static CronTime accelerated(Instant start, long factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("factor must be at least 1, was " + factor);
        }
        long origin = System.nanoTime();
        return new CronTime() {
            @Override
            public Instant now() {
                return start.plusNanos((System.nanoTime() - origin) * factor);
            }

            @Override
            public Duration until(Instant at) {
                return Duration.between(now(), at).dividedBy(factor);
            }

            @Override
            public String toString() {
                return "clock from " + start + " at " + factor + "x";
            }
        };
    }
}
