package io.goakt.internal.actor;

import io.goakt.actor.TimerMode;
import io.goakt.dispatch.Scheduler;

import java.time.Duration;

/**
 * One keyed timer of an actor. The timer object itself is the queued message of each firing, so a firing allocates
 * only its envelope; when it reaches the actor, the cell delivers it only if the same timer object is still the
 * active one for its key, which makes cancel and replace exact even for firings already queued.
 *
 * <p>Threading: created, started and cancelled on the actor's thread; {@link #run} runs on the scheduler's thread.
 * {@link #cancelled} and {@link #handle} are volatile because both threads touch them.
 */
final class Timer extends InternalMessage implements Runnable {

    final ActorCell cell;
    final Object key;
    final Object message;
    /** {@code null} for a one-shot timer. */
    final TimerMode mode;
    final long intervalNanos;

    private volatile boolean cancelled;
    private volatile Scheduler.Cancellable handle;
    /** Fixed rate only: the next firing's due time. Written on start, then only by the scheduler thread. */
    private long nextDue;

    Timer(ActorCell cell, Object key, Object message, TimerMode mode, long intervalNanos) {
        this.cell = cell;
        this.key = key;
        this.message = message;
        this.mode = mode;
        this.intervalNanos = intervalNanos;
    }

    /** Arms the timer to fire after {@code delay}. Actor's thread. */
    void start(Duration delay) {
        if (cancelled) {
            return;
        }
        Scheduler scheduler = cell.system.scheduler();
        if (mode == TimerMode.FIXED_RATE) {
            nextDue = scheduler.nanoTime() + Math.max(0, delay.toNanos());
        }
        Scheduler.Cancellable h = scheduler.schedule(delay, this);
        handle = h;
        // Volatile read after the write of handle: a cancel that raced in has either seen the handle or set the flag.
        if (cancelled) {
            h.cancel();
        }
    }

    /** Fires: enqueue this timer at its actor, and for fixed rate arm the next firing. Scheduler's thread. */
    @Override
    public void run() {
        if (cancelled) {
            return;
        }
        if (mode == TimerMode.FIXED_RATE) {
            Scheduler scheduler = cell.system.scheduler();
            nextDue += intervalNanos;
            long delay = Math.max(0, nextDue - scheduler.nanoTime());
            Scheduler.Cancellable h = scheduler.schedule(Duration.ofNanos(delay), this);
            handle = h;
            if (cancelled) {
                h.cancel();
            }
        }
        cell.fire(this);
    }

    /** Stops further firings; a firing already queued is dropped by the actor. Actor's thread. */
    void cancel() {
        cancelled = true;
        Scheduler.Cancellable h = handle;
        if (h != null) {
            h.cancel();
        }
    }
}
