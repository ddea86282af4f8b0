package io.goakt.internal.cluster.grain;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EventStream;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterGrains;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.QuorumRegained;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRef;
import io.goakt.grain.Grains;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.GrainUnavailableException;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.cluster.ClusterHooks;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.internal.cluster.registry.Partitions;
import io.goakt.internal.grain.GrainFront;
import io.goakt.internal.grain.GrainWire;
import io.goakt.internal.grain.LocalGrainRegistry;
import io.goakt.internal.remote.RemotingEngine;
import io.goakt.remote.Remoting;
import io.goakt.serialization.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Supplier;

/**
 * The grains of a cluster member: the front ({@link GrainFront}) of the system's {@link LocalGrainRegistry} that
 * places each identity on one member, and hosts the activations of this member's identities in that local registry.
 * {@code Cluster.start} attaches it, so {@code Grains.of}, {@link GrainRef} and user code do not change: every send
 * through the local registry's refs comes here.
 *
 * <h2>Routing</h2>
 * An identity {@code kind/id} falls into one of {@code partitionCount} partitions, and the partition's owner in the
 * sender's current view ({@link Partitions}, rendezvous hashing) hosts it. A send to an identity this member owns
 * goes through the partition's gate ({@link PartitionDirectory}) into the local registry; a send to another owner
 * goes over remoting to that member's gateway actor ({@value #GATEWAY_NAME}) as a {@link GrainWire}, tagged with the
 * view id it was routed by and a hop count. The message itself is serialized by the remoting's allow-list like any
 * remote message; the envelope's sender is the message's sender, so replies and asks need nothing more.
 *
 * <h2>Retries</h2>
 * A member serves a message only when it owns the identity's partition in its own view and the partition's gate is
 * open. Otherwise it sends the message on to the owner of its view, or tries again itself after a pause (10 ms,
 * doubling up to 250 ms) when its own view is older than the one the message was routed by, its gate is not open yet
 * (a hand-over under way, a stable view awaited, no quorum), the owner has not announced a release yet (it just
 * joined: its gateway may not be up), or the message already went back and forth between members whose views
 * differ. Members that announced a graceful leave own nothing, so nothing is sent to one that is about to; a message
 * routed to a member before its announcement arrived, and still waiting for a connection to it when it leaves the
 * view, comes back from remoting ({@link RemotingEngine#rerouteIfGone}) and is routed again. A message gets as many
 * hops and retries as fit in {@code handoverTimeout} plus four times {@code stableAfter} (at least ten seconds,
 * enough for a hand-over or a stable view after a crash); then an ask fails with {@link GrainUnavailableException} and
 * a tell becomes a dead letter saying why. Messages that waited for an activation here when the partition moved away
 * follow it the same way.
 *
 * <h2>Hand-over</h2>
 * See {@link PartitionDirectory}: on each view this member closes and deactivates what it lost, then broadcasts a
 * release (control topic {@value #RELEASE_TOPIC}; a member that starts asks the others for their last release with an
 * empty message, since it subscribed after they announced it); it opens what it gained once every member released,
 * and, when a member vanished without releasing, once a stable view came. A graceful leave releases everything first.
 *
 * <h2>Concurrency</h2>
 * The send path runs on the caller's thread (a map lookup, a read lock, an enqueue). View events, releases, stable
 * views and quorum events arrive on JGroups' or the scheduler's threads and are handed to {@link #control}, this
 * member's one grain-control thread, in arrival order; retries are scheduled on it too. {@link #releasing} and
 * {@link #lastView} are touched on that thread only; {@link #ready} and {@link #leavers} are concurrent sets written
 * there and read by the send path.
 */
