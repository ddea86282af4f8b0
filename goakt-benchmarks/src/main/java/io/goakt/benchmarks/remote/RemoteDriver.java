package io.goakt.benchmarks.remote;

/**
 * One system's side of the remote scenario: a peer JVM on 127.0.0.1 that serves a counting actor, and a sender
 * actor in this JVM that tells it payloads through the {@link Wire} window.
 *
 * <p>Threading: the harness calls one method at a time, from its main thread.
 */
public interface RemoteDriver extends AutoCloseable {

    /** {@code goakt} or {@code pekko}. */
    String system();

    /** The settings this side runs with, for the report. */
    String config();

    /**
     * Resets the peer's counter, then has the sender tell it {@code total} payloads (a multiple of
     * {@link Wire#BATCH}); returns the nanoseconds from the first send until the counter acknowledged the last one.
     */
    long run(int total) throws Exception;
}
