package io.goakt.spring.metrics;

import java.util.function.Supplier;

/**
 * A value recomputed at most once per {@link #TTL_NANOS}, so the gauges of one scrape, one per kind, walk the actor
 * tree or the active grains once between them instead of once each.
 *
 * <p>Threading: any thread may call {@link #get()}. Two threads that find the value stale both recompute it; the
 * last store wins, and both results are equally fresh. The volatile load in {@link #get()} pairs with the volatile
 * store after a recomputation, so a reader sees the maps a snapshot holds fully built.
 */
final class PeriodicSnapshot<T> {

    /** Far shorter than any scrape interval, far longer than the gauge reads of one scrape. */
    static final long TTL_NANOS = 1_000_000_000L;

    private record Stamped<T>(T value, long takenAt, boolean taken) {
    }

    private final Supplier<T> take;
    private volatile Stamped<T> last;

    /**
     * @param empty what {@link #get()} returns until a snapshot is taken
     * @param take  takes a snapshot, or returns {@code null} when there is nothing to observe yet
     */
    PeriodicSnapshot(T empty, Supplier<T> take) {
        this.take = take;
        this.last = new Stamped<>(empty, 0, false);
    }

    /** The last snapshot when it is younger than {@link #TTL_NANOS}, else a fresh one. */
    T get() {
        Stamped<T> s = last;
        long now = System.nanoTime();
        if (s.taken() && now - s.takenAt() < TTL_NANOS) {
            return s.value();
        }
        T value = take.get();
        if (value == null) {
            return s.value();
        }
        last = new Stamped<>(value, now, true);
        return value;
    }
}
