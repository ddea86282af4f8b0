package io.goakt.dispatch;

import java.time.Duration;

/**
 * The time source and timer of one actor system: every timer, ask timeout, receive timeout, backoff and health
 * probe goes through it, so one thread serves them all and tests can replace time.
 *
 * <p>Threading: every method may be called by any thread. Tasks run on the scheduler's own thread and must be
 * short (the runtime's tasks only enqueue a message).
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Monotonic time in nanoseconds, for restart windows and receive timeouts. */
    long nanoTime();

    /** Stops the timer thread; pending tasks are dropped. Called once by the owning system at the end of shutdown. */
    void shutdown();

    /** A scheduled task that can be cancelled. */
    interface Cancellable {
        /** Cancels the task if it has not run yet; returns true if this call cancelled it. Idempotent. */
        boolean cancel();
    }
}
