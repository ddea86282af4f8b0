package io.goakt.internal.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.EventStream;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterJoinException;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.MemberJoined;
import io.goakt.cluster.MemberLeft;
import io.goakt.cluster.MemberUnreachable;
import io.goakt.cluster.SelfDowned;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.remote.RemotingEngine;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.shutdown.ShutdownPhase;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.MergeView;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Cluster} of one actor system: a JGroups channel whose stack {@link ControlStack} builds in code, and the
 * translation of what the channel reports into {@link ClusterView}s and events.
 *
 * <h2>The problem</h2>
 * Members must agree on who is in the cluster and how to reach each other, notice a crashed or silent member
 * quickly without evicting one that merely paused, heal after a network partition, and refuse a member they cannot
 * talk to. None of this is written here: JGroups' group membership (GMS), failure detectors and merge protocol do
 * it, and this class only configures them and reports their decisions.
 *
 * <h2>The approach</h2>
 * <ul>
 *   <li>Each member's remoting endpoint, roles and protocol version ride in its JGroups address
 *       ({@link MemberAddresses}), so a JGroups view is already a list of reachable {@link Member}s.</li>
 *   <li>{@link #viewAccepted} turns each installed view into a {@link ClusterView}, compares it with the previous
 *       one and publishes {@link MemberLeft}, {@link MemberJoined}, then {@link ClusterViewChanged}.</li>
 *   <li>{@link SuspectRelay}, the top protocol, reports verified suspicions; members still in the view are published
 *       as {@link MemberUnreachable}, once per member and view.</li>
 *   <li>{@link CompatibilityToken} under JGroups' {@code AUTH} refuses joiners whose protocol version or partition
 *       count does not fit.</li>
 *   <li>The cluster services' own messages (the named-actor registry) ride the same channel as
 *       {@link ControlMessaging} topics, routed by {@link ControlTopics}.</li>
 *   <li>{@link Downing} removes another member at once and keeps it out: a {@code SUSPECT} handed to GMS and
 *       {@link DownedMembers}, a filter above the transport that drops a downed member's messages (control topic
 *       {@link Downing#TOPIC}; the named-actor registry uses topic 1).</li>
 *   <li>{@link QuorumKeeper} judges every view and suspicion against the configured rule ({@link Quorum}), hears
 *       the oldest member's word on whether a joiner's side has quorum, and notices ({@link PauseWatch}) that this
 *       process stood still long enough to have been removed, which the process cannot otherwise see.</li>
 *   <li>{@link #checkStableLater} confirms a view stable once it stayed unchanged, with quorum, for
 *       {@code stableAfter}, or after {@link CrashTakeover}'s short margin when every member gone since the last
 *       stable view crashed (its failure-detection socket closed, {@link SocketWitness}) or left gracefully.</li>
 *   <li>Leaving is JGroups' graceful leave (the coordinator installs a view without the leaver at once); the
 *       system's shutdown closes this extension before remoting, because extensions close in reverse order of
 *       creation and the cluster is created after remoting.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * JGroups calls {@link #viewAccepted} one view at a time (GMS installs views in order) and the relay on its message
 * threads. Both take {@link #viewLock}, so events about one view are published together, in view order, and a
 * suspicion is judged against the view in force. {@link #view} is written under that lock and read without it (a
 * volatile load pairing with the volatile store in {@link #viewAccepted}). {@link #join}, {@link #leaving} and
 * {@link #closed} are guarded by this object's monitor; the node is registered as the system's extension before it
 * joins, so the join (which waits for JGroups and runs subscribers) never holds the extension map's lock. Event
 * subscribers run on JGroups' threads, inside {@link #viewLock}: they must be quick and must not wait for a later
 * view. The channel is handed to JGroups as its receiver before it connects: the first view arrives while
 * {@link #join} runs, after {@link #self} and {@link #events} are set.
 *
 * <p>Threading: every public method may be called by any thread.
 */
public final class ClusterNode implements Cluster, Receiver, ControlMessaging, ClusterHooks {

    /** One logger for the cluster, named for the public type. */
    static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final long CLOSE_WAIT_SECONDS = 30;
    /** The control topic on which a member announces its graceful leave (body: nothing). */
    static final byte LEAVING_TOPIC = 3;
    /** The control topic of the acknowledgements of {@link #LEAVING_TOPIC} (body: nothing). */
    static final byte LEAVING_ACK_TOPIC = 4;
    /** How long a leaving member waits for the others to acknowledge its leave notice. */
    private static final long LEAVING_ACK_MILLIS = 2_000;

    private final InternalActorSystem system;
    private final ClusterConfig config;
    private final Member self;
    /** Set once the join succeeded; volatile store under this monitor, volatile loads anywhere. */
    private volatile JChannel channel;
    private final EventStream events;
    private final Object viewLock = new Object();
    private final ControlTopics topics = new ControlTopics();
    /** The latest view; null until the first. Volatile store under {@link #viewLock}, lock-free volatile loads. */
    private volatile ClusterView view;
    /** Ids already reported unreachable in the current view; touched only under {@link #viewLock}. */
    private final Set<String> suspected = new HashSet<>();
    /** True from the start of a join until it fails or leaving starts; volatile store under this monitor. */
    private volatile boolean up;
    /** The leave in progress or done; guarded by this object's monitor. */
    private CompletableFuture<Void> leaving;
    /** Guarded by this object's monitor. */
    private boolean closed;
    private final Downing downing;
    /**
     * True once this member learnt it was downed: it then ignores every later view. Volatile store in
     * {@link #onSelfDowned} under this object's monitor, before it takes {@link #viewLock}; volatile loads in
     * {@link #viewAccepted}, the second under {@link #viewLock}, so no view is published after {@link SelfDowned}.
     */
    private volatile boolean selfDowned;
    /** The quorum verdict and its events; called under {@link #viewLock} (see its threading note). */
    private final QuorumKeeper quorum;
    /** Whether a view may be confirmed stable after a short margin; called under {@link #viewLock}. */
    private final CrashTakeover takeover;
    /** The pending stable-view check; touched only under {@link #viewLock}. */
    private io.goakt.dispatch.Scheduler.Cancellable stableCheck;
    /** The last stable view; volatile store under {@link #viewLock}, lock-free volatile loads. */
    private volatile ClusterView stableView;
    private final List<StableListener> stableListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The view the stable check confirmed last (null before); volatile store under {@link #viewLock}. */
    private volatile ClusterView confirmedStable;
    private final List<java.util.function.Supplier<? extends CompletionStage<?>>> handovers =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    /** The members yet to acknowledge this member's leave notice; set once by the leaving thread. */
    private volatile Set<String> leaveAcksDue;
    private final java.util.concurrent.CountDownLatch leaveAcked = new java.util.concurrent.CountDownLatch(1);

    private ClusterNode(InternalActorSystem system, ClusterConfig config, Endpoint remoting, int protocolVersion) {
        this.system = system;
        this.config = config;
        this.events = system.eventStream();
        String id = system.name() + "@" + remoting + "#"
                + String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        this.self = new Member(id, config.advertisedHost(), config.advertisedPort(), remoting, config.roles(),
                protocolVersion);
        this.downing = new Downing(this, this::onSelfDowned);
        this.quorum = new QuorumKeeper(config, self, events, system.scheduler()::nanoTime);
        this.takeover = new CrashTakeover(config, self, system.scheduler()::nanoTime);
        topics.subscribe(Downing.TOPIC, downing::onMessage);
        topics.subscribe(CrashTakeover.TOPIC, (from, body) -> {
            synchronized (viewLock) {
                takeover.reported(CrashTakeover.decode(body), view);
            }
        });
        topics.subscribe(LEAVING_TOPIC, (from, body) -> onLeaving(from));
        topics.subscribe(LEAVING_ACK_TOPIC, (from, body) -> onLeavingAck(from));
        topics.subscribe(QuorumKeeper.PAUSE_PROBE_TOPIC, this::onPauseProbe);
        topics.subscribe(QuorumKeeper.TOPIC, (from, body) -> {
            synchronized (viewLock) {
                quorum.heard(from, body.length == 1 && body[0] == 1, view);
            }
        });
    }

    /**
     * Starts the membership of {@code system}; use {@link Cluster#start}, which keeps one per system.
     *
     * @throws ClusterJoinException     when the members refuse this one or the control plane cannot start
     * @throws IllegalArgumentException when {@code system} was not made by {@code ActorSystem.create}
     */
    public static Cluster start(ActorSystem system, ClusterConfig config) {
        return start(system, config, ClusterProtocol.CURRENT_VERSION);
    }

    /**
     * As {@link #start(ActorSystem, ClusterConfig)}, announcing {@code protocolVersion}: lets a test play a member
     * of another release.
     */
    public static Cluster start(ActorSystem system, ClusterConfig config, int protocolVersion) {
        InternalActorSystem internal = InternalActorSystem.of(system);
        Cluster cluster = system.extension(Cluster.class).orElse(null);
        if (cluster == null) {
            // Remoting first: an extension factory must not create another extension.
            Remoting remoting = Remoting.of(system).orElseGet(() -> Remoting.start(system, config.remoting()));
            // The factory only builds the node; joining (seconds, with callbacks into subscribers) happens outside
            // the extension map's lock, so a subscriber that creates an extension cannot deadlock the join.
            cluster = system.extension(Cluster.class, s -> {
                ClusterNode node = new ClusterNode(internal, config, remoting.endpoint(), protocolVersion);
                // A member leaves before its actors stop, so the others take over its singletons and relocatable
                // actors while it can still hand them over; the extension's close (after the actors) finds it out.
                s.coordinatedShutdown().addTask(ShutdownPhase.CLUSTER_LEAVE, "cluster-leave",
                        config.handoverTimeout().plusSeconds(CLOSE_WAIT_SECONDS), 0, reason -> node.leave());
                return node;
            });
        }
        if (cluster instanceof ClusterNode node) {
            node.join();
        }
        return cluster;
    }

    /**
     * Connects the channel: returns once this member is in a view. Does nothing when it joined already, left, or
     * was closed; after a failed join, tries again. Holds this object's monitor while it connects, so concurrent
     * starts wait for one join.
     */
    synchronized void join() {
        if (channel != null || leaving != null || closed) {
            return;
        }
        InetAddress bind = resolve(config.host(), "host");
        InetAddress advertised = resolve(config.advertisedHost(), "advertisedHost");
        CompatibilityToken token = new CompatibilityToken(config.clusterName(), self.protocolVersion(),
                config.partitionCount(), this::currentMembers);
        JChannel ch = null;
        try {
            ch = new JChannel(ControlStack.build(config, bind, advertised, token, downing.filter(),
                    new SuspectRelay(this::onSuspected), new SocketWitness(this::onSocketClosed)));
            ch.name(self.id());
            ch.addAddressGenerator(new MemberAddresses(self));
            ch.setDiscardOwnMessages(true);
            ch.setReceiver(this);
            up = true;
            ch.connect(config.clusterName());
            channel = ch;
            quorum.joined();
            system.scheduler().schedule(config.failureDetection().heartbeatInterval(), this::watchPauses);
        } catch (Exception e) {
            up = false;
            if (ch != null) {
                ch.close();
            }
            synchronized (viewLock) {
                view = null;
            }
            throw joinFailure(e);
        }
        LOG.info("cluster {}: member {} joined, control plane on {}:{}, view {} of {} members", config.clusterName(),
                self.id(), config.host(), config.port(), view().viewId(), view().size());
        quorum.awaitWord(config.joinTimeout());
        synchronized (viewLock) {
            quorum.joinEnded(view, suspected);
        }
    }

    private InetAddress resolve(String host, String setting) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ClusterJoinException("cluster " + config.clusterName() + ": " + setting + " '" + host
                    + "' cannot be resolved", e);
        }
    }

    private ClusterJoinException joinFailure(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SecurityException) {
                LOG.error("cluster {}: member {} (protocol version {}, partition count {}) was refused: {}; the "
                                + "refusing member's log names the reason", config.clusterName(), self.id(),
                        self.protocolVersion(), config.partitionCount(), t.getMessage());
                return new ClusterJoinException("cluster " + config.clusterName() + " refused member " + self.id()
                        + " (protocol version " + self.protocolVersion() + ", partition count "
                        + config.partitionCount() + "): members accept versions that differ from theirs by at most "
                        + "one and only their own partition count", e);
            }
        }
        return new ClusterJoinException("cluster " + config.clusterName() + ": the control plane of member "
                + self.id() + " could not start on " + config.host() + ":" + config.port() + ": " + e, e);
    }

    /** The JGroups channel once joined ({@code null} before), for diagnostics and tests that cut the member off. */
    public JChannel channel() {
        return channel;
    }

    private List<Member> currentMembers() {
        ClusterView v = view;
        return v != null ? v.members() : List.of(self);
    }

    @Override
    public void viewAccepted(View newView) {
        if (selfDowned) {
            return;
        }
        synchronized (viewLock) {
            if (selfDowned) {
                // Downed while this view waited for the lock: the view of itself alone stays.
                return;
            }
            ClusterView previous = view;
            List<Member> members = new ArrayList<>(newView.size());
            for (Address a : newView.getMembers()) {
                Member m = MemberAddresses.decode(a);
                if (m != null) {
                    members.add(m);
                } else {
                    LOG.warn("cluster {}: view member {} has no goakt metadata; left out", config.clusterName(), a);
                }
            }
            if (!members.contains(self)) {
                return;
            }
            ClusterView next = new ClusterView(newView.getViewId().getId(), self, members);
            // Sets, not list scans: a view of N members is compared in O(N), which matters past a few hundred.
            Set<Member> before = previous != null ? new HashSet<>(previous.members()) : Set.of();
            Set<Member> after = new HashSet<>(members);
            List<Member> joined = new ArrayList<>();
            for (Member m : members) {
                if (!before.contains(m)) {
                    joined.add(m);
                }
            }
            List<Member> left = new ArrayList<>();
            if (previous != null) {
                for (Member m : previous.members()) {
                    if (!after.contains(m)) {
                        left.add(m);
                    }
                }
            }
            view = next;
            suspected.clear();
            quorum.viewInstalled(previous, next);
            takeover.viewInstalled(next, left, joined);
            boolean merged = newView instanceof MergeView;
            LOG.info("cluster {}: {} view {} of {} members at {}{}{}", config.clusterName(),
                    merged ? "merged" : "new", next.viewId(), next.size(), self.id(),
                    joined.isEmpty() ? "" : ", joined " + ids(joined), left.isEmpty() ? "" : ", left " + ids(left));
            for (Member m : left) {
                events.publish(new MemberLeft(m, next));
                departed(m);
            }
            for (Member m : joined) {
                returned(m);
                events.publish(new MemberJoined(m, next));
            }
            events.publish(new ClusterViewChanged(next, joined, left, merged));
            quorum.judge(next, suspected);
            byte[] word = quorum.word(next);
            if (word != null) {
                // not on JGroups' view thread: a send may wait for flow control
                system.scheduler().schedule(Duration.ZERO, () -> broadcast(QuorumKeeper.TOPIC, word));
            }
            checkStableLater(next);
        }
        downing.onView(newView);
    }

    /**
     * A member left the view: its remoting peer counts as gone at once, so asks to its actors fail and watchers of
     * them get {@code Terminated} within the failure detection's time rather than remoting's {@code unreachableAfter}.
     */
    private void departed(Member m) {
        remotingEngine().ifPresent(e -> e.peerGone(m.remoting(), "left the cluster (member " + m.id() + ")"));
    }

    /** A member joined (perhaps again, at the endpoint of one that left): sends to its remoting go out. */
    private void returned(Member m) {
        remotingEngine().ifPresent(e -> e.peerBack(m.remoting()));
    }

    /** The system's remoting engine: {@code Remoting.start} always makes one; a foreign Remoting is left alone. */
    private Optional<RemotingEngine> remotingEngine() {
        return Remoting.of(system).filter(RemotingEngine.class::isInstance).map(RemotingEngine.class::cast);
    }

    @Override
    public void receive(Message msg) {
        topics.deliver(msg);
    }

    @Override
    public void subscribe(byte topic, ControlMessaging.Handler handler) {
        topics.subscribe(topic, handler);
    }

    @Override
    public boolean send(Member to, byte topic, byte[] body) {
        return ControlTopics.send(channel, java.util.Objects.requireNonNull(to, "to"), topic, body);
    }

    @Override
    public boolean broadcast(byte topic, byte[] body) {
        return ControlTopics.send(channel, null, topic, body);
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::id).toList();
    }

    private void onSuspected(Collection<Address> suspects) {
        synchronized (viewLock) {
            ClusterView current = view;
            if (current == null) {
                return;
            }
            for (Address a : suspects) {
                Member m = MemberAddresses.decode(a);
                if (m == null || m.equals(self) || !current.contains(m) || downing.isDowned(a)
                        || !suspected.add(m.id())) {
                    continue;
                }
                LOG.warn("cluster {}: member {} is unreachable (suspected and not verified alive)",
                        config.clusterName(), m.id());
                events.publish(new MemberUnreachable(m, current));
            }
            quorum.judge(current, suspected);
        }
    }


    /**
     * The failure-detection connection to {@code watched} closed while this member stays (see {@link SocketWitness}):
     * records it and tells the others (control topic {@link CrashTakeover#TOPIC}), off the NIO thread.
     */
    private void onSocketClosed(Address watched) {
        Member m = MemberAddresses.decode(watched);
        if (m == null || !config.fastCrashTakeover()) {
            return;
        }
        synchronized (viewLock) {
            takeover.reported(m.id(), view);
        }
        LOG.info("cluster {}: the failure-detection connection of member {} to member {} closed", config.clusterName(),
                self.id(), m.id());
        system.scheduler().schedule(Duration.ZERO, () -> broadcast(CrashTakeover.TOPIC, CrashTakeover.encode(m.id())));
    }

    /**
     * Checks whether {@code v} is still the view, with quorum, after {@code stableAfter}; or, when every member that
     * left since the last confirmed stable view crashed or left gracefully ({@link CrashTakeover}), already after its
     * short margin. Under {@link #viewLock}.
     */
    private void checkStableLater(ClusterView v) {
        if (stableCheck != null) {
            stableCheck.cancel();
        }
        if (stableView == null) {
            stableView = v;
        }
        if (!takeover.mayBeFast()) {
            stableCheck = system.scheduler().schedule(config.stableAfter(), () -> confirmStable(v, false));
            return;
        }
        stableCheck = system.scheduler().schedule(takeover.margin(), () -> confirmStable(v, true));
    }

    /**
     * Confirms {@code v} stable if it is still the view, with quorum and nobody unreachable, and tells listeners. On
     * the short path ({@code fast}), when a departure is not accounted for after all (no report came), waits for the
     * rest of {@code stableAfter} instead.
     */
    private void confirmStable(ClusterView v, boolean fast) {
        synchronized (viewLock) {
            if (view != v) {
                return;
            }
            if (fast && !takeover.accountedFor()) {
                stableCheck = system.scheduler().schedule(config.stableAfter().minus(takeover.margin()),
                        () -> confirmStable(v, false));
                return;
            }
            if (!suspected.isEmpty() || !quorum.hasQuorum() || selfDowned) {
                return;
            }
            takeover.confirmed(v, fast);
            quorum.stable(v);
            stableView = v;
            confirmedStable = v;
        }
        for (StableListener l : stableListeners) {
            l.deliver(v);
        }
    }

    /** How many views this member confirmed stable by the short path after crashes or graceful leaves. */
    public long fastStableViews() {
        return takeover.fastConfirmations();
    }

    /** How many views this member confirmed stable after the whole {@code stableAfter}. */
    public long fullStableViews() {
        return takeover.fullConfirmations();
    }

    /** Ticks the pause watch ({@link QuorumKeeper#tick}) every heartbeat interval while this member is up. */
    private void watchPauses() {
        if (!up || selfDowned) {
            return;
        }
        Duration pause = quorum.tick();
        if (!pause.isZero()) {
            onPaused(pause);
        }
        try {
            system.scheduler().schedule(config.failureDetection().heartbeatInterval(), this::watchPauses);
        } catch (RuntimeException shutDown) {
            // the system's scheduler stopped: the system shuts down and this member with it
        }
    }

    /**
     * This process stood still for {@code pause}: the others may have removed this member and taken over what it
     * runs, so it has no quorum until the next view (a merge brings one, after about 1.6 merge intervals on an idle
     * host, later on a busy one, when it was removed). If none came within three merge intervals, it asks the others
     * every merge interval whether its view is still theirs ({@link QuorumKeeper#PAUSE_PROBE_TOPIC}): only members
     * that did not remove it can answer, and once those make a quorum (the whole cluster stood still) the rule is
     * applied to the current view again. Time alone never restores quorum: a merge slower than the wait would
     * otherwise let this member serve a view the others left.
     */
    private void onPaused(Duration pause) {
        ClusterView current;
        synchronized (viewLock) {
            current = view;
            if (current == null || selfDowned) {
                return;
            }
            LOG.warn("cluster {}: member {} stood still for {} ms", config.clusterName(), self.id(), pause.toMillis());
            quorum.paused(current, suspected);
        }
        system.scheduler().schedule(config.failureDetection().mergeInterval().multipliedBy(3),
                () -> probeAfterPause(current));
    }

    /** Asks the others whether {@code pausedView} is still their view, every merge interval until it is settled. */
    private void probeAfterPause(ClusterView pausedView) {
        synchronized (viewLock) {
            if (!up || selfDowned || view != pausedView || !quorum.pausedIn(pausedView)) {
                return;
            }
        }
        broadcast(QuorumKeeper.PAUSE_PROBE_TOPIC, QuorumKeeper.pauseProbe(pausedView));
        try {
            system.scheduler().schedule(config.failureDetection().mergeInterval(), () -> probeAfterPause(pausedView));
        } catch (RuntimeException shutDown) {
            // the system's scheduler stopped: the system shuts down and this member with it
        }
    }

    private void onPauseProbe(Member from, byte[] body) {
        byte[] answer;
        synchronized (viewLock) {
            answer = QuorumKeeper.answerPauseProbe(from, body, view, suspected);
            if (answer == null) {
                quorum.pauseConfirmed(from, body, view, suspected);
            }
        }
        if (answer != null) {
            send(from, QuorumKeeper.PAUSE_PROBE_TOPIC, answer);
        }
    }

    /** {@code from} leaves gracefully: its leave does not count against quorum. */
    private void onLeaving(Member from) {
        synchronized (viewLock) {
            quorum.leftGracefully(from);
            takeover.leftGracefully(from);
        }
        send(from, LEAVING_ACK_TOPIC, new byte[0]);
    }

    private void onLeavingAck(Member from) {
        Set<String> due = leaveAcksDue;
        if (due != null && due.remove(from.id()) && due.isEmpty()) {
            leaveAcked.countDown();
        }
    }

    /**
     * Tells the others that this member leaves gracefully and waits (briefly) until they acknowledged, so that the
     * notice is in before the view without this member.
     */
    private void announceLeave() {
        Set<String> due = java.util.concurrent.ConcurrentHashMap.newKeySet();
        view().members().stream().filter(m -> !m.equals(self)).forEach(m -> due.add(m.id()));
        if (due.isEmpty()) {
            return;
        }
        leaveAcksDue = due;
        broadcast(LEAVING_TOPIC, new byte[0]);
        try {
            if (!leaveAcked.await(LEAVING_ACK_MILLIS, TimeUnit.MILLISECONDS)) {
                LOG.debug("cluster {}: members {} did not acknowledge the leave of {}", config.clusterName(), due,
                        self.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onStableView(java.util.function.Consumer<ClusterView> listener) {
        StableListener l = new StableListener(Objects.requireNonNull(listener, "listener"), config.clusterName());
        stableListeners.add(l);
        // A listener that comes after the current view was confirmed stable hears that view too.
        ClusterView confirmed = confirmedStable;
        if (confirmed != null && confirmed == view && quorum.hasQuorum()) {
            system.scheduler().schedule(Duration.ZERO, () -> l.deliver(confirmed));
        }
    }

    @Override
    public void beforeLeave(java.util.function.Supplier<? extends CompletionStage<?>> handover) {
        handovers.add(Objects.requireNonNull(handover, "handover"));
    }

    @Override
    public ClusterView stableView() {
        ClusterView v = stableView;
        return v != null ? v : view();
    }

    @Override
    public boolean hasQuorum() {
        return up && quorum.hasQuorum() && !selfDowned;
    }

    /** Runs the hand-over hooks and waits for them, at most {@code handoverTimeout}. */
    private void handOver() {
        List<CompletableFuture<?>> stages = new ArrayList<>();
        for (java.util.function.Supplier<? extends CompletionStage<?>> h : handovers) {
            try {
                stages.add(h.get().toCompletableFuture());
            } catch (RuntimeException e) {
                LOG.warn("cluster {}: a hand-over of member {} failed", config.clusterName(), self.id(), e);
            }
        }
        try {
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                    .get(config.handoverTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cluster {}: member {} leaves before its hand-over finished: {}", config.clusterName(),
                    self.id(), e.toString());
        }
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public ClusterConfig config() {
        return config;
    }

    @Override
    public Member self() {
        return self;
    }

    @Override
    public ClusterView view() {
        ClusterView v = view;
        return v != null ? v : new ClusterView(0, self, List.of(self));
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public boolean hasMinPeers() {
        return up && view().size() >= config.minPeers();
    }

    @Override
    public CompletionStage<Void> leave() {
        CompletableFuture<Void> result;
        synchronized (this) {
            if (leaving != null) {
                return leaving;
            }
            leaving = result = new CompletableFuture<>();
            up = false;
        }
        downing.abandon("cluster " + config.clusterName() + ": member " + self.id() + " left before the members it "
                + "downed were out of its view");
        JChannel ch = channel;
        if (ch == null) {
            result.complete(null);
            return result;
        }
        Thread leaver = new Thread(() -> {
            try {
                if (!selfDowned) {
                    handOver();
                    announceLeave();
                }
                ch.disconnect();
                LOG.info("cluster {}: member {} left", config.clusterName(), self.id());
                result.complete(null);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }, "goakt-" + system.name() + "-cluster-leave");
        leaver.setDaemon(true);
        leaver.start();
        return result;
    }

    @Override
    public CompletionStage<Boolean> down(String memberId) {
        Objects.requireNonNull(memberId, "memberId");
        if (memberId.equals(self.id())) {
            return leave().thenApply(v -> true);
        }
        JChannel ch = channel;
        if (!up || ch == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("cluster " + config.clusterName()
                    + ": member " + self.id() + " is not up, so it cannot down member " + memberId));
        }
        View current = ch.getView();
        for (Address a : current != null ? current.getMembers() : List.<Address>of()) {
            Member m = MemberAddresses.decode(a);
            if (m != null && m.id().equals(memberId)) {
                LOG.warn("cluster {}: member {} downs member {}", config.clusterName(), self.id(), memberId);
                return downing.down(ch, a);
            }
        }
        return CompletableFuture.completedFuture(false);
    }

    /**
     * This member was downed ({@code by} told it): it shows a view of itself alone, publishes {@link SelfDowned}
     * and leaves its control plane; later views are ignored, so it never shows the cluster again.
     */
    private void onSelfDowned(Member by) {
        synchronized (this) {
            if (selfDowned) {
                return;
            }
            selfDowned = true;
        }
        LOG.warn("cluster {}: member {} was downed (told by {}); it leaves and stays out of the cluster",
                config.clusterName(), self.id(), by != null ? by.id() : "?");
        leave();
        synchronized (viewLock) {
            ClusterView previous = view();
            ClusterView alone = new ClusterView(previous.viewId() + 1, self, List.of(self));
            List<Member> left = previous.members().stream().filter(m -> !m.equals(self)).toList();
            view = alone;
            suspected.clear();
            for (Member m : left) {
                events.publish(new MemberLeft(m, alone));
            }
            events.publish(new ClusterViewChanged(alone, List.of(), left, false));
            events.publish(new SelfDowned(self, alone));
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            leave().toCompletableFuture().get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cluster {}: member {} did not leave cleanly", config.clusterName(), self.id(), e);
        }
        JChannel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + config.clusterName() + " " + self.id() + "]";
    }
}
