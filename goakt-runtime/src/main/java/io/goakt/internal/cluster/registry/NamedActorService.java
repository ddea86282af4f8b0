package io.goakt.internal.cluster.registry;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.EventStream;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.Placement;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.Relocation;
import io.goakt.eventstream.ActorStopped;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.cluster.ClusterHooks;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.internal.util.Limits;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static io.goakt.internal.cluster.registry.RegistryCore.LOG;

/**
 * The {@link ClusterActors} of one member: the registration protocol, the replica of the registry, load reports,
 * placed spawns and relocation, all on the control plane ({@link io.goakt.internal.cluster.ControlMessaging}, one
 * topic). This class wires the parts and routes the messages; each part has one job:
 * <ul>
 *   <li>{@link Claims}: registering a name (requester and arbiter);</li>
 *   <li>{@link Replication}: the replica, the merge rule's consequences, view changes;</li>
 *   <li>{@link PlacedSpawns}: spawns by kind on a chosen member, and load reports;</li>
 *   <li>{@link Relocator}: relocatable actors, spawned again when their member goes;</li>
 *   <li>{@link RegistryCore}: what they share, and the concurrency rules.</li>
 * </ul>
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
 * <h2>Quorum</h2>
 * Without quorum ({@link Cluster#hasQuorum()}) a member registers nothing, as requester or arbiter; on
 * {@link QuorumLost} it stops its relocatable actors at once and hands them over ({@link Relocator}).
 */
public final class NamedActorService implements ClusterActors, AutoCloseable {

    private final RegistryCore core;
    private final Replication replication;
    private final Claims claims;
    private final PlacedSpawns spawns;
    private final Relocator relocator;
    /** Written in {@link #start} before the service is published, read in {@link #close}. */
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();

    private NamedActorService(Cluster cluster) {
        this.core = new RegistryCore(cluster);
        this.replication = new Replication(core);
        this.claims = new Claims(core, replication);
        this.spawns = new PlacedSpawns(core, claims, replication);
        this.relocator = new Relocator(core, spawns, ClusterHooks.of(cluster));
    }

    /** Starts the registry of {@code cluster}'s member; use {@link ClusterActors#of}, which keeps one per system. */
    public static NamedActorService start(Cluster cluster) {
        NamedActorService s = new NamedActorService(cluster);
        RegistryCore core = s.core;
        core.messaging.subscribe(RegistryCore.TOPIC, ControlMessaging.decoding("registry", core.self,
                RegistryMessage::decode, s::onMessage));
        EventStream events = core.system.eventStream();
        s.subscriptions.add(events.subscribe(ClusterViewChanged.class, s::onViewChanged));
        s.subscriptions.add(events.subscribe(ActorStopped.class, e -> s.replication.onActorStopped(e.actor())));
        s.subscriptions.add(events.subscribe(QuorumLost.class,
                e -> s.relocator.handOver("lost quorum (" + e.reason() + ")")));
        ClusterHooks hooks = ClusterHooks.of(cluster);
        hooks.onStableView(s.relocator::onStableView);
        hooks.beforeLeave(() -> s.relocator.handOver("leaves the cluster"));
        long interval = core.loadInterval.toMillis();
        core.executor.scheduleAtFixedRate(s.spawns::reportLoad, 0, interval, TimeUnit.MILLISECONDS);
        // Entries broadcast between this member's join and its subscription above are asked for again.
        core.send(null, new RegistryMessage.SyncRequest());
        return s;
    }

    @Override
    public Cluster cluster() {
        return core.cluster;
    }

    @Override
    public CompletionStage<ActorRef> spawn(String name, Supplier<? extends Actor> factory, SpawnOptions options) {
        checkName(name);
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        return claims.spawn(name, factory, options, Claims.Origin.FACTORY);
    }

    @Override
    public CompletionStage<ActorRef> spawn(String name, String kind, Placement placement) {
        return spawn(name, kind, placement, Relocation.PINNED);
    }

    @Override
    public CompletionStage<ActorRef> spawn(String name, String kind, Placement placement, Relocation relocation) {
        checkName(name);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(relocation, "relocation");
        if (!core.cluster.hasQuorum()) {
            return CompletableFuture.failedFuture(core.noQuorum(name));
        }
        return spawns.spawn(name, kind, placement, relocation == Relocation.RELOCATABLE, Set.of(), null);
    }

