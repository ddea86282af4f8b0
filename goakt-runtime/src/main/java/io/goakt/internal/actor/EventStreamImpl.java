package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The event stream of one system: a copy-on-write list of subscriptions, matched by {@code isInstance} on publish.
 * Subscribing is rare and publishing frequent, so publishing reads the list without a lock or a copy; with no
 * subscriber a publish is one volatile read.
 *
 * <p>Threading: any thread, for every method.
 */
final class EventStreamImpl implements EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStreamImpl.class);

    private final CopyOnWriteArrayList<Sub> subscriptions = new CopyOnWriteArrayList<>();

    @Override
    public Subscription subscribe(Class<?> type, ActorRef subscriber) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subscriber, "subscriber");
        Sub s = new Sub(type, subscriber, null);
        subscriptions.add(s);
        return s;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> Subscription subscribe(Class<T> type, Consumer<? super T> callback) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(callback, "callback");
        Sub s = new Sub(type, null, (Consumer<Object>) callback);
        subscriptions.add(s);
        return s;
    }

    @Override
    public void unsubscribe(ActorRef subscriber) {
        // Every actor's stop calls this, almost always for an actor that subscribed to nothing. removeIf takes the
        // list's lock even when it removes nothing, so every stop in the system would meet on one monitor whenever
        // any subscription exists (a clustered system always has some): look first, on the lock-free snapshot.
        for (Sub s : subscriptions) {
            if (subscriber.equals(s.ref)) {
                subscriptions.removeIf(x -> subscriber.equals(x.ref));
                return;
            }
        }
    }

    @Override
    public void publish(Object event) {
        Objects.requireNonNull(event, "event");
        for (Sub s : subscriptions) {
            if (s.type.isInstance(event)) {
                if (s.ref != null) {
                    try {
                        s.ref.tell(event, null);
                    } catch (RuntimeException e) {
                        // A subscriber with a full bounded mailbox misses this event; the publisher must not fail.
                        LOG.warn("event stream subscriber {} refused {}: {}", s.ref, event, e.getMessage());
                    }
                } else {
                    try {
                        s.callback.accept(event);
                    } catch (RuntimeException e) {
                        LOG.warn("event stream subscriber for {} threw on {}", s.type.getName(), event, e);
                    }
                }
            }
        }
    }

    @Override
    public boolean hasSubscribers(Class<?> type) {
        for (Sub s : subscriptions) {
            if (s.type.isAssignableFrom(type)) {
                return true;
            }
        }
        return false;
    }

    /** The subscriptions, for tests. */
    int subscriptionCount() {
        return subscriptions.size();
    }

    private final class Sub implements Subscription {
        final Class<?> type;
        final ActorRef ref;
        final Consumer<Object> callback;

        Sub(Class<?> type, ActorRef ref, Consumer<Object> callback) {
            this.type = type;
            this.ref = ref;
            this.callback = callback;
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
