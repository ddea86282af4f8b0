package io.goakt.actor;

/**
 * Wraps message handling, for logging, metrics or tracing. Interceptors form a chain around
 * {@link Actor#receive}: the system's first, then the actor's own, in the order given. An actor with no
 * interceptor pays nothing for the feature.
 *
 * <p>Threading: runs on the actor's thread for every message. An interceptor shared by many actors runs on many
 * threads at once and must be thread-safe.
 */
@FunctionalInterface
public interface ReceiveInterceptor {

    /**
     * Handles the current message of {@code ctx}; call {@code next.proceed()} at most once to pass it on. Not
     * calling it swallows the message. An exception thrown here is a failure of the actor.
     */
    void intercept(ReceiveContext ctx, Next next) throws Exception;

    /** The rest of the chain. */
    @FunctionalInterface
    interface Next {
        /** Runs the next interceptor, or the actor's behaviour. */
        void proceed() throws Exception;
    }
}
