package io.goakt.actor;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A cap on the live actors of a system, kept by passivating actors that can come back on demand: those spawned with
 * a {@link Passivation} other than {@link Passivation#longLived()}, and grain activations. Other actors (long-lived
 * ones, guardians, the runtime's own) are never evicted, even while the system is over the cap; they count towards
 * it. An evicted actor stops exactly as a passivated one does ({@code postStop} runs, and
 * {@link io.goakt.eventstream.ActorPassivated} is published with reason {@code EVICTED}); an evicted grain
 * deactivates with {@link io.goakt.grain.GrainDeactivated.Reason#EVICTED} and its next message activates it again.
 *
 * <p>The check runs when an actor starts (so spawning past the cap evicts at once) and every {@link #interval()}.
 * Victims are chosen from a random sample of {@link #sampleSize()} candidates (exact when there are no more
 * candidates than that), the approximate LRU that Redis uses: an eviction costs the sample, never a walk over every
 * actor.
 * <ul>
 *   <li>{@link Strategy#LRU}: the candidate whose last message arrived longest ago;</li>
 *   <li>{@link Strategy#LFU}: the candidate that has processed the fewest messages;</li>
 *   <li>{@link Strategy#MRU}: the candidate whose last message arrived most recently.</li>
 * </ul>
 *
 * <p>Immutable; safe to share. Configure with {@link ActorSystemConfig.Builder#eviction(EvictionPolicy)}.
 */
public final class EvictionPolicy {

    /** Default of {@link #interval()}. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    /** Default of {@link #sampleSize()}. */
    public static final int DEFAULT_SAMPLE_SIZE = 16;

    /** Which candidate goes first. */
    public enum Strategy {
        /** Least recently used: the oldest last message. */
        LRU,
        /** Least frequently used: the fewest messages processed. */
        LFU,
        /** Most recently used: the newest last message. */
        MRU
    }

    private final Strategy strategy;
    private final int maxActors;
    private final int percentage;
    private final Duration interval;
    private final int sampleSize;

    private EvictionPolicy(Strategy strategy, int maxActors, int percentage, Duration interval, int sampleSize) {
        this.strategy = strategy;
        this.maxActors = maxActors;
        this.percentage = percentage;
        this.interval = interval;
        this.sampleSize = sampleSize;
    }

    /** Evicts the least recently used candidates while more than {@code maxActors} actors live. */
    public static EvictionPolicy lru(int maxActors) {
        return of(Strategy.LRU, maxActors);
    }

    /** Evicts the least frequently used candidates while more than {@code maxActors} actors live. */
    public static EvictionPolicy lfu(int maxActors) {
        return of(Strategy.LFU, maxActors);
    }

    /** Evicts the most recently used candidates while more than {@code maxActors} actors live. */
    public static EvictionPolicy mru(int maxActors) {
        return of(Strategy.MRU, maxActors);
    }

    /** A policy of {@code strategy} with a cap of {@code maxActors} (at least 1) and the other settings' defaults. */
    public static EvictionPolicy of(Strategy strategy, int maxActors) {
        Objects.requireNonNull(strategy, "strategy");
        if (maxActors < 1) {
            throw new IllegalArgumentException("eviction maxActors must be >= 1, was " + maxActors);
        }
        return new EvictionPolicy(strategy, maxActors, 0, DEFAULT_INTERVAL, DEFAULT_SAMPLE_SIZE);
    }

    /**
     * When over the cap, evict this percentage of the cap beyond the excess (0 to 100; default 0, only the excess),
     * so that a system at its cap does not evict on every spawn.
     */
    public EvictionPolicy withPercentage(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("eviction percentage must be within [0, 100], was " + percent);
        }
        return new EvictionPolicy(strategy, maxActors, percent, interval, sampleSize);
    }

    /** How often the cap is checked besides on every start; default {@link #DEFAULT_INTERVAL}. Must be positive. */
    public EvictionPolicy withInterval(Duration every) {
        Objects.requireNonNull(every, "interval");
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException("eviction interval must be positive, was " + every);
        }
        return new EvictionPolicy(strategy, maxActors, percentage, every, sampleSize);
    }

    /**
     * Candidates looked at per eviction; default {@value #DEFAULT_SAMPLE_SIZE}. Larger is closer to exact and costs
     * more per eviction. Must be within [1, 1024].
     */
    public EvictionPolicy withSampleSize(int candidates) {
        if (candidates < 1 || candidates > 1024) {
            throw new IllegalArgumentException("eviction sampleSize must be within [1, 1024], was " + candidates);
        }
        return new EvictionPolicy(strategy, maxActors, percentage, interval, candidates);
    }

    /** Which candidate goes first. */
    public Strategy strategy() {
        return strategy;
    }

    /** The cap on live actors. */
    public int maxActors() {
        return maxActors;
    }

    /** Percentage of the cap evicted beyond the excess. */
    public int percentage() {
        return percentage;
    }

    /** How often the cap is checked besides on every start. */
    public Duration interval() {
        return interval;
    }

    /** Candidates looked at per eviction. */
    public int sampleSize() {
        return sampleSize;
    }

    @Override
    public String toString() {
        return "EvictionPolicy." + strategy.name().toLowerCase(Locale.ROOT) + "(" + maxActors
                + ", percentage=" + percentage + ", interval=" + interval + ", sampleSize=" + sampleSize + ")";
    }
}
