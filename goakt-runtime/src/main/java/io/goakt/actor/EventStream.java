package io.goakt.actor;

import java.util.function.Consumer;

/**
 * A system-wide publish/subscribe bus keyed by event type: lifecycle events (see {@code io.goakt.eventstream}),
 * {@link DeadLetter}s, and anything the application publishes.
 *
 * <p>Threading: every method may be called by any thread. A callback subscriber runs on the publisher's thread and
 * must be quick and thread-safe; an exception it throws is logged and does not reach the publisher. An actor
 * subscriber receives events as messages and is unsubscribed when it stops.
 */
public interface EventStream {

    /** Sends every published event that is a {@code type} to {@code subscriber}. */
    Subscription subscribe(Class<?> type, ActorRef subscriber);

    /** Runs {@code callback} for every published event that is a {@code type}. */
    <T> Subscription subscribe(Class<T> type, Consumer<? super T> callback);

    /** Removes every subscription of {@code subscriber}. */
    void unsubscribe(ActorRef subscriber);

    /** Publishes {@code event} to every subscriber of one of its types. */
    void publish(Object event);

    /** True when someone subscribes to {@code type} or a supertype of it; lets publishers skip building events. */
    boolean hasSubscribers(Class<?> type);

    /** A subscription; {@link #close()} ends it. */
    interface Subscription extends AutoCloseable {
        /** Ends the subscription; idempotent. */
        @Override
        void close();
    }
}
