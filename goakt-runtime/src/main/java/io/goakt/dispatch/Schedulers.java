package io.goakt.dispatch;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Factories for {@link Scheduler}s. */
public final class Schedulers {

    /** Tick of the default wheel: timers fire up to this late, which suits ask timeouts and actor timers. */
    private static final Duration DEFAULT_TICK = Duration.ofMillis(10);
    /** Buckets of the default wheel: one lap is {@code 512 * 10 ms}, about five seconds, the usual ask timeout. */
    private static final int DEFAULT_BUCKETS = 512;

    private Schedulers() {
    }

    /**
     * The default scheduler: a {@link WheelScheduler} ticking every 10 ms on one daemon thread named
     * {@code threadName}. Scheduling and cancelling never wake the timer thread.
     */
    public static Scheduler wheel(String threadName) {
        return new WheelScheduler(threadName, DEFAULT_TICK, DEFAULT_BUCKETS);
    }

    /**
     * A scheduler of one daemon thread named {@code threadName} over a
     * {@link ScheduledThreadPoolExecutor} that removes cancelled tasks at once, so cancelled ask timeouts do not
     * pile up.
     */
    public static Scheduler singleThread(String threadName) {
        return new ExecutorScheduler(threadName);
    }

    private static final class ExecutorScheduler implements Scheduler {
        private final ScheduledThreadPoolExecutor executor;

        ExecutorScheduler(String threadName) {
            executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, threadName);
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            try {
                ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            } catch (RejectedExecutionException e) {
                return () -> false; // shut down: nothing will fire any more
            }
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void shutdown() {
            executor.shutdownNow();
        }
    }
}