    @Override
    public CompletionStage<Optional<ActorRef>> lookup(String name) {
        return CompletableFuture.completedFuture(Optional.ofNullable(resolve(Objects.requireNonNull(name, "name"))));
    }

    @Override
    public ActorRef actorOf(String name) {
        checkName(name);
        return new NamedActorRef(this, core.system, name);
    }

    @Override
    public Set<String> names() {
        synchronized (core.lock) {
            return core.registry.names();
        }
    }

    /** A copy of this member's replica, for tests and diagnostics. */
    public Map<String, RegistryEntry> entries() {
        synchronized (core.lock) {
            return core.registry.snapshot();
        }
    }

    /** True once {@code member}'s load report (or this member's own) arrived; placement needs its kinds. */
    public boolean hasLoadReport(Member member) {
        synchronized (core.lock) {
            return core.loads.knows(member);
        }
    }

    /** {@code member}'s load as placement sees it: actors plus queued messages plus spawns placed since. */
    public long load(Member member) {
        synchronized (core.lock) {
            return core.loads.load(member);
        }
    }

    /** How many relocations this member decided, as arbiter, that succeeded; for tests and diagnostics. */
    public long relocations() {
        return relocator.relocations();
    }

    /** The names whose resolved refs are cached now. */
    public Set<String> cachedNames() {
        return Set.copyOf(core.resolved.keySet());
    }

    /** The ref for {@code name} through the cache, or {@code null} when the name is not registered. */
    ActorRef resolve(String name) {
        ActorRef cached = core.resolved.get(name);
        if (cached != null && !(cached instanceof InternalActorRef r && r.isKnownStopped())) {
            return cached;
        }
        RegistryEntry entry;
        synchronized (core.lock) {
            entry = core.registry.get(name).orElse(null);
        }
        if (entry == null) {
            core.resolved.remove(name);
            return null;
        }
        ActorRef ref = entry.ownerId().equals(core.self.id())
                ? core.system.lookup(entry.address().path()).filter(r -> r.uid() == entry.uid()).orElse(null)
                : core.remoting.actorRef(entry.address());
        if (ref != null) {
            core.resolved.put(name, ref);
        }
        return ref;
    }

    private void onViewChanged(ClusterViewChanged change) {
        relocator.orphaned(replication.onViewChanged(change, spawns::reportLoad));
    }

    private void onMessage(Member from, RegistryMessage msg) {
        if (msg instanceof RegistryMessage.Claim c) {
            claims.onClaim(from, c);
        } else if (msg instanceof RegistryMessage.ClaimReply r) {
            claims.onClaimReply(r);
        } else if (msg instanceof RegistryMessage.Entries e) {
            replication.onEntries(from, e.entries());
        } else if (msg instanceof RegistryMessage.Unregistered u) {
            replication.onUnregistered(from, u);
        } else if (msg instanceof RegistryMessage.Release r) {
            claims.onRelease(from, r);
        } else if (msg instanceof RegistryMessage.SyncRequest) {
            core.async.execute(replication::broadcastOwnEntries);
        } else if (msg instanceof RegistryMessage.Load l) {
            spawns.onLoad(from, l);
        } else if (msg instanceof RegistryMessage.SpawnKind s) {
            spawns.onSpawnKind(from, s);
        } else if (msg instanceof RegistryMessage.SpawnKindReply r) {
            spawns.onSpawnKindReply(r);
        } else if (msg instanceof RegistryMessage.HandedOver h) {
            relocator.onHandedOver(from, h.entries());
        } else if (msg instanceof RegistryMessage.Relocate r) {
            relocator.onRelocate(from, r.entries());
        }
    }

    /** A cluster-wide name is the name of the actor spawned for it, so it follows the actor name rule. */
    static void checkName(String name) {
        Objects.requireNonNull(name, "name");
        Limits.check(Limits.actorNameProblem(name, "cluster name", Limits.MAX_NAME_LENGTH));
    }

    /** Stops the load reports and the registry thread; pending requests fail. Called at system shutdown. */
    @Override
    public void close() {
        subscriptions.forEach(EventStream.Subscription::close);
        core.executor.shutdownNow();
        claims.close();
        spawns.close();
    }

    @Override
    public String toString() {
        return "ClusterActors[" + core.self.id() + "]";
    }
}
