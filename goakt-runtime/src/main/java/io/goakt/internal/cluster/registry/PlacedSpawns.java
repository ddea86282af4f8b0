package io.goakt.internal.cluster.registry;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorRef;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.cluster.Placement;
import io.goakt.cluster.PlacementException;
import io.goakt.remote.RemoteFailureException;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static io.goakt.internal.cluster.registry.RegistryCore.LOG;

/**
 * Spawns by kind, placed somewhere in the cluster: picks the member ({@link PlacementChooser} over the members that
 * registered the kind, as their load reports say), asks it to spawn ({@link RegistryMessage.SpawnKind}), and on
 * that member spawns the kind and registers the name through {@link Claims}. Also this member's load reports.
 *
 * <p>Threading: any thread; placement reads and writes the load table under the core's lock; the pending-spawn map
 * is concurrent and each of its stages is completed once; the round-robin turn is an atomic counter.
 */
final class PlacedSpawns {

    private final RegistryCore core;
    private final Claims claims;
    private final Replication replication;
    /** Placed spawns waiting for the chosen member, by request id; completed once. */
    private final Map<Long, CompletableFuture<RegistryMessage.SpawnKindReply>> pending = new ConcurrentHashMap<>();
    /** The turn of round-robin placement: atomic increments by placing callers. */
    private final AtomicLong roundRobin = new AtomicLong();

    PlacedSpawns(RegistryCore core, Claims claims, Replication replication) {
        this.core = core;
        this.claims = claims;
        this.replication = replication;
    }

    /**
     * Spawns {@code kind} as {@code name} on the member {@code placement} picks among the view's members other than
     * {@code excluded} (ids); {@code replaces} is the entry a relocation spawns a successor of, or null. Completes
     * with the ref on the registry thread.
     */
    CompletionStage<ActorRef> spawn(String name, String kind, Placement placement, boolean relocatable,
                                    Set<String> excluded, RegistryEntry replaces) {
        ClusterView view = core.cluster.view();
        List<Member> candidates = view.members().stream().filter(m -> !excluded.contains(m.id())).toList();
        Member target;
        List<Member> eligible;
        synchronized (core.lock) {
            eligible = PlacementChooser.eligible(candidates, placement, m -> m.equals(core.self)
                    ? core.remoting.config().kinds().containsKey(kind) : core.loads.hasKind(m, kind));
            long turn = placement.strategy() == Placement.Strategy.ROUND_ROBIN ? roundRobin.getAndIncrement() : 0;
            target = PlacementChooser.choose(placement, eligible, turn, core.loads::load, core.random, core.self);
            if (target != null) {
                core.loads.placed(target.id());
            }
        }
        if (target == null) {
            return CompletableFuture.failedFuture(new PlacementException("no member can spawn actor kind '" + kind
                    + "' for " + name + " by " + placement + ": eligible " + RegistryCore.ids(eligible)
                    + " of view " + RegistryCore.ids(view.members())));
        }
        Claims.Origin origin = new Claims.Origin(kind, relocatable, placement, replaces);
        if (target.equals(core.self)) {
            return spawnHere(name, origin);
        }
        long requestId = core.requestIds.incrementAndGet();
        CompletableFuture<RegistryMessage.SpawnKindReply> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        if (!core.send(target, new RegistryMessage.SpawnKind(requestId, name, kind, relocatable, placement,
                replaces))) {
            reply.completeExceptionally(new PlacementException("member " + target.id() + " left before " + name
                    + " could be spawned there"));
        }
        long waitMillis = core.registrationTimeout.plus(core.attemptTimeout).toMillis();
        return reply.orTimeout(waitMillis, TimeUnit.MILLISECONDS).handleAsync((r, error) -> {
            pending.remove(requestId);
            if (error != null) {
                throw error instanceof java.util.concurrent.TimeoutException
                        ? new NameRegistrationException("member " + target.id() + " did not spawn " + name
                        + " within " + core.registrationTimeout.plus(core.attemptTimeout)) : RegistryCore.wrap(error);
            }
            return result(name, target, r);
        }, core.async);
    }

