package io.goakt.pattern;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.EventStream;
import io.goakt.dispatch.Scheduler;
import io.goakt.internal.util.SetOnce;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A circuit breaker for asynchronous calls, typically an {@code ask} whose result is piped to an actor:
 *
 * <pre>{@code
 * CircuitBreaker payments = CircuitBreaker.builder().name("payments").system(ctx.system())
 *         .maxFailures(5).callTimeout(Duration.ofSeconds(2)).resetTimeout(Duration.ofSeconds(10)).build();
 * ctx.pipeToSelf(payments.call(() -> ctx.ask(gateway, charge, Duration.ofSeconds(3))));
 * }</pre>
 *
 * <p><b>The problem.</b> When a dependency fails or hangs, every caller waits for its own timeout, piles up asks
 * and keeps the dependency busy while it tries to recover. <b>The approach.</b> After {@code maxFailures}
 * consecutive failures the breaker <i>opens</i>: calls fail at once with {@link CircuitBreakerOpenException} (saying
 * when it retries) without running. After {@code resetTimeout} it is <i>half-open</i>: exactly one trial call runs
 * while every other call still fails fast; its success <i>closes</i> the breaker, its failure opens it again (for
 * a longer reset timeout each time when {@link Builder#exponentialBackoff exponential backoff} is set, back to the
 * base one once closed).
 *
 * <p>A call fails when its stage completes exceptionally (an {@code AskTimeoutException}, a {@code Status.Failure}
 * reply, anything else), when the supplier throws, or when the stage does not complete within {@code callTimeout}:
 * the returned stage then fails with a {@link TimeoutException} and the stage's later outcome is ignored. A success
 * in the closed state resets the failure count. Each state change is published on the system's event stream as
 * {@link CircuitBreakerStateChanged}.
 *
 * <p><b>Concurrency.</b> Calls complete on whatever thread completes their stage, so the whole state is one
 * immutable {@code Snapshot} behind one {@link AtomicReference}, and every transition is one CAS from the snapshot
 * it was computed from:
 * <ul>
 *   <li>CLOSED(f) --failure, f + 1 &lt; max--&gt; CLOSED(f + 1); --failure, f + 1 = max--&gt; OPEN;
 *       --success--&gt; CLOSED(0)</li>
 *   <li>OPEN --a call after the reset timeout--&gt; HALF_OPEN: the caller whose CAS wins is the trial</li>
 *   <li>HALF_OPEN --trial succeeds--&gt; CLOSED(0); --trial fails--&gt; OPEN (longer reset timeout with backoff)</li>
 * </ul>
 * Every change of state also increments the snapshot's epoch, and a call's outcome counts only while the epoch it
 * was admitted in is current: a slow call admitted before the breaker opened cannot close it or count against the
 * next closed period, and only the trial's outcome leaves half-open. The event is published after the winning CAS,
 * on the thread that made it.
 *
 * <p>Threading: every method may be called by any thread; the breaker never blocks. Share one breaker among the
 * callers of one dependency.
 */
public final class CircuitBreaker {

    /** The states of a breaker. */
    public enum State {
        /** Calls run; failures are counted. */
        CLOSED,
        /** Calls fail fast until the reset timeout has passed. */
        OPEN,
        /** One trial call runs; the others fail fast. */
        HALF_OPEN
    }

    /**
     * One consistent view of the breaker; immutable, replaced by CAS.
     *
     * @param failures   consecutive failures while closed
     * @param openedAt   scheduler nanos when it last opened (meaningful while open)
     * @param resetNanos the reset timeout of this open period (with backoff, it grows)
     * @param epoch      incremented on every change of state
     */
    private record Snapshot(State state, int failures, long openedAt, long resetNanos, long epoch) {
    }

    private final String name;
    private final Scheduler scheduler;
    private final EventStream events;
    private final int maxFailures;
    private final Duration callTimeout;
    private final long resetNanos;
    private final double backoffFactor;
    private final long maxResetNanos;
    private final AtomicReference<Snapshot> state;

    private CircuitBreaker(Builder b) {
        this.name = b.name;
        this.scheduler = b.system.scheduler();
        this.events = b.system.eventStream();
        this.maxFailures = b.maxFailures;
        this.callTimeout = b.callTimeout;
        this.resetNanos = b.resetTimeout.toNanos();
        this.backoffFactor = b.backoffFactor;
        this.maxResetNanos = b.maxResetTimeout == null ? resetNanos : b.maxResetTimeout.toNanos();
        this.state = new AtomicReference<>(new Snapshot(State.CLOSED, 0, 0, resetNanos, 0));
    }

    /** Starts a breaker; {@code name} and {@code system} are required, the other settings have defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name given to the builder, used in events and exceptions. */
    public String name() {
        return name;
    }

    /** The state now (a volatile read; it may change as soon as it is returned). */
    public State state() {
        return state.get().state();
    }

    /** Consecutive failures counted in the closed state now; zero while open or half-open. */
    public int failureCount() {
        return state.get().failures();
    }

    /**
     * Runs {@code body} unless the breaker refuses, and returns a stage that completes as the body's stage does, or
     * fails with {@link TimeoutException} after {@code callTimeout}, or at once with
     * {@link CircuitBreakerOpenException} when the breaker is open or half-open with its trial running (the body is
     * then not run). Never throws for those: every outcome arrives through the returned stage.
     *
     * @param body starts the call (for example {@code () -> ctx.ask(to, msg, timeout)}); runs on the calling thread
     */
    public <T> CompletionStage<T> call(Supplier<? extends CompletionStage<? extends T>> body) {
        Objects.requireNonNull(body, "body");
        Snapshot admitted;
        try {
            admitted = admit();
        } catch (CircuitBreakerOpenException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        CompletionStage<? extends T> stage;
        try {
            stage = Objects.requireNonNull(body.get(), "the call's stage");
        } catch (RuntimeException | Error e) {
            onFailure(admitted);
            result.completeExceptionally(e);
            return result;
        }
        if (stage instanceof CompletableFuture<? extends T> done && done.isDone()) {
            done.whenComplete((value, error) -> settle(admitted, result, value, error)); // runs now, no timer needed
            return result;
        }
        Scheduler.Cancellable timer = scheduler.schedule(callTimeout, () -> {
            if (result.completeExceptionally(new TimeoutException("circuit breaker '" + name
                    + "': the call did not complete within " + callTimeout))) {
                onFailure(admitted);
            }
        });
        stage.whenComplete((value, error) -> {
            timer.cancel();
            settle(admitted, result, value, error);
        });
        return result;
    }

    /** Completes the call with its stage's outcome and counts it, unless the call timeout completed it first. */
    private <T> void settle(Snapshot admitted, CompletableFuture<T> result, T value, Throwable error) {
        if (error == null ? result.complete(value) : result.completeExceptionally(error)) {
            if (error == null) {
                onSuccess(admitted);
            } else {
                onFailure(admitted);
            }
        }
    }

    /** The snapshot a call runs under, or a refusal; a call after the reset timeout makes itself the trial. */
    private Snapshot admit() {
        for (;;) {
            Snapshot s = state.get(); // volatile load; pairs with the CAS of every transition
            switch (s.state()) {
                case CLOSED:
                    return s;
                case HALF_OPEN:
                    throw new CircuitBreakerOpenException(name, Duration.ZERO);
                default:
                    long waited = scheduler.nanoTime() - s.openedAt();
                    if (waited < s.resetNanos()) {
                        throw new CircuitBreakerOpenException(name, Duration.ofNanos(s.resetNanos() - waited));
                    }
                    Snapshot trial = new Snapshot(State.HALF_OPEN, 0, s.openedAt(), s.resetNanos(), s.epoch() + 1);
                    if (transition(s, trial)) {
                        return trial;
                    }
            }
        }
    }

    private void onSuccess(Snapshot admitted) {
        for (;;) {
            Snapshot s = state.get();
            if (s.epoch() != admitted.epoch() || (s.state() == State.CLOSED && s.failures() == 0)) {
                return; // admitted in an earlier period, or nothing to reset
            }
            Snapshot next = s.state() == State.HALF_OPEN
                    ? new Snapshot(State.CLOSED, 0, 0, resetNanos, s.epoch() + 1)
                    : new Snapshot(State.CLOSED, 0, 0, resetNanos, s.epoch());
            if (transition(s, next)) {
                return;
            }
        }
    }

    private void onFailure(Snapshot admitted) {
        for (;;) {
            Snapshot s = state.get();
            if (s.epoch() != admitted.epoch()) {
                return; // admitted in an earlier period
            }
            Snapshot next;
            if (s.state() == State.HALF_OPEN) {
                next = new Snapshot(State.OPEN, 0, scheduler.nanoTime(), backedOff(s.resetNanos()), s.epoch() + 1);
            } else if (s.failures() + 1 >= maxFailures) {
                next = new Snapshot(State.OPEN, 0, scheduler.nanoTime(), resetNanos, s.epoch() + 1);
            } else {
                next = new Snapshot(State.CLOSED, s.failures() + 1, 0, resetNanos, s.epoch());
            }
            if (transition(s, next)) {
                return;
            }
        }
    }

    private long backedOff(long current) {
        double grown = current * backoffFactor;
        return grown >= maxResetNanos ? maxResetNanos : (long) grown;
    }

    /** One CAS; on success, publishes the change of state if there is one. */
    private boolean transition(Snapshot from, Snapshot to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        if (from.state() != to.state()) {
            events.publish(new CircuitBreakerStateChanged(name, from.state(), to.state()));
        }
        return true;
    }

    @Override
    public String toString() {
        Snapshot s = state.get();
        return "CircuitBreaker[" + name + ", " + s.state() + ", failures=" + s.failures() + "]";
    }

    /**
     * Builds a {@link CircuitBreaker}. Each setting may be given once; a second call fails naming the value already
     * set. Defaults: {@code maxFailures} 5, {@code callTimeout} 10 s, {@code resetTimeout} 30 s, no backoff.
     * Not thread-safe: build on one thread, then share the breaker.
     */
    public static final class Builder {
        private final SetOnce given = SetOnce.reusable();
        private String name;
        private ActorSystem system;
        private int maxFailures = 5;
        private Duration callTimeout = Duration.ofSeconds(10);
        private Duration resetTimeout = Duration.ofSeconds(30);
        private double backoffFactor = 1.0;
        private Duration maxResetTimeout;

        private Builder() {
        }

        /** The name in events and exceptions; required, not blank. */
        public Builder name(String name) {
            if (name != null && name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = given.set("name", this.name, name);
            return this;
        }

        /**
         * The actor system whose scheduler is the breaker's clock and call-timeout timer and whose event stream gets
         * its state changes; required.
         */
        public Builder system(ActorSystem system) {
            this.system = given.set("system", this.system, system);
            return this;
        }

        /** Consecutive failures that open the breaker; at least 1. */
        public Builder maxFailures(int maxFailures) {
            if (maxFailures < 1) {
                throw new IllegalArgumentException("maxFailures must be >= 1, was " + maxFailures);
            }
            given.claim("maxFailures", this.maxFailures);
            this.maxFailures = maxFailures;
            return this;
        }

        /** How long a call may take before it counts as failed; positive. */
        public Builder callTimeout(Duration callTimeout) {
            requirePositive("callTimeout", callTimeout);
            this.callTimeout = given.set("callTimeout", this.callTimeout, callTimeout);
            return this;
        }

        /** How long the breaker stays open before it lets a trial call through; positive. */
        public Builder resetTimeout(Duration resetTimeout) {
            requirePositive("resetTimeout", resetTimeout);
            this.resetTimeout = given.set("resetTimeout", this.resetTimeout, resetTimeout);
            return this;
        }

        /**
         * Each failed trial multiplies the reset timeout by {@code factor}, up to {@code maxResetTimeout}; closing
         * the breaker brings it back to {@link #resetTimeout}.
         *
         * @param factor          greater than 1
         * @param maxResetTimeout at least the reset timeout (checked by {@link #build()})
         */
        public Builder exponentialBackoff(double factor, Duration maxResetTimeout) {
            if (!(factor > 1.0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("exponentialBackoff factor must be > 1, was " + factor);
            }
            requirePositive("maxResetTimeout", maxResetTimeout);
            given.claim("exponentialBackoff", "factor " + backoffFactor + ", max " + this.maxResetTimeout);
            this.backoffFactor = factor;
            this.maxResetTimeout = maxResetTimeout;
            return this;
        }

        /** Checks the settings together and returns the breaker, closed. */
        public CircuitBreaker build() {
            if (name == null || system == null) {
                throw new IllegalStateException("a circuit breaker needs " + (name == null ? "a name" : "a system")
                        + ": set it with " + (name == null ? "name(..)" : "system(..)"));
            }
            if (maxResetTimeout != null && maxResetTimeout.compareTo(resetTimeout) < 0) {
                throw new IllegalArgumentException("exponentialBackoff maxResetTimeout (" + maxResetTimeout
                        + ") must be at least resetTimeout (" + resetTimeout + ")");
            }
            return new CircuitBreaker(this);
        }

        private static void requirePositive(String setting, Duration d) {
            Objects.requireNonNull(d, setting);
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(setting + " must be positive, was " + d);
            }
        }
    }
}
