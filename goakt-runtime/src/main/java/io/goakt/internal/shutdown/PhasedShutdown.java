package io.goakt.internal.shutdown;

import io.goakt.shutdown.CoordinatedShutdown;
import io.goakt.shutdown.ShutdownPhase;
import io.goakt.shutdown.ShutdownReason;
import io.goakt.shutdown.ShutdownTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The phase machinery of {@link CoordinatedShutdown}, knowing nothing of actors: the actor system hands it one
 * {@link Step} per phase in which the runtime itself does something, and the application (and the cluster) add
 * tasks.
 *
 * <p>How it runs: the first {@link #run} fixes the reason and the deadline, takes a snapshot of the tasks, and
 * starts one thread, {@code goakt-<system>-shutdown}, that walks the phases in order. In each phase it starts every
 * task's first attempt on a pool of daemon threads (so tasks that block do not hold one another up), waits for all
 * of them until the deadline, then runs the runtime's step on its own thread. An attempt is the task's {@code run}
 * followed by the stage it returns, bounded by the task's timeout with {@code orTimeout}; a failed attempt starts
 * the next one from the callback, while retries and time are left, so a task never needs a thread to wait for it.
 * An attempt that timed out is abandoned, not interrupted; the pool is shut down (interrupting what still runs)
 * once the last phase is over.
 *
 * <p>The shutdown thread is not a daemon: a JVM whose main thread has returned stays up until the system has
 * terminated, which the deadline bounds (the steps bound themselves by it; {@link ShutdownPhase#SYSTEM_TERMINATE}
 * runs even past it).
 *
 * <p>Threading: every public method may be called by any thread. The task lists, the reason and the result are
 * guarded by this object's monitor; after the first {@code run} the lists are only read, by the shutdown thread,
 * from the snapshot taken under the monitor.
 */
public final class PhasedShutdown implements CoordinatedShutdown {

    /** The system's start and stop lines share one logger, which docs/logging.md names. */
    private static final Logger LOG = LoggerFactory.getLogger("io.goakt.actor.ActorSystem");

    /** The runtime's own work in one phase, run on the shutdown thread after the phase's tasks. */
    @FunctionalInterface
    public interface Step {
        /**
         * @param deadlineNanos the shutdown's deadline on {@link System#nanoTime()}'s scale; the step bounds any
         *                      waiting by it
         * @param timeout       the whole shutdown's bound, for messages
         */
        void run(long deadlineNanos, Duration timeout) throws Exception;
    }

    private final String systemName;
    private final Map<ShutdownPhase, Step> steps;
    /** Guarded by this. */
    private final Map<ShutdownPhase, List<Task>> tasks = new EnumMap<>(ShutdownPhase.class);
    /** Guarded by this; set once, by the first {@link #run}. */
    private ShutdownReason reason;
    /** Guarded by this; set once, by the first {@link #run}, with {@link #result}. */
    private CompletableFuture<Void> done;
    /** What every {@link #run} returns: a view of {@link #done} that callers cannot complete. */
    private CompletionStage<Void> result;

    /**
     * @param systemName names the threads and the log lines
     * @param steps      the runtime's step in each phase that has one
     */
    public PhasedShutdown(String systemName, Map<ShutdownPhase, Step> steps) {
        this.systemName = Objects.requireNonNull(systemName, "systemName");
        this.steps = new EnumMap<>(ShutdownPhase.class);
        this.steps.putAll(steps);
    }

    @Override
    public Registration addTask(ShutdownPhase phase, String name, Duration timeout, int retries, ShutdownTask task) {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(task, "task");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a shutdown task needs a name");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout of shutdown task '" + name + "' must be positive, was "
                    + timeout);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries of shutdown task '" + name + "' must be 0 or more, was "
                    + retries);
        }
        Task t = new Task(phase, name, timeout, retries, task);
        synchronized (this) {
            if (done != null) {
                throw new IllegalStateException("actor system " + systemName + " is shutting down (" + reason
                        + "): task '" + name + "' cannot be added to " + phase);
            }
            tasks.computeIfAbsent(phase, p -> new ArrayList<>()).add(t);
        }
        return () -> {
            synchronized (this) {
                return done == null && tasks.getOrDefault(phase, List.of()).remove(t);
            }
        };
    }

    @Override
    public CompletionStage<Void> run(ShutdownReason why, Duration timeout) {
        CompletionStage<Void> started = runIfFirst(why, timeout);
        return started != null ? started : result();
    }

    private synchronized CompletionStage<Void> result() {
        return result;
    }

    /**
     * As {@link #run}, but returns null when the shutdown had begun already: how {@code ActorSystem.shutdown} knows
     * that its caller is the one that reports the outcome.
     */
    public CompletionStage<Void> runIfFirst(ShutdownReason why, Duration timeout) {
        Objects.requireNonNull(why, "reason");
        Objects.requireNonNull(timeout, "timeout");
        Map<ShutdownPhase, List<Task>> snapshot = new EnumMap<>(ShutdownPhase.class);
        long deadline;
        synchronized (this) {
            if (done != null) {
                return null;
            }
            reason = why;
            done = new CompletableFuture<>();
            result = done.minimalCompletionStage();
            tasks.forEach((phase, list) -> snapshot.put(phase, List.copyOf(list)));
            deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        }
        LOG.info("actor system {} shutting down ({}), within {}", systemName, why, timeout);
        Thread runner = new Thread(() -> runPhases(why, snapshot, deadline, timeout),
                "goakt-" + systemName + "-shutdown");
        runner.setDaemon(false);
        runner.start();
        return result;
    }

    @Override
    public synchronized Optional<ShutdownReason> reason() {
        return Optional.ofNullable(reason);
    }

    private void runPhases(ShutdownReason why, Map<ShutdownPhase, List<Task>> snapshot, long deadline,
                           Duration timeout) {
        ExecutorService pool = Executors.newCachedThreadPool(daemonThreads("goakt-" + systemName + "-shutdown-task-"));
        Throwable failure = null;
        try {
            for (ShutdownPhase phase : ShutdownPhase.values()) {
                List<Task> phaseTasks = snapshot.getOrDefault(phase, List.of());
                if (!phaseTasks.isEmpty()) {
                    runTasks(phase, phaseTasks, why, pool, deadline);
                }
                Step step = steps.get(phase);
                if (step != null) {
                    try {
                        step.run(deadline, timeout);
                    } catch (Throwable e) {
                        if (failure == null) {
                            failure = e;
                        } else {
                            failure.addSuppressed(e);
                        }
                    }
                }
                LOG.debug("actor system {}: shutdown phase {} done", systemName, phase);
            }
        } finally {
            pool.shutdownNow();
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        }
    }

    private void runTasks(ShutdownPhase phase, List<Task> phaseTasks, ShutdownReason why, ExecutorService pool,
                          long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            LOG.warn("actor system {}: shutdown deadline passed before phase {}; not running {}", systemName, phase,
                    names(phaseTasks, null));
            return;
        }
        List<CompletableFuture<Void>> attempts = new ArrayList<>(phaseTasks.size());
        for (Task t : phaseTasks) {
            CompletableFuture<Void> finished = new CompletableFuture<>();
            attempt(t, 1, why, pool, deadline, finished);
            attempts.add(finished);
        }
        try {
            CompletableFuture.allOf(attempts.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.warn("actor system {}: shutdown deadline passed in phase {}; still running {}", systemName, phase,
                    names(phaseTasks, attempts));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("actor system {}: shutdown phase {} failed", systemName, phase, e.getCause());
        }
    }

    /** Runs attempt number {@code n} of {@code t}; completes {@code finished} once it succeeded or gave up. */
    private void attempt(Task t, int n, ShutdownReason why, ExecutorService pool, long deadline,
                         CompletableFuture<Void> finished) {
        CompletableFuture<Object> outcome;
        try {
            outcome = CompletableFuture.supplyAsync(() -> start(t, why), pool).thenCompose(s -> s);
        } catch (RejectedExecutionException e) {
            finished.complete(null); // the last phase is over
            return;
        }
        outcome.orTimeout(t.timeout.toNanos(), TimeUnit.NANOSECONDS).whenComplete((v, e) -> {
            if (e == null) {
                finished.complete(null);
                return;
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            String what = cause instanceof TimeoutException ? "timed out after " + t.timeout : "failed: " + cause;
            if (n <= t.retries && deadline - System.nanoTime() > 0) {
                LOG.warn("actor system {}: shutdown task '{}' in phase {} {} (attempt {} of {}); trying again",
                        systemName, t.name, t.phase, what, n, t.retries + 1);
                attempt(t, n + 1, why, pool, deadline, finished);
            } else {
                LOG.warn("actor system {}: shutdown task '{}' in phase {} {} (attempt {} of {}); going on",
                        systemName, t.name, t.phase, what, n, t.retries + 1,
                        cause instanceof TimeoutException ? null : cause);
                finished.complete(null);
            }
        });
    }

    private static CompletableFuture<Object> start(Task t, ShutdownReason why) {
        CompletionStage<?> stage;
        try {
            stage = t.task.run(why);
        } catch (Exception e) {
            throw new CompletionException(e);
        }
        if (stage == null) {
            throw new NullPointerException("shutdown task '" + t.name + "' returned null instead of a stage");
        }
        CompletableFuture<Object> f = new CompletableFuture<>();
        stage.whenComplete((v, e) -> {
            if (e != null) {
                f.completeExceptionally(e);
            } else {
                f.complete(v);
            }
        });
        return f;
    }

    private static List<String> names(List<Task> phaseTasks, List<CompletableFuture<Void>> attempts) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < phaseTasks.size(); i++) {
            if (attempts == null || !attempts.get(i).isDone()) {
                names.add(phaseTasks.get(i).name);
            }
        }
        return names;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private record Task(ShutdownPhase phase, String name, Duration timeout, int retries, ShutdownTask task) {
    }
}
