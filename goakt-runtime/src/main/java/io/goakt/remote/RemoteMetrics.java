package io.goakt.remote;

/**
 * Hooks for metrics on remoting: messages and bytes per peer and direction, connections, failures. Every method
 * has an empty default, so an implementation overrides only what it records. {@link Remoting#stats()} keeps
 * totals of its own regardless.
 *
 * <p>Threading: called on network threads and on senders' threads, many at once; implementations must be
 * thread-safe and must not block (increment a counter, nothing more).
 */
public interface RemoteMetrics {

    /** No metrics. */
    RemoteMetrics NONE = new RemoteMetrics() {
    };

    /** A message of {@code bytes} (frame size, before compression) was queued for {@code peer}. */
    default void messageSent(Endpoint peer, int bytes) {
    }

    /** A message of {@code bytes} arrived from {@code peer} (its advertised endpoint). */
    default void messageReceived(Endpoint peer, int bytes) {
    }

    /** A connection was opened (handshake done); {@code inbound} when the peer connected to us. */
    default void connectionOpened(Endpoint peer, boolean inbound) {
    }

    /** A connection that had completed its handshake closed. */
    default void connectionClosed(Endpoint peer, boolean inbound) {
    }

    /**
     * A failure; {@code peer} is the advertised endpoint when known, else the socket's remote address.
     */
    default void failure(Endpoint peer, FailureKind kind) {
    }
}
