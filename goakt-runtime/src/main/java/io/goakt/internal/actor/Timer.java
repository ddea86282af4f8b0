package io.goakt.internal.actor;

import io.goakt.actor.TimerMode;
import io.goakt.dispatch.Scheduler;
import io.goakt.internal.util.CronSchedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One keyed timer of an actor. The timer object itself is the queued message of each firing, so a firing allocates
 * only its envelope; when it reaches the actor, the cell delivers it only if the same timer object is still the
 * active one for its key, which makes cancel and replace exact even for firings already queued.
 *
 * <p>A cron timer fires at the times of its {@link CronSchedule}: each firing, when the actor takes it, arms the next
 * one. Wall-clock time is read once, when the timer starts; later firings follow the scheduler's clock from the
 * wall-clock instant each was due at (plus the scheduler's lateness), so a test that controls the scheduler controls
 * cron timers too, and a firing the actor takes after the next one was due skips the missed ones instead of catching
 * up.
 *
 * <p>Threading: created, started and cancelled on the actor's thread; {@link #run} runs on the scheduler's thread.
 * {@link #cancelled} and {@link #handle} are volatile because both threads touch them. The cron fields are touched
 * only on the actor's thread.
 */
final class Timer extends InternalMessage implements Runnable {

    final ActorCell cell;
    final Object key;
    final Object message;
    /** {@code null} for a one-shot timer. */
    final TimerMode mode;
    final long intervalNanos;
    /** {@code null} unless this is a cron timer. */
    final CronSchedule cron;

    private volatile boolean cancelled;
    private volatile Scheduler.Cancellable handle;
    /** Fixed rate only: the next firing's due time. Written on start, then only by the scheduler thread. */
    private long nextDue;
    /** Cron only: the wall-clock instant of the armed firing, and the scheduler time it is due at. */
    private Instant cronDue;
    private long cronDueNanos;

    Timer(ActorCell cell, Object key, Object message, TimerMode mode, long intervalNanos) {
        this(cell, key, message, mode, intervalNanos, null);
    }

    /** A cron timer. */
    Timer(ActorCell cell, Object key, Object message, CronSchedule cron) {
        this(cell, key, message, null, 0, cron);
    }

    private Timer(ActorCell cell, Object key, Object message, TimerMode mode, long intervalNanos,
                  CronSchedule cron) {
        this.cell = cell;
        this.key = key;
        this.message = message;
        this.mode = mode;
        this.intervalNanos = intervalNanos;
        this.cron = cron;
    }

    /** Arms a cron timer's first firing; false (nothing armed) when its expression never fires. Actor's thread. */
    boolean startCron() {
        Instant now = Instant.now();
        return armCron(now, cron.next(now));
    }

    /**
     * Arms the firing after the one the actor is taking now, skipping any that are already past; false when there
     * is none. Actor's thread.
     */
    boolean rearmCron() {
        long late = Math.max(0, cell.system.scheduler().nanoTime() - cronDueNanos);
        Instant now = cronDue.plusNanos(late);
        return armCron(now, cron.next(now));
    }

    private boolean armCron(Instant now, Optional<Instant> next) {
        if (next.isEmpty()) {
            return false;
        }
        Duration delay = Duration.between(now, next.get());
        cronDue = next.get();
        cronDueNanos = cell.system.scheduler().nanoTime() + delay.toNanos();
        start(delay);
        return true;
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
