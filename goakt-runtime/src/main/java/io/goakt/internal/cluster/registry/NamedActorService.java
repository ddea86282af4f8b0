package io.goakt.internal.cluster.registry;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.EventStream;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.cluster.Placement;
import io.goakt.cluster.PlacementException;
import io.goakt.eventstream.ActorStopped;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.remote.RemoteFailureException;
import io.goakt.remote.Remoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The {@link ClusterActors} of one member: the registration protocol, the replica of the registry, load reports and
 * placed spawns, all on the control plane ({@link ControlMessaging}, one topic).
 *
 * <h2>Registering a name</h2>
 * <ol>
 *   <li>The requester sends a claim to the name's arbiter (the owner of the name's partition in its view; itself,
 *       possibly), tagged with its view id. The {@link Arbiter} grants it, refuses it (taken, no quorum) or asks for
 *       a retry (the views differ). A retry, or no answer within the claim timeout
 *       ({@link io.goakt.cluster.ClusterConfig#claimTimeout()}), sends the claim again to the arbiter of the then
 *       current view, until the registration timeout ({@link io.goakt.cluster.ClusterConfig#registrationTimeout()}).
 *       </li>
 *   <li>On a grant the requester spawns the actor on its dispatcher, adds the entry to its replica and broadcasts
 *       it. Every member applies it by the merge rule ({@link Registry}). A spawn that fails releases the grant.</li>
 *   <li>When the actor stops, its member broadcasts its removal; when a member leaves, every member drops its
 *       entries. After every view change that brings members in (a join, a merge), every member broadcasts the
 *       entries it owns, so the newcomers learn them and conflicting entries of healed partitions meet; the
 *       loser's member stops its actor.</li>
 * </ol>
 * A grant lives in the arbiter's memory only. If the arbiter leaves between a grant and the entry's broadcast, the
 * next arbiter may grant the name again; both entries then meet, and the merge rule keeps one and stops the other,
 * as after a partition.
 *
 * <h2>Concurrency</h2>
 * Control-plane messages and view events arrive on JGroups' threads; {@link #lock} guards the registry, the arbiter
 * and the load table, and is held only for map updates (never while sending or spawning). Work that runs user code
 * or waits (spawns, completing callers' stages, retries, load reports) runs on {@link #executor}, this member's one
 * registry thread, or on a dispatcher. The resolved-ref cache is a concurrent map written after the registry changes
 * (a stale read costs one message to a stopped actor, which becomes a dead letter); the pending-request maps are
 * concurrent maps whose entries are completed once.
 */
public final class NamedActorService implements ClusterActors, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(ClusterActors.class);
    /** The control-plane topic of the registry. */
    static final byte TOPIC = 1;
    private static final long RETRY_DELAY_MILLIS = 50;

    private final Cluster cluster;
    private final ControlMessaging messaging;
    private final InternalActorSystem system;
    private final Remoting remoting;
    private final Member self;
    private final int partitionCount;
    /** From the config: {@code loadReportInterval}, {@code registrationTimeout}, {@code claimTimeout}. */
    private final Duration loadInterval;
    private final Duration registrationTimeout;
    private final Duration attemptTimeout;
    private final ScheduledThreadPoolExecutor executor;
    /** {@link #executor}, or the calling thread once it is shut down, so that no stage is left uncompleted. */
    private final Executor async;
    private final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    private final Registry registry = new Registry();
    /** Guarded by {@link #lock}. */
    private final Arbiter arbiter;
    /** Guarded by {@link #lock}. */
    private final MemberLoads loads = new MemberLoads();
    /** Guarded by {@link #lock}; the random source of {@link Placement#random()}. */
    private final SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
    /**
     * The cluster-unique names of actors running here, with their incarnation: put by the registry thread after the
     * spawn, removed (by an atomic remove of that pair) by the thread that publishes the actor's stop; the
     * concurrent map's put and remove pair with each other.
     */
    private final Map<String, Long> runningHere = new ConcurrentHashMap<>();
    /**
     * Resolved refs by name: written by senders after a registry read under {@link #lock}, cleared after each
     * registry change of the name and on every view change; a read racing with a clear may use the ref once more.
     */
    private final Map<String, ActorRef> resolved = new ConcurrentHashMap<>();
    /** Claims waiting for the arbiter, by request id; completed once (a later completion is a no-op). */
    private final Map<Long, CompletableFuture<Byte>> pendingClaims = new ConcurrentHashMap<>();
    /** Placed spawns waiting for the chosen member, by request id; completed once. */
    private final Map<Long, CompletableFuture<RegistryMessage.SpawnKindReply>> pendingSpawns =
            new ConcurrentHashMap<>();
    /** Request ids: atomic increments, random start so that ids of a restarted member do not repeat. */
    private final AtomicLong requestIds = new AtomicLong(ThreadLocalRandom.current().nextLong());
    /** The turn of round-robin placement: atomic increments by placing callers. */
    private final AtomicLong roundRobin = new AtomicLong();
    /** Written in {@link #start} before the service is published, read in {@link #close}. */
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();

    private NamedActorService(Cluster cluster) {
        this.cluster = cluster;
        this.messaging = ControlMessaging.of(cluster);
        this.system = InternalActorSystem.of(cluster.system());
        this.remoting = Remoting.of(system).orElseThrow(() -> new IllegalStateException("cluster member "
                + cluster.self().id() + " has no remoting"));
        this.self = cluster.self();
        this.partitionCount = cluster.config().partitionCount();
        this.arbiter = new Arbiter(self, partitionCount, cluster.config().minPeers(),
                cluster.config().reservationLifetime().toMillis());
        this.loadInterval = cluster.config().loadReportInterval();
        this.registrationTimeout = cluster.config().registrationTimeout();
        this.attemptTimeout = cluster.config().claimTimeout();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "goakt-" + system.name() + "-cluster-registry");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.async = task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /** Starts the registry of {@code cluster}'s member; use {@link ClusterActors#of}, which keeps one per system. */
    public static NamedActorService start(Cluster cluster) {
        NamedActorService s = new NamedActorService(cluster);
        s.messaging.subscribe(TOPIC, s::onMessage);
        EventStream events = s.system.eventStream();
        s.subscriptions.add(events.subscribe(ClusterViewChanged.class, s::onViewChanged));
        s.subscriptions.add(events.subscribe(ActorStopped.class, e -> s.onActorStopped(e.actor())));
        long interval = s.loadInterval.toMillis();
        s.executor.scheduleAtFixedRate(s::reportLoad, 0, interval, TimeUnit.MILLISECONDS);
        // Entries broadcast between this member's join and its subscription above are asked for again.
        s.send(null, new RegistryMessage.SyncRequest());
        return s;
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    @Override
    public CompletionStage<ActorRef> spawn(String name, Supplier<? extends Actor> factory, SpawnOptions options) {
        checkName(name);
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        if (!cluster.isUp()) {
            return CompletableFuture.failedFuture(new NameRegistrationException("cluster name " + name
                    + " cannot be registered: member " + self.id() + " is not in the cluster"));
        }
        if (!cluster.hasMinPeers()) {
            return CompletableFuture.failedFuture(noQuorum(name));
        }
        long requestId = requestIds.incrementAndGet();
        long deadline = System.nanoTime() + registrationTimeout.toNanos();
        CompletableFuture<Void> granted = new CompletableFuture<>();
        claim(name, requestId, deadline, granted);
        // A spawn that fails gives the grant back before its stage fails, so the name is free again by then.
        return granted.thenCompose(v -> system.spawnOnDispatcher(name, factory, options)
                .exceptionallyCompose(e -> release(name, requestId)
                        .thenCompose(x -> CompletableFuture.failedFuture(e))))
                .thenApplyAsync(ref -> registered(name, ref), async);
    }

    @Override
    public CompletionStage<ActorRef> spawn(String name, String kind, Placement placement) {
        checkName(name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(placement, "placement");
        ClusterView view = cluster.view();
        Member target;
        List<Member> eligible;
        synchronized (lock) {
            eligible = PlacementChooser.eligible(view.members(), placement, m -> m.equals(self)
                    ? remoting.config().kinds().containsKey(kind) : loads.hasKind(m, kind));
            long turn = placement.strategy() == Placement.Strategy.ROUND_ROBIN ? roundRobin.getAndIncrement() : 0;
            target = PlacementChooser.choose(placement, eligible, turn, loads::load, random, self);
            if (target != null) {
                loads.placed(target.id());
            }
        }
        if (target == null) {
            return CompletableFuture.failedFuture(new PlacementException("no member can spawn actor kind '" + kind
                    + "' for " + name + " by " + placement + ": eligible " + ids(eligible) + " of view "
                    + ids(view.members())));
        }
        if (target.equals(self)) {
            return spawnKindHere(name, kind);
        }
        long requestId = requestIds.incrementAndGet();
        CompletableFuture<RegistryMessage.SpawnKindReply> reply = new CompletableFuture<>();
        pendingSpawns.put(requestId, reply);
        if (!send(target, new RegistryMessage.SpawnKind(requestId, name, kind))) {
            reply.completeExceptionally(new PlacementException("member " + target.id() + " left before " + name
                    + " could be spawned there"));
        }
        return reply.orTimeout(registrationTimeout.plus(attemptTimeout).toMillis(), TimeUnit.MILLISECONDS)
                .handleAsync((r, error) -> {
                    pendingSpawns.remove(requestId);
                    if (error != null) {
                        throw error instanceof java.util.concurrent.TimeoutException
                                ? new NameRegistrationException("member " + target.id() + " did not spawn " + name
                                + " within " + registrationTimeout.plus(attemptTimeout)) : wrap(error);
                    }
                    return placedSpawnResult(name, target, r);
                }, async);
    }

    private ActorRef placedSpawnResult(String name, Member target, RegistryMessage.SpawnKindReply r) {
        switch (r.code()) {
            case RegistryMessage.SpawnKindReply.OK -> {
                apply(r.entry());
                return remoting.actorRef(r.entry().address());
            }
            case RegistryMessage.SpawnKindReply.EXISTS -> throw new ActorAlreadyExistsException("/user/" + name);
            case RegistryMessage.SpawnKindReply.NO_QUORUM -> throw new NameRegistrationException(r.error());
            default -> throw new RemoteFailureException("member " + target.id() + " could not spawn " + name + ": "
                    + r.error());
        }
    }

    private CompletionStage<ActorRef> spawnKindHere(String name, String kind) {
        Supplier<? extends Actor> factory = remoting.config().kinds().get(kind);
        if (factory == null) {
            return CompletableFuture.failedFuture(new PlacementException("actor kind '" + kind
                    + "' is not registered on " + self.id()));
        }
        return spawn(name, factory, remoting.config().kindOptions(kind));
    }

    @Override
    public CompletionStage<Optional<ActorRef>> lookup(String name) {
        return CompletableFuture.completedFuture(Optional.ofNullable(resolve(Objects.requireNonNull(name, "name"))));
    }

    @Override
    public ActorRef actorOf(String name) {
        checkName(name);
        return new NamedActorRef(this, system, name);
    }

    @Override
    public Set<String> names() {
        synchronized (lock) {
            return registry.names();
        }
    }

    /** A copy of this member's replica, for tests and diagnostics. */
    public Map<String, RegistryEntry> entries() {
        synchronized (lock) {
            return registry.snapshot();
        }
    }

    /** True once {@code member}'s load report (or this member's own) arrived; placement needs its kinds. */
    public boolean hasLoadReport(Member member) {
        synchronized (lock) {
            return loads.knows(member);
        }
    }

    /** {@code member}'s load as placement sees it: actors plus queued messages plus spawns placed since. */
    public long load(Member member) {
        synchronized (lock) {
            return loads.load(member);
        }
    }

    /** The names whose resolved refs are cached now. */
    public Set<String> cachedNames() {
        return Set.copyOf(resolved.keySet());
    }

    /** The ref for {@code name} through the cache, or {@code null} when the name is not registered. */
    ActorRef resolve(String name) {
        ActorRef cached = resolved.get(name);
        if (cached != null && !(cached instanceof InternalActorRef r && r.isKnownStopped())) {
            return cached;
        }
        RegistryEntry entry;
        synchronized (lock) {
            entry = registry.get(name).orElse(null);
        }
        if (entry == null) {
            resolved.remove(name);
            return null;
        }
        ActorRef ref = entry.ownerId().equals(self.id())
                ? system.lookup(entry.address().path()).filter(r -> r.uid() == entry.uid()).orElse(null)
                : remoting.actorRef(entry.address());
        if (ref != null) {
            resolved.put(name, ref);
        }
        return ref;
    }

    // ---- registration, requester side

    private void claim(String name, long requestId, long deadline, CompletableFuture<Void> result) {
        ClusterView view = cluster.view();
        Member arbiterMember = Partitions.arbiterOf(name, partitionCount, view.members());
        CompletableFuture<Byte> reply = new CompletableFuture<>();
        if (arbiterMember.equals(self)) {
            reply.complete(arbitrate(self.id(), requestId, name, view.viewId()));
        } else {
            pendingClaims.put(requestId, reply);
            if (!send(arbiterMember, new RegistryMessage.Claim(requestId, name, view.viewId()))) {
                reply.complete(RegistryMessage.ClaimReply.RETRY);
            }
        }
        reply.orTimeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((code, error) -> {
            pendingClaims.remove(requestId, reply);
            if (error == null && code == RegistryMessage.ClaimReply.GRANTED) {
                result.complete(null);
            } else if (error == null && code == RegistryMessage.ClaimReply.TAKEN) {
                result.completeExceptionally(new ActorAlreadyExistsException("/user/" + name));
            } else if (error == null && code == RegistryMessage.ClaimReply.NO_QUORUM) {
                result.completeExceptionally(noQuorum(name));
            } else if (System.nanoTime() - deadline >= 0 || executor.isShutdown()) {
                result.completeExceptionally(new NameRegistrationException("cluster name " + name + " was not "
                        + "registered within " + registrationTimeout + ": its arbiter " + arbiterMember.id()
                        + " did not grant it in time"));
            } else {
                try {
                    executor.schedule(() -> claim(name, requestId, deadline, result), RETRY_DELAY_MILLIS,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    result.completeExceptionally(new NameRegistrationException("the cluster registry of "
                            + self.id() + " closed before " + name + " was registered"));
                }
            }
        }, async);
    }

    /** After the spawn of a granted name: the entry goes into the replica and out to every member. */
    private ActorRef registered(String name, ActorRef ref) {
        ClusterView view = cluster.view();
        RegistryEntry entry = new RegistryEntry(name, self.id(), new Address(system.name(), self.remoting().host(),
                self.remoting().port(), ref.path()), ref.uid(), System.currentTimeMillis(), view.viewId());
        runningHere.put(name, ref.uid());
        if (apply(entry) == entry) {
            // A competing entry that won arrived while the actor started.
            system.stop(ref);
            throw new ActorAlreadyExistsException("/user/" + name);
        }
        send(null, new RegistryMessage.Entries(List.of(entry)));
        return ref;
    }

    /** Gives a grant back; completes once the arbiter confirmed, or after the claim timeout without it. */
    private CompletableFuture<Void> release(String name, long requestId) {
        Member arbiterMember = Partitions.arbiterOf(name, partitionCount, cluster.view().members());
        if (arbiterMember.equals(self)) {
            synchronized (lock) {
                arbiter.release(name, self.id(), requestId);
            }
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Byte> ack = new CompletableFuture<>();
        pendingClaims.put(requestId, ack);
        if (!send(arbiterMember, new RegistryMessage.Release(name, requestId))) {
            ack.complete(RegistryMessage.ClaimReply.RELEASED);
        }
        return ack.orTimeout(attemptTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((code, e) -> {
            pendingClaims.remove(requestId, ack);
            return null;
        });
    }

    // ---- the replica and the arbiter

    private byte arbitrate(String memberId, long requestId, String name, long viewId) {
        ClusterView view = cluster.view();
        synchronized (lock) {
            return arbiter.arbitrate(memberId, requestId, name, viewId, view, registry.get(name),
                    System.currentTimeMillis());
        }
    }

    /** Applies an entry by the merge rule; stops the actor here that lost its name. Returns the losing entry. */
    private RegistryEntry apply(RegistryEntry entry) {
        RegistryEntry loser;
        RegistryEntry winner;
        synchronized (lock) {
            loser = registry.put(entry);
            winner = registry.get(entry.name()).orElse(entry);
            arbiter.settled(entry.name());
        }
        resolved.remove(entry.name());
        if (loser != null && !loser.sameActor(winner)) {
            LOG.info("cluster name {}: entry of {} wins over the entry of {}", entry.name(),
                    loser == entry ? "an earlier registration" : entry.ownerId(), loser.ownerId());
            if (loser.ownerId().equals(self.id()) && loser != entry) {
                system.lookup(loser.address().path()).filter(r -> r.uid() == loser.uid()).ifPresent(system::stop);
            }
        }
        return loser;
    }

    private void onActorStopped(ActorRef ref) {
        String name = ref.name();
        Long uid = runningHere.get(name);
        if (uid == null || uid != ref.uid() || !ref.path().equals("/user/" + name)
                || !runningHere.remove(name, uid)) {
            return;
        }
        synchronized (lock) {
            registry.remove(name, self.id(), uid);
        }
        resolved.remove(name);
        send(null, new RegistryMessage.Unregistered(name, self.id(), uid));
    }

    private void onViewChanged(ClusterViewChanged change) {
        ClusterView view = change.view();
        List<RegistryEntry> dropped;
        synchronized (lock) {
            dropped = registry.retainOwners(ids(view.members()));
            arbiter.retain(view);
            loads.retain(view.members());
        }
        resolved.clear();
        if (!dropped.isEmpty()) {
            LOG.info("cluster {}: member {} dropped {} names of members that left", cluster.config().clusterName(),
                    self.id(), dropped.size());
        }
        // A merged view may bring no member this one had not seen (a member that was cut off sees its old view
        // again), yet each side may hold names the other dropped meanwhile: both kinds of view re-announce.
        if (!change.joined().isEmpty() || change.merged()) {
            async.execute(() -> {
                broadcastOwnEntries();
                reportLoad();
            });
        }
    }

    private void broadcastOwnEntries() {
        List<RegistryEntry> own;
        synchronized (lock) {
            own = registry.ownedBy(self.id());
        }
        if (!own.isEmpty()) {
            send(null, new RegistryMessage.Entries(own));
        }
    }

    private void reportLoad() {
        try {
            int actors = 0;
            long backlog = 0;
            for (ActorInfo info : system.actors()) {
                actors++;
                backlog += info.mailboxSize();
            }
            List<String> kinds = List.copyOf(remoting.config().kinds().keySet());
            synchronized (lock) {
                loads.report(self.id(), actors, backlog, kinds);
            }
            send(null, new RegistryMessage.Load(actors, backlog, kinds));
        } catch (RuntimeException e) {
            LOG.debug("cluster member {}: load report failed", self.id(), e);
        }
    }

    // ---- the control plane

    private void onMessage(Member from, byte[] body) {
        RegistryMessage msg;
        try {
            msg = RegistryMessage.decode(body);
        } catch (IOException e) {
            LOG.warn("cluster member {}: dropped a malformed registry message from {}: {}", self.id(), from.id(),
                    e.getMessage());
            return;
        }
        if (msg instanceof RegistryMessage.Claim c) {
            send(from, new RegistryMessage.ClaimReply(c.requestId(),
                    arbitrate(from.id(), c.requestId(), c.name(), c.viewId())));
        } else if (msg instanceof RegistryMessage.ClaimReply r) {
            CompletableFuture<Byte> f = pendingClaims.get(r.requestId());
            if (f != null) {
                f.complete(r.code());
            }
        } else if (msg instanceof RegistryMessage.Entries e) {
            for (RegistryEntry entry : e.entries()) {
                if (entry.ownerId().equals(from.id())) {
                    apply(entry);
                }
            }
        } else if (msg instanceof RegistryMessage.Unregistered u) {
            if (u.ownerId().equals(from.id())) {
                synchronized (lock) {
                    registry.remove(u.name(), u.ownerId(), u.uid());
                }
                resolved.remove(u.name());
            }
        } else if (msg instanceof RegistryMessage.Release r) {
            synchronized (lock) {
                arbiter.release(r.name(), from.id(), r.requestId());
            }
            send(from, new RegistryMessage.ClaimReply(r.requestId(), RegistryMessage.ClaimReply.RELEASED));
        } else if (msg instanceof RegistryMessage.SyncRequest) {
            async.execute(this::broadcastOwnEntries);
        } else if (msg instanceof RegistryMessage.Load l) {
            synchronized (lock) {
                loads.report(from.id(), l.actors(), l.backlog(), l.kinds());
            }
        } else if (msg instanceof RegistryMessage.SpawnKind s) {
            async.execute(() -> spawnKindHere(s.name(), s.kind()).whenComplete((ref, error) ->
                    send(from, spawnReply(s, ref, error))));
        } else if (msg instanceof RegistryMessage.SpawnKindReply r) {
            CompletableFuture<RegistryMessage.SpawnKindReply> f = pendingSpawns.get(r.requestId());
            if (f != null) {
                f.complete(r);
            }
        }
    }

    private RegistryMessage.SpawnKindReply spawnReply(RegistryMessage.SpawnKind s, ActorRef ref, Throwable error) {
        if (error == null) {
            RegistryEntry entry;
            synchronized (lock) {
                entry = registry.get(s.name()).orElse(null);
            }
            if (entry != null && entry.ownerId().equals(self.id()) && entry.uid() == ref.uid()) {
                return new RegistryMessage.SpawnKindReply(s.requestId(), RegistryMessage.SpawnKindReply.OK, entry,
                        null);
            }
            return new RegistryMessage.SpawnKindReply(s.requestId(), RegistryMessage.SpawnKindReply.EXISTS, null,
                    "lost " + s.name() + " to an earlier registration");
        }
        Throwable cause = unwrap(error);
        byte code = cause instanceof ActorAlreadyExistsException ? RegistryMessage.SpawnKindReply.EXISTS
                : cause instanceof NameRegistrationException ? RegistryMessage.SpawnKindReply.NO_QUORUM
                : RegistryMessage.SpawnKindReply.FAILED;
        return new RegistryMessage.SpawnKindReply(s.requestId(), code, null, String.valueOf(cause.getMessage()));
    }

    private boolean send(Member to, RegistryMessage msg) {
        byte[] body = RegistryMessage.encode(msg);
        return to == null ? messaging.broadcast(TOPIC, body) : messaging.send(to, TOPIC, body);
    }

    // ---- helpers

    private NameRegistrationException noQuorum(String name) {
        return new NameRegistrationException("cluster name " + name + " cannot be registered: member " + self.id()
                + " sees " + cluster.view().size() + " members, fewer than minPeers "
                + cluster.config().minPeers());
    }

    private static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 255 || name.contains("/")) {
            throw new IllegalArgumentException("cluster name must be 1 to 255 characters without '/', was '" + name
                    + "'");
        }
    }

    private static List<String> ids(List<Member> members) {
        return members.stream().map(Member::id).toList();
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static RuntimeException wrap(Throwable t) {
        Throwable cause = unwrap(t);
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    /** Stops the load reports and the registry thread; pending requests fail. Called at system shutdown. */
    @Override
    public void close() {
        subscriptions.forEach(EventStream.Subscription::close);
        executor.shutdownNow();
        pendingClaims.values().forEach(f -> f.complete(RegistryMessage.ClaimReply.RETRY));
        pendingSpawns.values().forEach(f -> f.completeExceptionally(new NameRegistrationException(
                "the cluster registry of " + self.id() + " closed")));
    }

    @Override
    public String toString() {
        return "ClusterActors[" + self.id() + "]";
    }
}
