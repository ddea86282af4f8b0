package io.goakt.actor;

import java.util.Map;

/**
 * Carries the sender's context (a trace, an observation) with each message to the actor that handles it, for
 * tracing. Install one per system with {@link ActorSystemConfig.Builder#messageContextHook}; without one, a send and
 * a receive each pay one null check and nothing else.
 *
 * <p>On a send ({@code tell} or {@code ask}; not a reply to an ask) the runtime calls {@link #capture} on the sending
 * thread; a non-null result travels with the message. For an actor in this JVM the object itself travels; for a
 * remote actor the runtime calls {@link #inject} to write it into the message's headers, which the receiving node
 * hands to the actor through {@link ReceiveContext#headers()}. On the receiving side the runtime calls {@link #open}
 * on the actor's thread just before the actor handles a message that carries a context or headers, and closes the
 * returned scope after the handler returns or throws. A forwarded message ({@link ReceiveContext#forward}) to a local
 * actor keeps the context it arrived with instead of capturing a new one.
 *
 * <p>Runtime messages (timers, {@code Terminated}, {@code PostStart}) carry no context.
 *
 * <p>Threading: called by many threads at once; implementations are thread-safe. {@link #capture} runs on the
 * caller's thread (so it can read that thread's current context), {@link #open} and the scope's {@code close} on the
 * receiving actor's thread.
 */
public interface MessageContextHook {

    /** What a send does. */
    enum Operation {
        /** A fire-and-forget {@code tell}. */
        TELL,
        /** An {@code ask}: the message goes out with a temporary sender that completes the caller's future. */
        ASK
    }

    /**
     * The context to send with {@code message}, or null to send it without one (for example when the calling thread
     * has no current trace). Runs on the sending thread for every send while the hook is installed: keep it cheap.
     *
     * @param target    the receiver
     * @param kind      the receiver's actor class name when it lives in this JVM and its instance exists, else
     *                  null
     * @param message   the message, never wrapped
     * @param operation tell or ask
     */
    Object capture(ActorRef target, String kind, Object message, Operation operation);

    /**
     * Writes a context from {@link #capture} into the headers of a message leaving this JVM. The receiving node's
     * hook reads them back in {@link #open}.
     */
    void inject(Object context, Map<String, String> headers);

    /**
     * Makes the message's context current on the actor's thread until the returned scope closes.
     *
     * @param context the object {@link #capture} returned for a message sent in this JVM; null for a message that
     *                came from another node, whose context is in {@code ctx.headers()}
     * @param kind    the handling actor's class name
     * @param ctx     the receiving actor's context, positioned on the message
     * @return the scope to close after the handler; never null
     */
    Scope open(Object context, String kind, ReceiveContext ctx);

    /** An opened context's lifetime; closed once, on the thread that opened it. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {
        /** A scope that does nothing. */
        Scope NOOP = () -> {
        };

        /**
         * The handler threw {@code cause}; called once, before {@link #close()}, so the observation can record the
         * failure. Nothing by default.
         */
        default void failed(Throwable cause) {
        }

        /**
         * Ends the scope.
         */
        @Override
        void close();
    }
}