    private ActorRef result(String name, Member target, RegistryMessage.SpawnKindReply r) {
        switch (r.code()) {
            case RegistryMessage.SpawnKindReply.OK -> {
                replication.apply(r.entry());
                return core.remoting.actorRef(r.entry().address());
            }
            case RegistryMessage.SpawnKindReply.EXISTS -> throw new ActorAlreadyExistsException("/user/" + name);
            case RegistryMessage.SpawnKindReply.NO_QUORUM -> throw new NameRegistrationException(r.error());
            default -> throw new RemoteFailureException("member " + target.id() + " could not spawn " + name + ": "
                    + r.error());
        }
    }

    /** Spawns the origin's kind here under {@code name}, registering the name first. */
    CompletionStage<ActorRef> spawnHere(String name, Claims.Origin origin) {
        Supplier<? extends Actor> factory = core.remoting.config().kinds().get(origin.kind());
        if (factory == null) {
            return CompletableFuture.failedFuture(new PlacementException("actor kind '" + origin.kind()
                    + "' is not registered on " + core.self.id()));
        }
        return claims.spawn(name, factory, core.remoting.config().kindOptions(origin.kind()), origin);
    }

    void onSpawnKind(Member from, RegistryMessage.SpawnKind s) {
        core.async.execute(() -> spawnHere(s.name(), new Claims.Origin(s.kind(), s.relocatable(), s.placement(),
                s.replaces()))
                .whenComplete((ref, error) -> core.send(from, reply(s, ref, error))));
    }

    void onSpawnKindReply(RegistryMessage.SpawnKindReply r) {
        CompletableFuture<RegistryMessage.SpawnKindReply> f = pending.get(r.requestId());
        if (f != null) {
            f.complete(r);
        }
    }

    private RegistryMessage.SpawnKindReply reply(RegistryMessage.SpawnKind s, ActorRef ref, Throwable error) {
        if (error == null) {
            RegistryEntry entry;
            synchronized (core.lock) {
                entry = core.registry.get(s.name()).orElse(null);
            }
            if (entry != null && entry.ownerId().equals(core.self.id()) && entry.uid() == ref.uid()) {
                return new RegistryMessage.SpawnKindReply(s.requestId(), RegistryMessage.SpawnKindReply.OK, entry,
                        null);
            }
            return new RegistryMessage.SpawnKindReply(s.requestId(), RegistryMessage.SpawnKindReply.EXISTS, null,
                    "lost " + s.name() + " to an earlier registration");
        }
        Throwable cause = RegistryCore.unwrap(error);
        byte code = cause instanceof ActorAlreadyExistsException ? RegistryMessage.SpawnKindReply.EXISTS
                : cause instanceof NameRegistrationException ? RegistryMessage.SpawnKindReply.NO_QUORUM
                : RegistryMessage.SpawnKindReply.FAILED;
        return new RegistryMessage.SpawnKindReply(s.requestId(), code, null, String.valueOf(cause.getMessage()));
    }

    /** Measures this member's load and announces it with the kinds it registered. */
    void reportLoad() {
        try {
            int actors = 0;
            long backlog = 0;
            for (ActorInfo info : core.system.actors()) {
                actors++;
                backlog += info.mailboxSize();
            }
            List<String> kinds = List.copyOf(core.remoting.config().kinds().keySet());
            synchronized (core.lock) {
                core.loads.report(core.self.id(), actors, backlog, kinds);
            }
            core.send(null, new RegistryMessage.Load(actors, backlog, kinds));
        } catch (RuntimeException e) {
            LOG.debug("cluster member {}: load report failed", core.self.id(), e);
        }
    }

    void onLoad(Member from, RegistryMessage.Load l) {
        synchronized (core.lock) {
            core.loads.report(from.id(), l.actors(), l.backlog(), l.kinds());
        }
    }

    /** Fails every placed spawn still waiting; at close. */
    void close() {
        pending.values().forEach(f -> f.completeExceptionally(new NameRegistrationException(
                "the cluster registry of " + core.self.id() + " closed")));
    }
}
