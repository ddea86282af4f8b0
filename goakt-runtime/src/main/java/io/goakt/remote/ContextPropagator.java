package io.goakt.remote;

import java.util.Map;

/**
 * Carries context (trace and baggage, auth tokens) from a sender to a remote receiver in the envelope's
 * {@code headers}. Register implementations in {@link RemotingConfig.Builder#propagator}.
 *
 * <p>On send, {@link #inject} runs on the sending thread, so it can read that thread's current context (a trace
 * span, a security principal). On receive, the headers ride with the message's sender ref; the receiver reads them
 * with {@link RemoteHeaders#of}, and {@link RemoteContextInterceptor} runs {@link #extract} around the actor's
 * {@code receive} so the context is current on the actor's thread while it handles the message.
 *
 * <p>Threading: called by many threads at once; implementations are thread-safe.
 */
public interface ContextPropagator {

    /** Adds this propagator's headers for the message being sent. Keys and values are plain strings. */
    void inject(Map<String, String> headers);

    /**
     * Makes the context in {@code headers} current on this thread until the returned scope closes. The default
     * makes nothing current.
     */
    default Scope extract(Map<String, String> headers) {
        return Scope.NOOP;
    }

    /** An extracted context's lifetime; closed on the same thread after the message was handled. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        /** A scope that does nothing. */
        Scope NOOP = () -> {
        };

        @Override
        void close();
    }
}
