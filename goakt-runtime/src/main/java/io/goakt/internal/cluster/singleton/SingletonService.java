package io.goakt.internal.cluster.singleton;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.EventStream;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.QuorumRegained;
import io.goakt.cluster.SelfDowned;
import io.goakt.cluster.SingletonOptions;
import io.goakt.eventstream.ActorStopped;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.cluster.ClusterHooks;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.internal.util.Limits;
import io.goakt.remote.Remoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link ClusterSingletons} of one member: which singletons it runs, the protocol that keeps one instance of
 * each in the cluster, and the proxies.
 *
 * <h2>The problem</h2>
 * A singleton must run on exactly one member, the oldest eligible one, and move when that member leaves, crashes or
 * is cut off, without two instances ever running at once, also across a partition and its heal.
 *
 * <h2>The approach</h2>
 * <ul>
 *   <li><b>Who runs it.</b> The oldest member of the current view that has the singleton's role and has not
 *       announced that it leaves. Every member computes it from its own view; members that installed the same view
 *       agree.</li>
 *   <li><b>When a member starts it.</b> Only with quorum, only when its view is the last stable one
 *       ({@link ClusterHooks#onStableView}: unchanged for {@code stableAfter}, nobody unreachable), and only after
 *       it asked every other member of the view that does not leave ({@link SingletonMessage.Probe}) and each
 *       answered that no instance runs or stops there, or left the view. So a member that still runs an instance
 *       (a former host after a merge, one that has not seen the view yet) blocks the start until it stopped and
 *       said so ({@link SingletonMessage.Stopped}); a start is tried again on that notice, on every stable view, and
 *       once a second.</li>
 *   <li><b>When a member stops it.</b> At once on {@link QuorumLost} (the side with quorum starts it only after a
 *       view change plus {@code stableAfter}, and the failure detector's suspicion that set off the loss comes
 *       before that view change, so the two never overlap); on a view in which this member is no longer the oldest
 *       eligible one (a merge); and before a graceful leave ({@link ClusterHooks#beforeLeave}), or when the system
 *       shuts down (its actors stop before the cluster leaves). It first sends
 *       {@link SingletonMessage.Stopping}, so proxies hold messages instead of sending them to an actor about to
 *       stop, then, once {@code postStop} ran, {@link SingletonMessage.Stopped}; with {@code handover} set when it
 *       leaves, which lets the next member start at once, before the view without the leaver. A hand-over has time:
 *       it waits (at most {@link #ACK_WAIT_MILLIS}) until every proxy acknowledged that it holds messages, and lets
 *       the instance handle its mailbox ({@code PoisonPill}) before it stops; any other stop is at once.</li>
 *   <li><b>Proxies</b> ({@link SingletonProxy}) follow {@link SingletonMessage.Started} announcements: a host
 *       announces each instance when it starts, again to members that join or merge in, and to a member that asks
 *       ({@link SingletonMessage.Sync}, after it regained quorum). A member that leaves the view takes its
 *       announcements with it.</li>
 *   <li><b>Messages</b> go as one unicast to each member of the view (UNICAST3: reliable, ordered per sender): a
 *       JGroups broadcast reached a member that had just joined up to a second late.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * The protocol state ({@link #hosted}, {@link #probes}, {@link #leavingMembers}, {@link #stoppedItself},
 * {@link #ranElsewhere}, {@link #leavingSelf}) is confined to {@link #executor}, this member's one singleton thread:
 * control messages, cluster events, stable views, actor stops and spawn completions are handed to it.
 * {@link #declared} and {@link #proxies} are concurrent maps written by callers of {@link #start} and
 * {@link #proxy} on any thread (their put-if-absent pairs with the singleton thread's reads); each proxy guards its
 * own state. {@link #closed} is volatile (store on close, loads by handlers that then drop work).
 */
public final class SingletonService implements ClusterSingletons, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(ClusterSingletons.class);
    /** The control-plane topic of the singleton protocol. */
    static final byte TOPIC = 5;
    private static final String ACTOR_PREFIX = "singleton-";
    /** The longest singleton name: its actor's name, prefix included, is at most an actor name's length. */
    static final int MAX_NAME_LENGTH = Limits.MAX_NAME_LENGTH - ACTOR_PREFIX.length();
    private static final long TICK_MILLIS = 1_000;
    /** How long a hand-over waits at most for the proxies to acknowledge that they hold messages. */
    private static final long ACK_WAIT_MILLIS = 1_000;
    /** How long a probe waits for its answers before the next tick tries again. */
    private static final long PROBE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** A singleton declared on this member. */
    private record Declaration(String name, Supplier<? extends Actor> factory, SingletonOptions options) {
    }

    /** An instance this member runs, starts or stops; confined to {@link #executor}. */
    private static final class Hosted {
        ActorRef ref;
        boolean stopping;
        boolean handover;
        /** Members yet to acknowledge a hand-over's {@link SingletonMessage.Stopping}; null otherwise. */
        Set<String> acksDue;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
    }

    /** A start waiting for the other members' answers; confined to {@link #executor}. */
    private record Pending(long probeId, long viewId, Set<String> awaiting, long startedNanos) {
    }

    private final Cluster cluster;
    private final ClusterHooks hooks;
    private final ControlMessaging messaging;
    private final InternalActorSystem system;
    private final Remoting remoting;
    private final Member self;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Declaration> declared = new ConcurrentHashMap<>();
    private final Map<String, Hosted> hosted = new HashMap<>();
    private final Map<String, Pending> probes = new HashMap<>();
    /** Members that announced a hand-over: they leave and never run a singleton again. */
    private final Set<String> leavingMembers = new HashSet<>();
    private final Map<String, SingletonProxy> proxies = new ConcurrentHashMap<>();
    private final AtomicLong probeIds = new AtomicLong(ThreadLocalRandom.current().nextLong());
    /** Starts of a singleton that ran elsewhere before: atomic increments on the singleton thread, any reader. */
    private final AtomicLong handovers = new AtomicLong();
    /**
     * Names whose instance stopped by itself while this member was its host: not started again until this member
     * stops being the host. Confined to {@link #executor}.
     */
    private final Set<String> stoppedItself = new HashSet<>();
    /** Names whose instance ran on another member at some time; confined to {@link #executor}. */
    private final Set<String> ranElsewhere = new HashSet<>();
    /** True once this member hands its singletons over (it leaves): it starts none again. Singleton thread only. */
    private boolean leavingSelf;
    private volatile boolean closed;
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();

    private SingletonService(Cluster cluster) {
        this.cluster = cluster;
        this.hooks = ClusterHooks.of(cluster);
        this.messaging = ControlMessaging.of(cluster);
        this.system = InternalActorSystem.of(cluster.system());
        this.remoting = Remoting.of(system).orElseThrow(() -> new IllegalStateException("cluster member "
                + cluster.self().id() + " has no remoting"));
        this.self = cluster.self();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "goakt-" + system.name() + "-cluster-singletons");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts the singletons of {@code cluster}'s member; use {@link ClusterSingletons#of}, one per system. */
    public static SingletonService start(Cluster cluster) {
        SingletonService s = new SingletonService(cluster);
        s.messaging.subscribe(TOPIC, ControlMessaging.decoding("singletons", s.self, SingletonMessage::decode,
                (from, m) -> s.run(() -> s.handle(from, m))));
        EventStream events = s.system.eventStream();
        s.subscriptions.add(events.subscribe(ClusterViewChanged.class, e -> s.run(() -> s.onView(e))));
        s.subscriptions.add(events.subscribe(QuorumLost.class, e -> s.run(s::onQuorumLost)));
        s.subscriptions.add(events.subscribe(QuorumRegained.class, e -> s.run(s::onQuorumRegained)));
        s.subscriptions.add(events.subscribe(SelfDowned.class, e -> s.run(s::onSelfDowned)));
        s.subscriptions.add(events.subscribe(ActorStopped.class, e -> s.onActorStopped(e.actor())));
        s.hooks.onStableView(v -> s.run(s::evaluateAll));
        s.hooks.beforeLeave(s::handOver);
        s.executor.scheduleWithFixedDelay(s::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        s.broadcast(new SingletonMessage.Sync(""));
        return s;
    }

    // ------------------------------------------------------------------ public API

    @Override
    public ActorRef start(String name, Supplier<? extends Actor> factory, SingletonOptions options) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        checkName(name);
        if (closed) {
            throw new IllegalStateException("the singletons of member " + self.id() + " are closed");
        }
        if (declared.putIfAbsent(name, new Declaration(name, factory, options)) != null) {
            throw new IllegalStateException("singleton " + name + " is declared on member " + self.id()
                    + " already");
        }
        SingletonProxy proxy = proxy0(name);
        proxy.limit(options.bufferSize());
        run(() -> evaluate(name));
        return proxy;
    }

    @Override
    public ActorRef proxy(String name) {
        checkName(name);
        return proxy0(name);
    }

    @Override
    public Map<String, Member> locations() {
        Map<String, Member> where = new TreeMap<>();
        for (SingletonProxy p : proxies.values()) {
            Member host = p.host();
            if (host != null) {
                where.put(p.name(), host);
            }
        }
        return where;
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(declared.keySet());
    }

    @Override
    public long handovers() {
        return handovers.get();
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    private SingletonProxy proxy0(String name) {
        return proxies.computeIfAbsent(name, n -> new SingletonProxy(n, system, executor,
                SingletonOptions.DEFAULT_BUFFER_SIZE));
    }

    /** A singleton name becomes an actor name behind {@link #ACTOR_PREFIX}, so it follows the actor name rule. */
    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        Limits.check(Limits.actorNameProblem(name, "singleton name", MAX_NAME_LENGTH));
    }

    // ------------------------------------------------------------------ events, on the singleton thread

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("singletons of member {}: a step failed", self.id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("singletons of member {} closed; step dropped", self.id());
        }
    }

    private void handle(Member from, SingletonMessage m) {
        if (m instanceof SingletonMessage.Started s) {
            if (cluster.view().contains(from)) {
                ranElsewhere.add(s.name());
                proxy0(s.name()).hostUp(from, remoting.actorRef(from.remoting(), s.systemName(), s.actorName()));
            }
        } else if (m instanceof SingletonMessage.Stopping s) {
            proxy0(s.name()).hostDown(from);
            send(from, new SingletonMessage.StoppingAck(s.name()));
        } else if (m instanceof SingletonMessage.StoppingAck s) {
            Hosted h = hosted.get(s.name());
            if (h != null && h.acksDue != null && h.acksDue.remove(from.id()) && h.acksDue.isEmpty()) {
                drainAndStop(h);
            }
        } else if (m instanceof SingletonMessage.Stopped s) {
            ranElsewhere.add(s.name());
            proxy0(s.name()).hostDown(from);
            if (s.handover()) {
                leavingMembers.add(from.id());
            }
            evaluate(s.name());
        } else if (m instanceof SingletonMessage.Probe p) {
            // A member outside this member's view, or one racing with this member's own start, is refused: the
            // views disagree, and the start waits until they agree.
            boolean busy = hosted.containsKey(p.name()) || probes.containsKey(p.name())
                    || !cluster.view().contains(from);
            send(from, new SingletonMessage.ProbeReply(p.name(), p.probeId(), busy));
        } else if (m instanceof SingletonMessage.ProbeReply r) {
            onProbeReply(from, r);
        } else if (m instanceof SingletonMessage.Sync) {
            hosted.forEach((name, h) -> {
                if (h.ref != null && !h.stopping) {
                    send(from, started(name, h));
                }
            });
        }
    }

    private void onView(ClusterViewChanged e) {
        ClusterView view = e.view();
        leavingMembers.removeIf(id -> view.member(id).isEmpty());
        for (SingletonProxy p : proxies.values()) {
            Member host = p.host();
            if (host != null && !view.contains(host)) {
                p.hostDown(host);
            }
        }
        // A start decided in another view is decided again in this one.
        probes.clear();
        stoppedItself.removeIf(name -> !declared.containsKey(name)
                || !self.equals(oldestEligible(view, declared.get(name))));
        for (Map.Entry<String, Hosted> entry : new ArrayList<>(hosted.entrySet())) {
            Declaration d = declared.get(entry.getKey());
            if (d != null && !self.equals(oldestEligible(view, d))) {
                LOG.info("singleton {}: member {} is no longer the oldest eligible member of view {}; it stops "
                        + "its instance", entry.getKey(), self.id(), view.viewId());
                stopInstance(entry.getKey(), false);
            } else if (!e.joined().isEmpty() && entry.getValue().ref != null && !entry.getValue().stopping) {
                broadcast(started(entry.getKey(), entry.getValue()));
            }
        }
    }

    private void onQuorumLost() {
        probes.clear();
        stoppedItself.clear();
        for (String name : new ArrayList<>(hosted.keySet())) {
            LOG.warn("singleton {}: member {} lost quorum or was downed; it stops its instance", name, self.id());
            stopInstance(name, false);
        }
        for (SingletonProxy p : proxies.values()) {
            p.hostDown(null);
        }
    }

    /** Downed: this member is out of the cluster for good; it stops its instances and starts none again. */
    private void onSelfDowned() {
        leavingSelf = true;
        onQuorumLost();
    }

    private void onQuorumRegained() {
        broadcast(new SingletonMessage.Sync(""));
    }

    private void onActorStopped(ActorRef actor) {
        if (actor.path().startsWith("/user/" + ACTOR_PREFIX)) {
            boolean shuttingDown = !system.isRunning();
            run(() -> instanceStopped(actor, shuttingDown));
        }
    }

    private void tick() {
        long now = System.nanoTime();
        probes.values().removeIf(p -> now - p.startedNanos() > PROBE_TIMEOUT_NANOS);
        evaluateAll();
    }

    // ------------------------------------------------------------------ starting

    private void evaluateAll() {
        for (String name : declared.keySet()) {
            evaluate(name);
        }
    }

    /** Starts {@code name} here when this member should run it and nothing runs it yet; singleton thread. */
    private void evaluate(String name) {
        Declaration d = declared.get(name);
        if (d == null || closed || leavingSelf || hosted.containsKey(name) || probes.containsKey(name)
                || stoppedItself.contains(name) || !mayStart(d)) {
            return;
        }
        ClusterView view = cluster.view();
        Member host = proxy0(name).host();
        if (host != null && !host.equals(self) && view.contains(host)) {
            return;
        }
        Set<String> awaiting = new HashSet<>();
        for (Member m : view.members()) {
            if (!m.equals(self) && !leavingMembers.contains(m.id())) {
                awaiting.add(m.id());
            }
        }
        if (awaiting.isEmpty()) {
            spawn(d);
            return;
        }
        long id = probeIds.incrementAndGet();
        probes.put(name, new Pending(id, view.viewId(), awaiting, System.nanoTime()));
        // The leavers are not asked.
        SingletonMessage.Probe probe = new SingletonMessage.Probe(name, id);
        for (Member m : view.members()) {
            if (awaiting.contains(m.id())) {
                send(m, probe);
            }
        }
    }

    /** Quorum, a stable view, and this member the oldest eligible in it. */
    private boolean mayStart(Declaration d) {
        ClusterView view = cluster.view();
        return cluster.hasQuorum() && hooks.isStable(view)
                && self.equals(oldestEligible(view, d));
    }

    private void onProbeReply(Member from, SingletonMessage.ProbeReply r) {
        Pending p = probes.get(r.name());
        if (p == null || p.probeId() != r.probeId()) {
            return;
        }
        if (r.running()) {
            // It stops once it sees it is not the oldest eligible; its Stopped notice brings us back here.
            probes.remove(r.name());
            return;
        }
        p.awaiting().remove(from.id());
        if (p.awaiting().isEmpty()) {
            probes.remove(r.name());
            Declaration d = declared.get(r.name());
            if (d != null && !hosted.containsKey(r.name()) && !leavingSelf && mayStart(d)
                    && cluster.view().viewId() == p.viewId()) {
                spawn(d);
            }
        }
    }

    private void spawn(Declaration d) {
        Hosted h = new Hosted();
        hosted.put(d.name(), h);
        system.spawnOnDispatcher(ACTOR_PREFIX + d.name(),
                        () -> new QuorumGuardedActor(d.factory().get(), cluster, system, d.name()),
                        d.options().spawnOptions())
                .whenComplete((ref, e) -> run(() -> spawned(d, h, ref, e)));
    }

    private void spawned(Declaration d, Hosted h, ActorRef ref, Throwable failure) {
        if (failure != null) {
            hosted.remove(d.name(), h);
            LOG.warn("singleton {}: member {} could not start it; it tries again", d.name(), self.id(), failure);
            return;
        }
        h.ref = ref;
        if (h.stopping || leavingSelf || !cluster.hasQuorum() || !self.equals(oldestEligible(cluster.view(), d))) {
            h.stopping = false;
            stopInstance(d.name(), leavingSelf);
            return;
        }
        if (ranElsewhere.contains(d.name())) {
            handovers.incrementAndGet();
        }
        LOG.info("singleton {}: started on member {} in view {}", d.name(), self.id(), cluster.view().viewId());
        proxy0(d.name()).hostUp(self, ref);
        broadcast(started(d.name(), h));
    }

    // ------------------------------------------------------------------ stopping

    /** Stops this member's instance of {@code name}; the stage completes once it stopped and others were told. */
    private CompletableFuture<Void> stopInstance(String name, boolean handover) {
        Hosted h = hosted.get(name);
        if (h == null) {
            return CompletableFuture.completedFuture(null);
        }
        h.handover |= handover;
        if (h.stopping) {
            return h.stopped;
        }
        h.stopping = true;
        if (h.ref == null) {
            // Still starting: spawned() stops it when the spawn completes.
            return h.stopped;
        }
        proxy0(name).hostDown(self);
        broadcast(new SingletonMessage.Stopping(name));
        if (!h.handover) {
            ActorRef ref = h.ref;
            system.stop(ref).whenComplete((v, e) -> run(() -> instanceStopped(ref, false)));
            return h.stopped;
        }
        // A hand-over has time: once every proxy holds (or after a short wait), the instance handles what reached
        // it before it stops, so the messages sent before the proxies switched are not lost.
        Set<String> due = new HashSet<>();
        for (Member m : cluster.view().members()) {
            if (!m.equals(self) && !leavingMembers.contains(m.id())) {
                due.add(m.id());
            }
        }
        h.acksDue = due;
        if (due.isEmpty()) {
            drainAndStop(h);
        } else {
            Declaration d = declared.get(name);
            long wait = Math.min(ACK_WAIT_MILLIS, d != null ? d.options().handoverTimeout().toMillis() / 2
                    : ACK_WAIT_MILLIS);
            executor.schedule(() -> drainAndStop(h), wait, TimeUnit.MILLISECONDS);
        }
        return h.stopped;
    }

    /** Lets the instance handle what its mailbox holds, then stop; its {@code ActorStopped} finishes the stop. */
    private void drainAndStop(Hosted h) {
        if (h.acksDue == null) {
            return;
        }
        h.acksDue = null;
        h.ref.tell(io.goakt.actor.PoisonPill.INSTANCE);
    }

    /** {@code actor} stopped, by this service or by itself or by the system's shutdown. Singleton thread. */
    private void instanceStopped(ActorRef actor, boolean shuttingDown) {
        for (Map.Entry<String, Hosted> entry : hosted.entrySet()) {
            Hosted h = entry.getValue();
            if (actor.equals(h.ref)) {
                String name = entry.getKey();
                hosted.remove(name);
                boolean handover = h.handover || shuttingDown || leavingSelf;
                if (!h.stopping) {
                    proxy0(name).hostDown(self);
                    LOG.info("singleton {}: its instance on member {} stopped{}", name, self.id(),
                            shuttingDown ? " (the system shuts down)" : " by itself; it starts again when its "
                                    + "member changes");
                    // Not started again here while this member stays the host: an actor that stops itself meant it.
                    if (!handover) {
                        stoppedItself.add(name);
                    }
                }
                broadcast(new SingletonMessage.Stopped(name, handover));
                h.stopped.complete(null);
                return;
            }
        }
    }

    /** Before a graceful leave: stops every instance and tells the next members; completes once all stopped. */
    private CompletionStage<?> handOver() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        run(() -> {
            leavingSelf = true;
            probes.clear();
            List<CompletableFuture<Void>> stops = new ArrayList<>();
            for (String name : new ArrayList<>(hosted.keySet())) {
                Declaration d = declared.get(name);
                CompletableFuture<Void> stop = stopInstance(name, true);
                if (d != null) {
                    stop = stop.orTimeout(d.options().handoverTimeout().toMillis(), TimeUnit.MILLISECONDS);
                }
                stops.add(stop);
            }
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.warn("singletons of member {}: an instance did not stop within its hand-over timeout; "
                            + "the member leaves without handing it over", self.id());
                }
                done.complete(null);
            });
        });
        if (closed) {
            done.complete(null);
        }
        return done;
    }

    // ------------------------------------------------------------------ helpers

    private Member oldestEligible(ClusterView view, Declaration d) {
        String role = d.options().role().orElse(null);
        for (Member m : view.members()) {
            if (!leavingMembers.contains(m.id()) && (role == null || m.hasRole(role))
                    && !(m.equals(self) && leavingSelf)) {
                return m;
            }
        }
        return null;
    }

    private SingletonMessage.Started started(String name, Hosted h) {
        return new SingletonMessage.Started(name, system.name(), h.ref.name());
    }

    /**
     * Sends {@code m} to every other member of the current view, one unicast each: a member that joined a moment
     * ago gets a unicast at once, where a JGroups broadcast reached it up to a second late in the hand-over
     * benchmark.
     */
    private void broadcast(SingletonMessage m) {
        messaging.sendToEachOther(TOPIC, SingletonMessage.encode(m));
    }

    private void send(Member to, SingletonMessage m) {
        messaging.send(to, TOPIC, SingletonMessage.encode(m));
    }

    /**
     * Hands the singletons over if the member did not leave yet (the system shuts down: its actors stopped
     * already, which told the others), drops what proxies hold, and stops the singleton thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            handOver().toCompletableFuture().get(SingletonOptions.DEFAULT_HANDOVER_TIMEOUT.toMillis(),
                    TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.debug("singletons of member {}: hand-over at close: {}", self.id(), e.toString());
        }
        closed = true;
        subscriptions.forEach(EventStream.Subscription::close);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SingletonProxy p : proxies.values()) {
            p.drain("member " + self.id() + " shut down before an instance was known");
        }
    }
}
