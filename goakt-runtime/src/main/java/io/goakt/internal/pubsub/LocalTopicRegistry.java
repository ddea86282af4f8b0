package io.goakt.internal.pubsub;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Terminated;
import io.goakt.pubsub.TopicRegistry;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The topics of one actor system, in this JVM.
 *
 * <p>Subscriptions live in a concurrent map of copy-on-write sets, so {@link #publish} reads without locking and
 * sends straight from the publisher's thread: no actor sits in the middle, so there is no extra hop and no
 * bottleneck, and a publisher's messages reach each subscriber in publish order (the runtime keeps per-sender
 * order). A small watcher actor keeps the registry clean: every subscriber is watched, and when it stops it is
 * removed from every topic. Watching an actor that is already gone answers at once, so a subscriber that died
 * before its subscription was registered is removed too. The watcher keeps, for each subscriber, the topics it is
 * in, so a stop or an unsubscribe costs the subscriber's own topics, never a walk over every topic: subscribers that
 * come and go on their own topics would otherwise make each stop cost the number of topics.
 *
 * <p>Threading: every method may be called by any thread. Subscribing is rare next to publishing, which is why the
 * sets copy on write.
 */
public final class LocalTopicRegistry implements TopicRegistry, AutoCloseable {

    /** Name of the watcher actor under {@code /user}. */
    public static final String WATCHER_NAME = "goakt-topics";

    private final ConcurrentHashMap<String, CopyOnWriteArraySet<ActorRef>> topics = new ConcurrentHashMap<>();
    private final ActorRef watcher;

    /** Creates the registry of {@code system}; use {@code PubSub.topics(system)}. */
    public LocalTopicRegistry(ActorSystem system) {
        this.watcher = system.spawn(WATCHER_NAME, SubscriberWatcher::new, SpawnOptions.defaults());
    }

    /** Sent after {@code ref} was added to {@code topic}'s set. */
    private record WatchSubscriber(ActorRef ref, String topic) {
    }

    /** Sent after {@code ref} was removed from {@code topic}'s set by an unsubscribe. */
    private record ForgetSubscriber(ActorRef ref, String topic) {
    }

    /** Asks the watcher how many subscribers it watches (tests). */
    private record CountWatched() {
    }

    /**
     * Watches subscribers and removes the ones that stop. Runs on its own actor thread.
     *
     * <p>Its index of each subscriber's topics follows the map rather than the messages' verbs: a subscribe and an
     * unsubscribe of one pair on two threads may send their messages in either order, but every change of the map is
     * followed by a message, and the last one handled reads the map's final state. A subscriber that stops while a
     * message of its still travels is watched again by that message and answered at once.
     */
    private final class SubscriberWatcher implements Actor {
        /** The topics each watched subscriber is in, as far as this watcher has learnt. Watcher's thread only. */
        private final Map<ActorRef, Set<String>> topicsOf = new HashMap<>();

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof WatchSubscriber w) {
                if (isSubscribed(w.topic(), w.ref())) {
                    Set<String> ts = topicsOf.get(w.ref());
                    if (ts == null) {
                        ts = new HashSet<>(4);
                        topicsOf.put(w.ref(), ts);
                        ctx.watch(w.ref());
                    }
                    ts.add(w.topic());
                }
            } else if (m instanceof ForgetSubscriber f) {
                Set<String> ts = topicsOf.get(f.ref());
                if (ts != null && !isSubscribed(f.topic(), f.ref())) {
                    ts.remove(f.topic());
                    if (ts.isEmpty()) {
                        topicsOf.remove(f.ref());
                        ctx.unwatch(f.ref());
                    }
                }
            } else if (m instanceof CountWatched) {
                ctx.respond(topicsOf.size());
            } else if (m instanceof Terminated t) {
                Set<String> ts = topicsOf.remove(t.actor());
                if (ts != null) {
                    for (String topic : ts) {
                        remove(topic, t.actor());
                    }
                }
            }
        }
    }

    @Override
    public void subscribe(String topic, ActorRef subscriber) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriber, "subscriber");
        boolean[] added = new boolean[1];
        // compute, not computeIfAbsent-then-add: an unsubscribe may drop an emptied set between the two.
        topics.compute(topic, (t, set) -> {
            CopyOnWriteArraySet<ActorRef> s = set == null ? new CopyOnWriteArraySet<>() : set;
            added[0] = s.add(subscriber);
            return s;
        });
        if (added[0]) {
            watcher.tell(new WatchSubscriber(subscriber, topic));
        }
    }

    @Override
    public void unsubscribe(String topic, ActorRef subscriber) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriber, "subscriber");
        boolean[] removed = new boolean[1];
        topics.computeIfPresent(topic, (t, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        if (removed[0]) {
            watcher.tell(new ForgetSubscriber(subscriber, topic));
        }
    }

    @Override
    public int publish(String topic, Object message, ActorRef sender) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        Set<ActorRef> set = topics.get(topic);
        if (set == null) {
            return 0;
        }
        int sent = 0;
        for (ActorRef r : set) {
            r.tell(message, sender);
            sent++;
        }
        return sent;
    }

    @Override
    public Set<ActorRef> subscribers(String topic) {
        Set<ActorRef> set = topics.get(topic);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    @Override
    public Set<String> topics() {
        return Collections.unmodifiableSet(Set.copyOf(topics.keySet()));
    }

    private boolean isSubscribed(String topic, ActorRef ref) {
        Set<ActorRef> set = topics.get(topic);
        return set != null && set.contains(ref);
    }

    private void remove(String topic, ActorRef ref) {
        topics.computeIfPresent(topic, (t, set) -> {
            set.remove(ref);
            return set.isEmpty() ? null : set;
        });
    }

    /** The number of subscribers the watcher watches, for tests; answered on the watcher's thread. */
    CompletionStage<Integer> watchedCount() {
        return watcher.ask(new CountWatched(), Integer.class, Duration.ofSeconds(30));
    }

    /** Forgets every subscription; the watcher actor stops with its system. */
    @Override
    public void close() {
        topics.clear();
    }
}
