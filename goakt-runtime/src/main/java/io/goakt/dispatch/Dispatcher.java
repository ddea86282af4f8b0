package io.goakt.dispatch;

import java.time.Duration;

/**
 * Runs scheduled actors. An actor whose mailbox goes from idle to scheduled is handed to its dispatcher once; a
 * dispatcher thread then processes up to the system's {@code throughput} messages for it and either hands it back
 * (more work) or leaves it idle.
 *
 * <p>Threading: {@link #execute} may be called by any thread, also from inside a task it runs. Implementations
 * must not run a task on the calling thread and must never drop one while running.
 */
public interface Dispatcher {

    /** The name actors use to select this dispatcher in {@code SpawnOptions}. */
    String name();

    /** Runs {@code task} soon on one of this dispatcher's threads. */
    void execute(Runnable task);

    /**
     * Stops taking tasks and waits up to {@code timeout} for running ones to end. Called once by the owning system
     * after all actors have stopped.
     */
    void shutdown(Duration timeout);
}
