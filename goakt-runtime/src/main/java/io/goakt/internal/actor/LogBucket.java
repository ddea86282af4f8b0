package io.goakt.internal.actor;

import java.util.function.LongSupplier;

/**
 * A token bucket that decides which log lines of one kind are written: {@code burst} lines at once, then one per
 * {@code refillNanos}. A refused line is counted, and the count is handed to whoever takes the count next (the next
 * granted line, or a flush), exactly once, so lines written plus lines counted always equals lines asked for.
 *
 * <h2>Threading</h2>
 * Any thread. Every method holds this object's monitor for a few arithmetic steps and never logs under it; the
 * paths that reach it (actor failures, dead letters) are off the message hot path. A refused line allocates nothing.
 */
final class LogBucket {

    /** What a granted line carries: the lines refused since the last report, and since when. */
    record Grant(long suppressed, long sinceNanos) {
        /** False for the two refusals. */
        boolean granted() {
            return suppressed >= 0;
        }
    }

    /** Refused, and the first line refused since the last report: time to arrange a summary. */
    static final Grant REFUSED_FIRST = new Grant(-1, 0);
    /** Refused; a summary is already due. */
    static final Grant REFUSED = new Grant(-2, 0);
    private static final Grant CLEAN = new Grant(0, 0);

    private final int burst;
    private final long refillNanos;
    private final LongSupplier clock;
    /** Tokens at {@link #lastRefill}, at most {@link #burst}. */
    private long tokens;
    private long lastRefill;
    private long suppressed;
    private long suppressedSince;

    /**
     * @param burst       lines granted at once after a quiet time; at least 1
     * @param refillNanos time that earns one more line; positive
     * @param clock       monotonic nanoseconds, such as the system scheduler's
     */
    LogBucket(int burst, long refillNanos, LongSupplier clock) {
        if (burst < 1 || refillNanos <= 0) {
            throw new IllegalArgumentException("burst " + burst + " and refill " + refillNanos + " ns must be positive");
        }
        this.burst = burst;
        this.refillNanos = refillNanos;
        this.clock = clock;
        this.tokens = burst;
        this.lastRefill = clock.getAsLong();
    }

    /**
     * Takes a token. Returns {@link #REFUSED_FIRST} or {@link #REFUSED} when the line must not be written (it is
     * counted); otherwise the lines refused before it, which the caller reports with this line.
     */
    synchronized Grant acquire() {
        long now = clock.getAsLong();
        long earned = (now - lastRefill) / refillNanos;
        if (earned > 0) {
            tokens = Math.min(burst, tokens + earned);
            lastRefill = tokens == burst ? now : lastRefill + earned * refillNanos;
        }
        if (tokens == 0) {
            if (suppressed++ == 0) {
                suppressedSince = now;
                return REFUSED_FIRST;
            }
            return REFUSED;
        }
        tokens--;
        return suppressed == 0 ? CLEAN : take(now);
    }

    /** Takes the lines refused since the last report without writing a line; null when there are none. */
    synchronized Grant drain() {
        return suppressed == 0 ? null : take(clock.getAsLong());
    }

    /** Time until the next token; what a scheduled summary waits. */
    long refillNanos() {
        return refillNanos;
    }

    private Grant take(long now) {
        Grant g = new Grant(suppressed, now - suppressedSince);
        suppressed = 0;
        return g;
    }
}