public final class ClusterGrainService implements ClusterGrains, GrainFront, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(ClusterGrains.class);
    /** Name of the gateway actor under {@code /user} that receives grain messages from other members. */
    public static final String GATEWAY_NAME = "goakt-cluster-grains";
    /** The control topic of releases (body: the view id, 8 bytes). */
    static final byte RELEASE_TOPIC = 6;
    /** The least time a message is retried for. */
    private static final long MIN_RETRY_MILLIS = 10_000;

    private final Cluster cluster;
    private final InternalActorSystem system;
    private final ClusterHooks hooks;
    private final ControlMessaging messaging;
    private final RemotingEngine remoting;
    private final Member self;
    private final int partitionCount;
    /** Hops and retries a message gets before it fails: {@link #retryBudget} worth of pauses. */
    private final int maxAttempts;
    private final PartitionDirectory directory;
    private final LocalGrainRegistry local;
    private final GrainCounts counts;
    private final ScheduledThreadPoolExecutor control;
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();
    /**
     * Members known to serve grain messages: they announced a release, which a member does only after its gateway
     * started. Added and pruned on the control thread, read by the send path (a concurrent set).
     */
    private final Set<String> ready = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Members that announced a graceful leave (released everything): messages are no longer routed to them, and what
     * is still queued for one when it leaves the view comes back from remoting to be routed again.
     * Same threading as {@link #ready}.
     */
    private final Set<String> leavers = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The last view processed; control thread only. */
    private ClusterView lastView;
    /** The releases under way, chained; control thread only. */
    private CompletableFuture<Void> releasing = CompletableFuture.completedFuture(null);
    /**
     * The view id of the last release this member announced, -1 before the first: a volatile store by the thread
     * that completes a release, a volatile load by the JGroups thread that answers a member asking for it.
     */
    private volatile long lastReleased = -1;

    private ClusterGrainService(Cluster cluster, LocalGrainRegistry local) {
        this.cluster = cluster;
        this.system = InternalActorSystem.of(cluster.system());
        this.hooks = ClusterHooks.of(cluster);
        this.messaging = ControlMessaging.of(cluster);
        this.remoting = Remoting.of(system).filter(RemotingEngine.class::isInstance).map(RemotingEngine.class::cast)
                .orElseThrow(() -> new IllegalStateException("cluster member " + cluster.self().id()
                        + " has no runtime remoting for its grains"));
        this.self = cluster.self();
        this.partitionCount = cluster.config().partitionCount();
        this.directory = new PartitionDirectory(partitionCount, self);
        this.maxAttempts = retryBudget(cluster.config().handoverTimeout().toMillis()
                + 4 * cluster.config().stableAfter().toMillis());
        this.control = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "goakt-" + system.name() + "-cluster-grains");
            t.setDaemon(true);
            return t;
        });
        control.setRemoveOnCancelPolicy(true);
        this.local = local;
        this.counts = new GrainCounts(messaging, self, local::activeByKind, control);
        // A grain message still waiting for a connection to a member that leaves the view goes back to routing.
        remoting.rerouteIfGone(GrainWire.TYPE_ID, (message, sender) -> {
            if (message instanceof GrainWire wire) {
                received(wire, sender, 1);
            }
        });
    }

    /**
     * Makes the grains of {@code cluster}'s system cluster-wide, or returns those already made so. Activations of
     * the local registry from before are deactivated (they reactivate at their owners on their next message).
     *
     * @throws IllegalStateException when the system has a grain registry of its own (not the runtime's)
     */
    public static ClusterGrains install(Cluster cluster) {
        ActorSystem system = cluster.system();
        if (!(Grains.of(system) instanceof LocalGrainRegistry local)) {
            throw new IllegalStateException("actor system " + system.name() + " has a grain registry of its own ("
                    + Grains.of(system) + "), so its grains cannot be placed across the cluster");
        }
        ClusterGrainService service = system.extension(ClusterGrainService.class,
                s -> new ClusterGrainService(cluster, local));
        service.start();
        return service;
    }

    /** The cluster grains of {@code system}, if its cluster started. */
    public static java.util.Optional<ClusterGrains> of(ActorSystem system) {
        return system.extension(ClusterGrainService.class).map(ClusterGrains.class::cast);
    }

    private synchronized void start() {
        if (!subscriptions.isEmpty()) {
            return;
        }
        system.spawn(GATEWAY_NAME, Gateway::new, SpawnOptions.defaults());
        local.attach(this);
        messaging.subscribe(RELEASE_TOPIC, (from, body) -> onControl(() -> onReleased(from, body)));
        counts.subscribe();
        EventStream events = system.eventStream();
        subscriptions.add(events.subscribe(ClusterViewChanged.class, e -> onControl(() -> onView(e.view()))));
        subscriptions.add(events.subscribe(QuorumLost.class, e -> onControl(this::onQuorumLost)));
        subscriptions.add(events.subscribe(QuorumRegained.class, e -> onControl(() -> {
            directory.onQuorumRegained(e.view());
            tryOpen();
        })));
        hooks.onStableView(v -> onControl(() -> onStable(v)));
        hooks.beforeLeave(this::handOver);
        // The first view was published while the cluster started, before these subscriptions; and releases the
        // others broadcast meanwhile are asked for again (an empty body).
        ClusterView first = cluster.view();
        onControl(() -> {
            release(p -> true, -1); // activations from before the cluster: their partitions are not open yet
            onView(first);
        });
        messaging.broadcast(RELEASE_TOPIC, new byte[0]);
        // Its stable moment may also have passed before onStableView above: look again after it.
        long stableMillis = cluster.config().stableAfter().toMillis();
        control.schedule(() -> {
            ClusterView v = cluster.view();
            if (v.viewId() == first.viewId() && cluster.hasQuorum()) {
                onStable(v);
            }
        }, 2 * stableMillis + 50, TimeUnit.MILLISECONDS);
    }

    /** How many pauses of {@link #retryLater} add up to at least {@code millis} (and {@link #MIN_RETRY_MILLIS}). */
    static int retryBudget(long millis) {
        long budget = Math.max(millis, MIN_RETRY_MILLIS);
        int attempts = 0;
        for (long spent = 0; spent < budget; attempts++) {
            spent += pause(attempts);
        }
        return attempts;
    }

    private static long pause(int attempt) {
        return Math.min(10L << Math.min(attempt, 5), 250L);
    }

    // =================================================================== GrainRegistry

    @Override
    public void register(String kind, Supplier<? extends Grain> factory, GrainOptions options) {
        local.register(kind, factory, options);
    }

    @Override
    public Set<String> kinds() {
        return local.kinds();
    }

    @Override
    public GrainRef ref(String kind, String id) {
        return local.ref(kind, id);
    }

    /** Deactivates the activation of {@code identity} on this member, if it runs here. */
    @Override
    public CompletionStage<Void> deactivate(GrainIdentity identity) {
        return local.deactivate(identity);
    }

    /** The identities active (or starting) on this member. */
    @Override
    public Set<GrainIdentity> activeGrains() {
        return local.activeGrains();
    }

    /** True while {@code identity} is active (or starting) on this member. */
    @Override
    public boolean isActive(GrainIdentity identity) {
        return local.isActive(identity);
    }

    // =================================================================== ClusterGrains

    @Override
    public Map<String, Integer> activeByKind() {
        return local.activeByKind();
    }

    @Override
    public int ownedPartitions() {
        ClusterView v = cluster.view();
        int n = 0;
        for (int p = 0; p < partitionCount; p++) {
            if (Partitions.ownerOf(p, v.members()).equals(self)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public int servedPartitions() {
        return directory.openCount();
    }

    @Override
    public CompletionStage<Map<String, Map<String, Integer>>> activeByKindPerMember(Duration timeout) {
        return counts.query(cluster.view(), timeout);
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    // =================================================================== GrainFront

    @Override
    public void send(GrainIdentity identity, Object message, ActorRef sender) {
        route(identity, message, sender, 0, cluster.view().viewId());
    }

    @Override
    public boolean mayActivate(GrainIdentity identity) {
        return directory.isOpen(partitionOf(identity)) && cluster.hasQuorum();
    }

    @Override
    public boolean mayServe() {
        // False from the moment a frozen member thaws (its pause watch is overdue), before QuorumLost closed the gates.
        return cluster.hasQuorum();
    }

    @Override
    public void reroute(GrainIdentity identity, Object message, ActorRef sender) {
        route(identity, message, sender, 1, cluster.view().viewId());
    }

    // =================================================================== routing

    private int partitionOf(GrainIdentity identity) {
        return Partitions.partitionOf(identity.toString(), partitionCount);
    }

    /**
     * Serves {@code message} here, sends it to its owner, or retries it later; see the class comment.
     *
     * @param routedBy the view id the previous hop routed it by
     */
    private void route(GrainIdentity identity, Object message, ActorRef sender, int attempt, long routedBy) {
        route(identity, message, sender, attempt, routedBy, false);
    }

    /** As above; {@code atOnce} when a retry's pause is over, so a message for another owner goes there now. */
    private void route(GrainIdentity identity, Object message, ActorRef sender, int attempt, long routedBy,
                       boolean atOnce) {
        if (!system.isRunning()) {
            unavailable(identity, message, sender, "actor system " + system.name() + " is shutting down");
            return;
        }
        if (attempt >= maxAttempts) {
            unavailable(identity, message, sender, "no member served it after " + attempt + " hops and retries ("
                    + directory.waitingFor() + ")");
            return;
        }
        ClusterView view = cluster.view();
        List<Member> members = view.members();
        boolean up = cluster.isUp();
        if (!up || !leavers.isEmpty()) {
            // Members that leave (this one too, once it left) own nothing any more.
            members = members.stream().filter(m -> !leavers.contains(m.id()) && (up || !m.equals(self))).toList();
            if (members.isEmpty()) {
                unavailable(identity, message, sender, "member " + self.id() + " left the cluster");
                return;
            }
        }
        int partition = partitionOf(identity);
        Member owner = Partitions.ownerOf(partition, members);
        if (owner.equals(self)) {
            // A kind not registered yet (a member that just started) is retried like a closed gate.
            // Without quorum (also right after a thaw, before QuorumLost closed the gates) nothing is served here.
            if (!local.hasKind(identity.kind()) || !cluster.hasQuorum()
                    || !directory.deliverIfOpen(partition, () -> local.deliverHere(identity, message, sender))) {
                retryLater(identity, message, sender, attempt, view.viewId());
            }
        } else if (!ready.contains(owner.id()) || !atOnce && (routedBy > view.viewId() || attempt >= 2)) {
            // The owner has not started its gateway yet (it just joined), this member's view is behind, or the
            // message went back and forth between members whose views differ: look again after a pause.
            retryLater(identity, message, sender, attempt, routedBy);
        } else {
            sendTo(owner, identity, message, sender, attempt, view.viewId());
        }
    }

    private void retryLater(GrainIdentity identity, Object message, ActorRef sender, int attempt, long routedBy) {
        long delay = pause(attempt);
        try {
            control.schedule(() -> retry(identity, message, sender, attempt + 1, routedBy), delay,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            unavailable(identity, message, sender, "the grains of member " + self.id() + " are closed");
        }
    }

    /** A retry: served here or sent to the owner of the then current view, at once. */
    private void retry(GrainIdentity identity, Object message, ActorRef sender, int attempt, long routedBy) {
        ClusterView view = cluster.view();
        if (routedBy > view.viewId() && attempt < maxAttempts) {
            retryLater(identity, message, sender, attempt, routedBy);
            return;
        }
        route(identity, message, sender, attempt, routedBy, true);
    }

    private void sendTo(Member owner, GrainIdentity identity, Object message, ActorRef sender, int attempt,
                        long viewId) {
        Serialization.Serialized s = remoting.serialization().serialize(message, remoting.refResolver());
        GrainIdentity grain = LocalGrainRegistry.grainOf(sender);
        String senderGrain = grain != null ? grain.toString() : "";
        GrainWire wire = new GrainWire(identity.kind(), identity.id(), viewId, attempt, senderGrain, s.typeId(),
                s.bytes());
        gatewayOf(owner).tell(wire, senderGrain.isEmpty() ? sender : null);
    }

    private ActorRef gatewayOf(Member m) {
        String systemName = m.id().substring(0, m.id().indexOf('@'));
        return remoting.actorRef(m.remoting(), systemName, GATEWAY_NAME);
    }

    /** A message no member served: an ask fails, anything else becomes a dead letter. */
    private void unavailable(GrainIdentity identity, Object message, ActorRef sender, String why) {
        String detail = "grain " + identity + " unavailable: " + why;
        LOG.debug("cluster grains of {}: {}", self.id(), detail);
        if (sender instanceof InternalActorRef r && r.isTemporary()) {
            sender.tell(new Status.Failure(new GrainUnavailableException(identity, why)), local.senderRef(identity));
        } else {
            system.deadLetter(message, sender, local.senderRef(identity), DeadLetter.Reason.UNKNOWN_ACTOR, detail);
        }
    }

    /** A grain message from another member (the gateway's thread). */
    private void received(GrainWire wire, ActorRef envelopeSender) {
        received(wire, envelopeSender, 0);
    }

    /** As above, counting {@code extraHops} more: a message that comes back from a member that left counts one. */
    private void received(GrainWire wire, ActorRef envelopeSender, int extraHops) {
        GrainIdentity identity = new GrainIdentity(wire.kind(), wire.id());
        ActorRef sender = envelopeSender;
        if (!wire.senderGrain().isEmpty()) {
            int slash = wire.senderGrain().indexOf('/');
            sender = local.senderRef(new GrainIdentity(wire.senderGrain().substring(0, slash),
                    wire.senderGrain().substring(slash + 1)));
        }
        Object message = remoting.serialization().deserialize(wire.typeId(), wire.payload(), remoting.refResolver());
        route(identity, message, sender, wire.attempt() + extraHops, wire.viewId());
    }

    // =================================================================== control thread

    /** Runs {@code task} on the control thread; false when the service is closed. */
    private boolean onControl(Runnable task) {
        try {
            control.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("cluster grains of {}: a control step failed", self.id(), e);
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            return false; // closed: nothing is served here any more
        }
    }

    private void onView(ClusterView view) {
        if (!cluster.isUp()) {
            return;
        }
        ClusterView previous = lastView;
        lastView = view;
        if (previous != null) {
            previous.members().stream().filter(m -> !view.contains(m)).forEach(m -> {
                ready.remove(m.id());
                leavers.remove(m.id());
            });
        }
        release(directory.onView(view), view.viewId());
        tryOpen();
    }

    private void onQuorumLost() {
        LOG.warn("cluster grains of {}: quorum lost, deactivating every grain here and serving none until a "
                + "stable view brings quorum back", self.id());
        release(directory.onQuorumLost(), -1);
    }

    private void onStable(ClusterView view) {
        directory.onStable(view);
        tryOpen();
    }

    private void onReleased(Member from, byte[] body) {
        long last = lastReleased;
        if (body.length == 0 && last >= 0) {
            messaging.send(from, RELEASE_TOPIC, ByteBuffer.allocate(8).putLong(last).array());
        } else if (body.length == 8) {
            ready.add(from.id());
            if (ByteBuffer.wrap(body).getLong() == PartitionDirectory.EVERYTHING) {
                leavers.add(from.id());
            }
            directory.onReleased(from.id(), ByteBuffer.wrap(body).getLong());
            tryOpen();
        }
    }

    private void tryOpen() {
        int opened = directory.tryOpen();
        if (opened > 0) {
            LOG.debug("cluster grains of {}: opened {} partitions in view {}", self.id(), opened,
                    cluster.view().viewId());
        }
    }

    /**
     * Deactivates the grains of the {@code closed} partitions, after the releases before; then, unless
     * {@code viewId} is negative, tells every member that this one released up to {@code viewId}.
     */
    private CompletableFuture<Void> release(IntPredicate closed, long viewId) {
        CompletableFuture<Void> done = local.deactivateAll(id -> closed.test(partitionOf(id)));
        releasing = CompletableFuture.allOf(releasing, done).handle((v, e) -> {
            if (viewId >= 0) {
                lastReleased = Math.max(lastReleased, viewId); // only this chain writes it, one stage at a time
                messaging.broadcast(RELEASE_TOPIC, ByteBuffer.allocate(8).putLong(viewId).array());
            }
            return null;
        });
        return releasing;
    }

    /** Before a graceful leave: release every partition, then say so. */
    private CompletionStage<?> handOver() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        boolean running = onControl(() -> release(directory.onLeave(), PartitionDirectory.EVERYTHING)
                .whenComplete((v, e) -> result.complete(null)));
        if (!running) {
            result.complete(null); // closed at shutdown: every activation has stopped already
        }
        return result;
    }

    @Override
    public void close() {
        for (EventStream.Subscription s : subscriptions) {
            s.close();
        }
        control.shutdownNow();
    }

    @Override
    public String toString() {
        return "ClusterGrains[" + self.id() + "]";
    }

    /** Receives the grain messages of other members; one per member. */
    private final class Gateway implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof GrainWire wire) {
                try {
                    received(wire, ctx.sender());
                } catch (RuntimeException e) {
                    LOG.warn("cluster grains of {}: a grain message for {}/{} was dropped", self.id(), wire.kind(),
                            wire.id(), e);
                }
            } else if (m != PostStart.INSTANCE) {
                ctx.unhandled();
            }
        }
    }
}
