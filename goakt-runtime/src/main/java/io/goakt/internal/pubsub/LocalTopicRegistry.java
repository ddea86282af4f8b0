package io.goakt.internal.pubsub;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Terminated;
import io.goakt.pubsub.TopicRegistry;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
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
 * before its subscription was registered is removed too.
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

    private record WatchSubscriber(ActorRef ref) {
    }

    private record ForgetSubscriber(ActorRef ref) {
    }

    /** Watches subscribers and removes the ones that stop. Runs on its own actor thread. */
    private final class SubscriberWatcher implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof WatchSubscriber w) {
                ctx.watch(w.ref());
            } else if (m instanceof ForgetSubscriber f) {
                if (!isSubscribedAnywhere(f.ref())) {
                    ctx.unwatch(f.ref());
                }
            } else if (m instanceof Terminated t) {
                removeEverywhere(t.actor());
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
            watcher.tell(new WatchSubscriber(subscriber));
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
            watcher.tell(new ForgetSubscriber(subscriber));
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

    private boolean isSubscribedAnywhere(ActorRef ref) {
        for (Set<ActorRef> set : topics.values()) {
            if (set.contains(ref)) {
                return true;
            }
        }
        return false;
    }

    private void removeEverywhere(ActorRef ref) {
        for (Map.Entry<String, CopyOnWriteArraySet<ActorRef>> e : topics.entrySet()) {
            topics.computeIfPresent(e.getKey(), (t, set) -> {
                set.remove(ref);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Forgets every subscription; the watcher actor stops with its system. */
    @Override
    public void close() {
        topics.clear();
    }
}
