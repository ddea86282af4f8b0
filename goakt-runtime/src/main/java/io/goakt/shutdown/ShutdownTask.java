package io.goakt.shutdown;

import java.util.concurrent.CompletionStage;

/**
 * Work an application does in one {@link ShutdownPhase}, added with
 * {@link CoordinatedShutdown#addTask(ShutdownPhase, String, java.time.Duration, int, ShutdownTask)}.
 *
 * <p>{@link #run} is called on a thread of the shutdown's own, never on an actor's dispatcher, so it may block; the
 * phase's other tasks run meanwhile on threads of their own. The attempt succeeds when the returned stage completes
 * normally within the task's timeout; a stage that fails, a {@code run} that throws or returns null, and a timeout are
 * failures, retried as the task allows.
 */
@FunctionalInterface
public interface ShutdownTask {

    /**
     * Does the task, or starts it and returns a stage that completes when it is done.
     *
     * @param reason why the system shuts down
     */
    CompletionStage<?> run(ShutdownReason reason) throws Exception;
}
