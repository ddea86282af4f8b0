package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Terminated;
import io.goakt.cluster.Member;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The actor that owns this member's side of the clustered topics: it watches the local subscribers, keeps one
 * {@link TopicRelay} per topic that has local subscribers, and tells the other members about every change. One per
 * member, {@code /user/}{@value ClusterTopicRegistry#AGENT_NAME}.
 *
 * <p>Why an actor: the deltas and whole states a member sends must leave in the order it decided them, or a state
 * sent late could undo a later delta at the receivers. Deciding and sending on one actor's thread gives that order
 * for free (the control plane keeps each sender's order of the unicasts to one member, and the registry sends
 * every one of them as unicasts), and the agent's own record of the subscriptions
 * ({@link #subscriptions}) is the one that states are built from, so a state and the deltas around it agree.
 *
 * <p>Relays are named {@code relay-<n>} with {@code n} never reused, so a topic whose last subscriber left and that
 * gains one again gets a new relay even while the old one is still stopping; the other members learn the new relay's
 * address with the subscription.
 *
 * <p>Threading: an actor; its fields are confined to its thread by the runtime.
 */
final class TopicAgent implements Actor {

    /** The registry's map changed for this pair (a subscribe or an unsubscribe, applied to the map already). */
    record Changed(String topic, ActorRef subscriber) {
    }

    /** Send the whole state to {@code to}, or to every member when {@code null}. */
    record SendState(Member to) {
    }

    private final ClusterTopicRegistry registry;
    /** The local subscriptions the other members were told about, by topic, in subscription order. */
    private final Map<String, Set<ActorRef>> subscriptions = new HashMap<>();
    /**
     * The inverse of {@link #subscriptions}: each watched subscriber's topics, so a stop or an unsubscribe costs the
     * subscriber's own topics rather than a walk over every topic.
     */
    private final Map<ActorRef, Set<String>> topicsOf = new HashMap<>();
    /** Each topic's relay while it has local subscribers. */
    private final Map<String, ActorRef> relays = new HashMap<>();
    private long nextRelay;

    TopicAgent(ClusterTopicRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m instanceof Changed c) {
            reconcile(ctx, c.topic(), c.subscriber());
        } else if (m instanceof Terminated t) {
            Set<String> ts = topicsOf.get(t.actor());
            for (String topic : ts == null ? List.<String>of() : List.copyOf(ts)) {
                registry.removeLocal(topic, t.actor());
                reconcile(ctx, topic, t.actor());
            }
        } else if (m instanceof SendState s) {
            registry.send(s.to(), state());
        } else if (m != PostStart.INSTANCE) {
            ctx.unhandled();
        }
    }

    /**
     * Brings the agent's record of ({@code topic}, {@code subscriber}) in line with the registry's map, and tells the
     * other members when it changed. Comparing with the map rather than applying the message's own verb makes the
     * outcome independent of the order in which racing subscribes and unsubscribes of one pair sent their messages:
     * every change of the map is followed by a message, and the last one processed sees the final state.
     */
    private void reconcile(Context ctx, String topic, ActorRef subscriber) {
        boolean wanted = registry.isLocalSubscriber(topic, subscriber);
        Set<ActorRef> subs = subscriptions.get(topic);
        boolean known = subs != null && subs.contains(subscriber);
        if (wanted && !known) {
            subscriptions.computeIfAbsent(topic, t -> new LinkedHashSet<>()).add(subscriber);
            Set<String> ts = topicsOf.get(subscriber);
            if (ts == null) {
                ts = new HashSet<>(4);
                topicsOf.put(subscriber, ts);
                ctx.watch(subscriber); // an actor already gone answers with Terminated at once
            }
            ts.add(topic);
            ActorRef relay = relays.computeIfAbsent(topic, t -> ctx.spawnChild("relay-" + nextRelay++,
                    () -> new TopicRelay(t, registry), SpawnOptions.defaults()));
            registry.send(null, new TopicWire.Subscribed(topic, registry.wireAddress(relay),
                    registry.subscriber(subscriber)));
        } else if (!wanted && known) {
            subs.remove(subscriber);
            registry.send(null, new TopicWire.Unsubscribed(topic, registry.subscriber(subscriber)));
            if (subs.isEmpty()) {
                subscriptions.remove(topic);
                ActorRef relay = relays.remove(topic);
                if (relay != null) {
                    ctx.stop(relay);
                }
            }
            Set<String> ts = topicsOf.get(subscriber);
            ts.remove(topic); // present: known, and both maps change together
            if (ts.isEmpty()) {
                topicsOf.remove(subscriber);
                ctx.unwatch(subscriber);
            }
        }
    }

    private TopicWire.State state() {
        List<TopicWire.TopicState> topics = new ArrayList<>(subscriptions.size());
        for (Map.Entry<String, Set<ActorRef>> e : subscriptions.entrySet()) {
            List<TopicWire.Subscriber> subs = new ArrayList<>(e.getValue().size());
            for (ActorRef r : e.getValue()) {
                subs.add(registry.subscriber(r));
            }
            Address relay = registry.wireAddress(relays.get(e.getKey()));
            topics.add(new TopicWire.TopicState(e.getKey(), relay, List.copyOf(subs)));
        }
        return new TopicWire.State(List.copyOf(topics));
    }
}
