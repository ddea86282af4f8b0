package io.goakt.shutdown;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The ordered shutdown of one actor system: fixed {@linkplain ShutdownPhase phases}, each with the tasks the
 * application and the runtime added to it. Reached through {@code ActorSystem.coordinatedShutdown()};
 * {@code ActorSystem.shutdown(Duration)} and {@code close()} run it, and so does the Spring starter when the
 * application context closes.
 *
 * <p>Semantics, after Akka's {@code CoordinatedShutdown}:
 * <ul>
 *   <li>The phases run one after another in {@link ShutdownPhase} order. The tasks of one phase run concurrently,
 *       each on a thread of its own.</li>
 *   <li>Each attempt of a task is bounded by the task's timeout. A task that fails or times out is tried again, up
 *       to its {@code retries}; after the last attempt the failure is logged and the phase goes on. A failing task
 *       never stops the shutdown.</li>
 *   <li>The whole shutdown is bounded by the timeout given to {@link #run}: no phase waits past it, and the last
 *       phase ({@link ShutdownPhase#SYSTEM_TERMINATE}) runs even when it has passed.</li>
 *   <li>The shutdown runs once. The first {@link #run} starts it; every later call returns the same stage.</li>
 * </ul>
 *
 * <p>Threading: every method may be called by any thread, also from an actor or from a task (a task that waits for
 * the stage {@code run} returns waits for itself, until the deadline).
 */
public interface CoordinatedShutdown {

    /**
     * Adds a task to {@code phase}. Tasks added while the shutdown runs are refused: a phase may have passed
     * already.
     *
     * @param phase   when it runs
     * @param name    what the log calls it, e.g. {@code "flush-cache"}; not blank
     * @param timeout bound on each attempt; positive
     * @param retries further attempts after a failure or timeout; 0 or more
     * @param task    the work
     * @return a handle that removes the task before the shutdown begins
     * @throws IllegalStateException    when the shutdown has begun
     * @throws IllegalArgumentException for a blank name, a timeout that is not positive or negative retries
     */
    Registration addTask(ShutdownPhase phase, String name, Duration timeout, int retries, ShutdownTask task);

    /**
     * Starts the shutdown with {@code reason} (logged), bounded by {@code timeout}, and returns a stage that
     * completes when the system has terminated. It completes exceptionally with {@code ShutdownTimeoutException}
     * (in {@code io.goakt.actor}) naming the actors that were still running at the deadline; the system has shut
     * down all the same. A second call, whatever its arguments, returns the same stage.
     */
    CompletionStage<Void> run(ShutdownReason reason, Duration timeout);

    /** Why the shutdown began; empty before it does. */
    Optional<ShutdownReason> reason();

    /** A task added with {@link #addTask}. */
    interface Registration {

        /** Removes the task; true when it was still registered and the shutdown had not begun. */
        boolean cancel();
    }
}
