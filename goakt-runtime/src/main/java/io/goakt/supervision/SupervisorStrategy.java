package io.goakt.supervision;

import io.goakt.internal.util.SetOnce;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How failures of an actor are handled: which {@link Directive} a failure gets, whether it applies to the failed
 * actor alone ({@link Scope#ONE_FOR_ONE}) or to it and all its siblings ({@link Scope#ALL_FOR_ONE}), how many
 * restarts are allowed within a time window before the actor is stopped instead, and how long to wait before each
 * restart.
 *
 * <p>The strategy is given to an actor when it is spawned; its parent applies it when the actor fails. Build one
 * with {@link #oneForOne()} or {@link #allForOne()}:
 *
 * <pre>{@code
 * SupervisorStrategy.oneForOne()
 *     .on(IllegalArgumentException.class, Directive.RESUME)
 *     .on(IOException.class, Directive.RESTART)
 *     .otherwise(Directive.STOP)
 *     .maxRestarts(5, Duration.ofMinutes(1))
 *     .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(5), 0.2))
 *     .build();
 * }</pre>
 *
 * <p>Immutable once built; safe to share between threads and between actors.
 */
public final class SupervisorStrategy {

    /** Which actors a directive applies to. */
    public enum Scope {
        /** Only the actor that failed. */
        ONE_FOR_ONE,
        /** The actor that failed and every sibling under the same parent. */
        ALL_FOR_ONE
    }

    /** The restart window when {@link Builder#maxRestarts} is not given (it has no effect then: no limit). */
    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    /** {@link #maxRestarts()} when no limit is given. */
    private static final int UNLIMITED = -1;

    /** Restart on every exception, without limit or delay: what an actor gets when nothing else is said. */
    private static final SupervisorStrategy DEFAULT = oneForOne().build();

    private final Scope scope;
    private final Function<Throwable, Directive> decider;
    private final int maxRestarts;
    private final Duration window;
    private final Backoff backoff;

    private SupervisorStrategy(Builder b) {
        this.scope = b.scope;
        this.decider = b.decider;
        this.maxRestarts = b.maxRestarts;
        this.window = b.window;
        this.backoff = b.backoff;
    }

    /** The default: one-for-one, restart on any exception, no restart limit, no backoff. */
    public static SupervisorStrategy defaultStrategy() {
        return DEFAULT;
    }

    /** Starts a strategy whose directives apply to the failed actor only. */
    public static Builder oneForOne() {
        return new Builder(Scope.ONE_FOR_ONE);
    }

    /** Starts a strategy whose directives apply to the failed actor and all its siblings. */
    public static Builder allForOne() {
        return new Builder(Scope.ALL_FOR_ONE);
    }

    /** The directive for {@code cause}; never null. A decider that throws or returns null yields {@link Directive#ESCALATE}. */
    public Directive decide(Throwable cause) {
        try {
            Directive d = decider.apply(cause);
            return d == null ? Directive.ESCALATE : d;
        } catch (RuntimeException e) {
            return Directive.ESCALATE;
        }
    }

    /** The scope of a directive. */
    public Scope scope() {
        return scope;
    }

    /** Restarts allowed within {@link #window()}; a negative number means no limit. */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** The window in which restarts are counted. */
    public Duration window() {
        return window;
    }

    /** The wait before a restart. */
    public Backoff backoff() {
        return backoff;
    }

    @Override
    public String toString() {
        return "SupervisorStrategy[" + scope + ", maxRestarts=" + (maxRestarts < 0 ? "unlimited" : maxRestarts)
                + " in " + window + ", " + backoff + "]";
    }

    /**
     * Builds a {@link SupervisorStrategy}. Each setting may be given once; a second call fails naming the value
     * already set. Not thread-safe: build on one thread, then share the result.
     */
    public static final class Builder {
        private final SetOnce given = SetOnce.singleUse("strategy");
        private final Scope scope;
        private final Map<Class<? extends Throwable>, Directive> rules = new LinkedHashMap<>();
        private Directive otherwise;
        private Function<Throwable, Directive> decider;
        private int maxRestarts = UNLIMITED;
        private Duration window;
        private Backoff backoff;

        private Builder(Scope scope) {
            this.scope = scope;
        }

        /**
         * Answer failures of type {@code type} (and its subtypes) with {@code directive}. When several types match,
         * the closest one in the exception's class hierarchy wins.
         */
        public Builder on(Class<? extends Throwable> type, Directive directive) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(directive, "directive");
            given.checkOpen();
            if (decider != null) {
                throw new IllegalStateException("a custom decider is already set; rules cannot be mixed with it");
            }
            given.putOnce(rules, type, directive, "a rule for " + type.getName());
            return this;
        }

        /** The directive for failures no rule matches; {@link Directive#RESTART} if not given. */
        public Builder otherwise(Directive directive) {
            Objects.requireNonNull(directive, "directive");
            given.checkOpen();
            if (decider != null) {
                throw new IllegalStateException("a custom decider is already set; rules cannot be mixed with it");
            }
            this.otherwise = given.set("otherwise", otherwise, directive);
            return this;
        }

        /** A decider of your own instead of {@link #on} rules. It must be fast, pure and thread-safe. */
        public Builder decider(Function<Throwable, Directive> decider) {
            Objects.requireNonNull(decider, "decider");
            given.checkOpen();
            if (!rules.isEmpty() || otherwise != null) {
                throw new IllegalStateException("rules are already set; a custom decider cannot be mixed with them");
            }
            this.decider = given.set("decider", this.decider, decider);
            return this;
        }

        /** Stop the actor instead of restarting it once it has been restarted {@code max} times within {@code window}. */
        public Builder maxRestarts(int max, Duration window) {
            Objects.requireNonNull(window, "window");
            given.checkOpen();
            if (max < 0) {
                throw new IllegalArgumentException("maxRestarts must be >= 0, was " + max);
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("maxRestarts window must be positive, was " + window);
            }
            given.claim("maxRestarts", maxRestarts + " in " + this.window);
            this.maxRestarts = max;
            this.window = window;
            return this;
        }

        /** The wait before each restart; {@link Backoff#none()} if not given. */
        public Builder backoff(Backoff backoff) {
            this.backoff = given.set("backoff", this.backoff, backoff);
            return this;
        }

        /** Checks the settings together and returns the strategy. */
        public SupervisorStrategy build() {
            given.markBuilt();
            if (decider == null) {
                Map<Class<? extends Throwable>, Directive> copy = new LinkedHashMap<>(rules);
                Directive fallback = otherwise == null ? Directive.RESTART : otherwise;
                decider = cause -> closestRule(copy, cause, fallback);
            }
            if (window == null) {
                window = DEFAULT_WINDOW;
            }
            if (backoff == null) {
                backoff = Backoff.none();
            }
            return new SupervisorStrategy(this);
        }

        private static Directive closestRule(Map<Class<? extends Throwable>, Directive> rules, Throwable cause,
                                             Directive fallback) {
            for (Class<?> c = cause.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                Directive d = rules.get(c);
                if (d != null) {
                    return d;
                }
            }
            return fallback;
        }
    }
}
