package io.goakt.internal.cluster.pubsub;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.actor.EventStream;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.pubsub.TopicRegistry;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The {@link TopicRegistry} of a cluster member: topics span the cluster, so a publish on any member reaches every
 * subscriber on every member.
 *
 * <h2>The approach</h2>
 * <ul>
 *   <li>Local subscribers live in a concurrent map of copy-on-write sets, as in the local registry: publishing
 *       reads it without a lock and tells each local subscriber straight from the publisher's thread.</li>
 *   <li>Each member replicates which members have subscribers of which topic ({@link RemoteTopics}): the
 *       {@link TopicAgent} sends a delta to every other member on the control plane (topic {@value #CONTROL_TOPIC},
 *       one unicast each, so that it stays in order with the states it sends) whenever a local
 *       subscription starts or ends (also when a subscriber stops), and its whole state to members that join, after a
 *       merge, and to a member that starts and asks. A member that leaves or crashes takes its subscribers with it:
 *       the next view drops them everywhere.</li>
 *   <li>A publish sends one data-plane message per other member that has subscribers of the topic, to that
 *       member's {@link TopicRelay} for the topic, which hands it to its local subscribers. The message is the
 *       application's own, unwrapped, with the publisher as its sender, so it crosses the network through the
 *       remoting allow-list like any tell and replies go straight to the publisher.</li>
 * </ul>
 *
 * <h2>Guarantees</h2>
 * Each subscriber gets each message once. A publisher's messages on a topic reach each subscriber in publish order:
 * locally, because the publisher tells each subscriber itself; remotely, because remoting queues every message to
 * one actor (here the relay) on the same connection slot ({@code Peer.slotFor}: the slot is picked by the receiver's
 * path), each slot writes through one lock-free queue drained by one thread ({@code CoalescingWriter}), so sends
 * that happen one after the other (a thread's, or an actor's across dispatcher threads, each message it handles
 * happening before the next) enter it in that order, a TCP connection keeps it, the receiving node hands a
 * connection's frames to the relay's mailbox in order, and the relay tells the subscribers one message at a time. Across members delivery is at most once, as for every
 * tell: a message in flight to a member that crashes, or sent while its connection is down, is lost. Subscriptions
 * reach the other members on the control plane, so a publish on another member right after {@link #subscribe}
 * returned may not reach the new subscriber yet.
 *
 * <p>Threading: every method may be called by any thread. Control-plane messages arrive on JGroups' threads and
 * only update {@link RemoteTopics} or hand a request to the agent.
 */
public final class ClusterTopicRegistry implements TopicRegistry, AutoCloseable {

    /** The control-plane topic of the clustered topics. */
    public static final byte CONTROL_TOPIC = 8;
    /** The name of the agent actor under {@code /user}; the relays are its children. */
    public static final String AGENT_NAME = "goakt-cluster-topics";
    /** The longest topic name, in characters: subscriptions travel on the control plane. */
    public static final int MAX_TOPIC_LENGTH = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(TopicRegistry.class);

    private final Cluster cluster;
    private final ActorSystem system;
    private final Remoting remoting;
    private final ControlMessaging messaging;
    /**
     * This member's subscribers by topic: changed by atomic {@code compute}s per topic, read by publishers and relays
     * with a plain {@code get} (the map's volatile read pairs with the compute's write) and then a copy-on-write set's
     * snapshot iteration.
     */
    private final ConcurrentHashMap<String, CopyOnWriteArraySet<ActorRef>> local = new ConcurrentHashMap<>();
    private final RemoteTopics remote = new RemoteTopics();
    private final ActorRef agent;
    /** Written in {@link #create} before the registry is published, read in {@link #close}. */
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();
    /** Set once by {@link #close}; volatile, so control-plane threads see it on their next message. */
    private volatile boolean closed;

    private ClusterTopicRegistry(Cluster cluster, Remoting remoting) {
        this.cluster = cluster;
        this.system = cluster.system();
        this.remoting = remoting;
        this.messaging = ControlMessaging.of(cluster);
        // Resumed, never restarted, on a failure: its record of the subscriptions is what the others were told.
        this.agent = system.spawn(AGENT_NAME, () -> new TopicAgent(this), SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build());
    }

    /**
     * Fails when {@code system} has a topic registry already that is not a clustered one: {@code PubSub.topics} was
     * called before {@code Cluster.start}, and its subscriptions were made for this node alone. Called by
     * {@code Cluster.start} before it joins.
     *
     * @throws IllegalStateException naming the order to follow
     */
    public static void requireNoLocalRegistry(ActorSystem system) {
        TopicRegistry existing = system.extension(TopicRegistry.class).orElse(null);
        if (existing != null && !(existing instanceof ClusterTopicRegistry)) {
            throw new IllegalStateException("actor system " + system.name() + " created its topic registry "
                    + "(PubSub.topics) before Cluster.start, so its topics are local to this node; call "
                    + "Cluster.start before the first PubSub.topics to make topics span the cluster");
        }
    }

    /**
     * Makes the clustered registry {@code cluster}'s system's {@link TopicRegistry}, or returns the one installed
     * already. Called by {@code Cluster.start} after the join.
     *
     * @throws IllegalStateException when the system has a local topic registry already
     */
    public static TopicRegistry install(Cluster cluster) {
        ActorSystem system = cluster.system();
        requireNoLocalRegistry(system);
        Remoting remoting = Remoting.of(system).orElseThrow(() -> new IllegalStateException("cluster member "
                + cluster.self().id() + " has no remoting"));
        return system.extension(TopicRegistry.class, s -> create(cluster, remoting));
    }

    private static ClusterTopicRegistry create(Cluster cluster, Remoting remoting) {
        ClusterTopicRegistry r = new ClusterTopicRegistry(cluster, remoting);
        r.messaging.subscribe(CONTROL_TOPIC, ControlMessaging.decoding("topics", cluster.self(), TopicWire::decode,
                r::onMessage));
        r.subscriptions.add(r.system.eventStream().subscribe(ClusterViewChanged.class, r::onViewChanged));
        // What the others broadcast before this member subscribed to the topic is asked for again.
        r.send(null, new TopicWire.SyncRequest());
        return r;
    }

    // ---- TopicRegistry

    @Override
    public void subscribe(String topic, ActorRef subscriber) {
        checkTopic(topic);
        Objects.requireNonNull(subscriber, "subscriber");
        boolean[] added = new boolean[1];
        // compute, not computeIfAbsent-then-add: an unsubscribe may drop an emptied set between the two.
        local.compute(topic, (t, set) -> {
            CopyOnWriteArraySet<ActorRef> s = set == null ? new CopyOnWriteArraySet<>() : set;
            added[0] = s.add(subscriber);
            return s;
        });
        if (added[0]) {
            agent.tell(new TopicAgent.Changed(topic, subscriber));
        }
    }

    @Override
    public void unsubscribe(String topic, ActorRef subscriber) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(subscriber, "subscriber");
        if (removeLocal(topic, subscriber)) {
            agent.tell(new TopicAgent.Changed(topic, subscriber));
        }
    }

    /**
     * Sends {@code message} to the subscribers of {@code topic} on every member: one tell per local subscriber and
     * one per other member that has subscribers of the topic (its relay fans out). Returns the number of subscribers
     * it was sent to: the local ones plus the other members' as this member's replica counts them now.
     *
     * @throws io.goakt.serialization.SerializationException when another member has subscribers and the message's
     *                                                       type is not registered for remoting; then no subscriber
     *                                                       got it
     */
    @Override
    public int publish(String topic, Object message, ActorRef sender) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(message, "message");
        int sent = 0;
        // Remote first: an unregistered type fails on the first remote tell, before anyone got the message.
        for (RemoteTopics.MemberTopic t : remote.at(topic)) {
            t.relay().tell(message, sender);
            sent += t.subscribers().size();
        }
        return sent + publishLocally(topic, message, sender);
    }

    /** The subscribers of {@code topic} on every member, as this member knows them now: local and remote refs. */
    @Override
    public Set<ActorRef> subscribers(String topic) {
        Set<ActorRef> all = new HashSet<>();
        Set<ActorRef> here = local.get(topic);
        if (here != null) {
            all.addAll(here);
        }
        for (RemoteTopics.MemberTopic t : remote.at(topic)) {
            all.addAll(t.subscribers().values());
        }
        return Set.copyOf(all);
    }

    /** The topics with at least one subscriber on some member, as this member knows them now. */
    @Override
    public Set<String> topics() {
        Set<String> all = new HashSet<>(local.keySet());
        all.addAll(remote.topics());
        return Set.copyOf(all);
    }

    /** This member's own subscribers of {@code topic}, a snapshot. */
    public Set<ActorRef> localSubscribers(String topic) {
        Set<ActorRef> set = local.get(topic);
        return set == null ? Set.of() : Set.copyOf(set);
    }

    /** How many subscribers of {@code topic} the other members have, as this member's replica counts them now. */
    public int remoteSubscriberCount(String topic) {
        int n = 0;
        for (RemoteTopics.MemberTopic t : remote.at(topic)) {
            n += t.subscribers().size();
        }
        return n;
    }

    // ---- for the agent and the relays

    int publishLocally(String topic, Object message, ActorRef sender) {
        Set<ActorRef> set = local.get(topic);
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

    boolean isLocalSubscriber(String topic, ActorRef subscriber) {
        Set<ActorRef> set = local.get(topic);
        return set != null && set.contains(subscriber);
    }

    boolean removeLocal(String topic, ActorRef subscriber) {
        boolean[] removed = new boolean[1];
        local.computeIfPresent(topic, (t, set) -> {
            removed[0] = set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
        return removed[0];
    }

    /** {@code ref}'s address with this member's remoting endpoint when it has none (a local ref). */
    Address wireAddress(ActorRef ref) {
        Address a = ref.address();
        if (a.isLocal()) {
            Endpoint self = cluster.self().remoting();
            return new Address(a.system(), self.host(), self.port(), a.path());
        }
        return a;
    }

    TopicWire.Subscriber subscriber(ActorRef ref) {
        return new TopicWire.Subscriber(wireAddress(ref), ref.uid());
    }

    /**
     * Sends {@code msg} to {@code to}, or to every other member of the current view when {@code null}: always as
     * unicasts, never as a broadcast. The control plane orders a sender's unicasts to one member and its broadcasts,
     * but not the two streams against each other; a state sent to one member and a delta broadcast after it could
     * then arrive in the other order, and the state would undo the delta at that member for good (seen as a
     * subscriber that one member never learned of).
     */
    void send(Member to, TopicWire msg) {
        if (closed) {
            return;
        }
        byte[] body = TopicWire.encode(msg);
        if (to == null) {
            messaging.sendToEachOther(CONTROL_TOPIC, body);
        } else {
            messaging.send(to, CONTROL_TOPIC, body);
        }
    }

    // ---- the control plane and the view

    private void onMessage(Member from, TopicWire msg) {
        if (closed || from.equals(cluster.self())) {
            return;
        }
        if (msg instanceof TopicWire.Subscribed s) {
            remote.add(from.id(), s.topic(), remoting.actorRef(s.relay()), s.subscriber().key(),
                    remoting.actorRef(s.subscriber().address()));
        } else if (msg instanceof TopicWire.Unsubscribed u) {
            remote.remove(from.id(), u.topic(), u.subscriber().key());
        } else if (msg instanceof TopicWire.State st) {
            List<RemoteTopics.MemberTopic> state = new ArrayList<>(st.topics().size());
            for (TopicWire.TopicState t : st.topics()) {
                Map<String, ActorRef> subs = new LinkedHashMap<>();
                for (TopicWire.Subscriber s : t.subscribers()) {
                    subs.put(s.key(), remoting.actorRef(s.address()));
                }
                state.add(new RemoteTopics.MemberTopic(from.id(), t.topic(), remoting.actorRef(t.relay()), subs));
            }
            remote.replace(from.id(), state);
        } else if (msg instanceof TopicWire.SyncRequest) {
            agent.tell(new TopicAgent.SendState(from));
        }
    }

    private void onViewChanged(ClusterViewChanged change) {
        Set<String> ids = new HashSet<>();
        for (Member m : change.view().members()) {
            ids.add(m.id());
        }
        int dropped = remote.retain(ids);
        if (dropped > 0) {
            LOG.debug("cluster member {}: dropped {} topic subscribers of members that left", cluster.self().id(),
                    dropped);
        }
        // A merged view may bring no member this one had not seen, yet each side dropped the other's subscribers.
        // Each member also asks for the others' states: a state a member sent before this member installed the
        // view that brings it back was dropped here as coming from a member that left.
        if (change.merged()) {
            agent.tell(new TopicAgent.SendState(null));
            send(null, new TopicWire.SyncRequest());
        } else {
            for (Member m : change.joined()) {
                if (!m.equals(cluster.self())) {
                    agent.tell(new TopicAgent.SendState(m));
                    send(m, new TopicWire.SyncRequest());
                }
            }
        }
    }

    private static void checkTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (topic.length() > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic must be at most " + MAX_TOPIC_LENGTH + " characters, was "
                    + topic.length());
        }
    }

    /** Stops listening to the cluster; the agent and its relays stop with the system. */
    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(EventStream.Subscription::close);
        local.clear();
    }

    @Override
    public String toString() {
        return "ClusterTopicRegistry[" + cluster.self().id() + "]";
    }
}
