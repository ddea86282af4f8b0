package io.goakt.internal.cluster.registry;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.cluster.Placement;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Registering a name, both sides: the requester claims it from the name's arbiter, spawns the actor once granted
 * and announces the entry; the arbiter ({@link Arbiter}) grants, refuses or asks for a retry.
 *
 * <p>A claim goes to the arbiter of the requester's view, tagged with its view id. "Retry" (the views differ), no
 * answer within the claim timeout, or "no quorum" from an arbiter while this member has quorum (the arbiter's side
 * is changing) sends it again after {@value #RETRY_DELAY_MILLIS} ms to the arbiter of the then current view, until
 * the registration timeout. A spawn that fails gives the grant back before its stage fails.
 *
 * <p>Threading: any thread; the pending-claim map is concurrent and each of its stages is completed once (a later
 * completion is a no-op).
 */
final class Claims {

    /**
     * How the entry of a spawn describes its origin: the kind, relocatable or not, the placement, and the entry a
     * relocation spawns a successor of (null for any other spawn).
     */
    record Origin(String kind, boolean relocatable, Placement placement, RegistryEntry replaces) {
        /** An actor spawned from a factory on this member. */
        static final Origin FACTORY = new Origin("", false, Placement.local(), null);
    }

    private static final long RETRY_DELAY_MILLIS = 50;

    private final RegistryCore core;
    private final Replication replication;
    /** Claims waiting for the arbiter, by request id; completed once. */
    private final Map<Long, CompletableFuture<Byte>> pending = new ConcurrentHashMap<>();

    Claims(RegistryCore core, Replication replication) {
        this.core = core;
        this.replication = replication;
    }

    /** Registers {@code name}, then spawns the actor here; the stage completes on the registry thread. */
    CompletionStage<ActorRef> spawn(String name, Supplier<? extends Actor> factory, SpawnOptions options,
                                    Origin origin) {
        if (!core.cluster.isUp()) {
            return CompletableFuture.failedFuture(new NameRegistrationException("cluster name " + name
                    + " cannot be registered: member " + core.self.id() + " is not in the cluster"));
        }
        if (!core.cluster.hasQuorum()) {
            return CompletableFuture.failedFuture(core.noQuorum(name));
        }
        long requestId = core.requestIds.incrementAndGet();
        long deadline = System.nanoTime() + core.registrationTimeout.toNanos();
        CompletableFuture<Void> granted = new CompletableFuture<>();
        claim(name, requestId, deadline, granted);
        // A spawn that fails gives the grant back before its stage fails, so the name is free again by then.
        return granted.thenCompose(v -> core.system.spawnOnDispatcher(name, factory, options)
                        .exceptionallyCompose(e -> release(name, requestId)
                                .thenCompose(x -> CompletableFuture.failedFuture(e))))
                .thenApplyAsync(ref -> registered(name, ref, origin), core.async);
    }

    private void claim(String name, long requestId, long deadline, CompletableFuture<Void> result) {
        ClusterView view = core.cluster.view();
        Member arbiterMember = core.arbiterOf(name, view.members());
        CompletableFuture<Byte> reply = new CompletableFuture<>();
        if (arbiterMember.equals(core.self)) {
            reply.complete(arbitrate(core.self.id(), requestId, name, view.viewId()));
        } else {
            pending.put(requestId, reply);
            if (!core.send(arbiterMember, new RegistryMessage.Claim(requestId, name, view.viewId()))) {
                reply.complete(RegistryMessage.ClaimReply.RETRY);
            }
        }
        reply.orTimeout(core.attemptTimeout.toMillis(), TimeUnit.MILLISECONDS).whenCompleteAsync((code, error) -> {
            pending.remove(requestId, reply);
            boolean noQuorum = error == null && code == RegistryMessage.ClaimReply.NO_QUORUM;
            if (error == null && code == RegistryMessage.ClaimReply.GRANTED) {
                result.complete(null);
            } else if (error == null && code == RegistryMessage.ClaimReply.TAKEN) {
                result.completeExceptionally(new ActorAlreadyExistsException("/user/" + name));
            } else if (noQuorum && !core.cluster.hasQuorum()) {
                result.completeExceptionally(core.noQuorum(name));
            } else if (System.nanoTime() - deadline >= 0 || core.executor.isShutdown()) {
                result.completeExceptionally(new NameRegistrationException("cluster name " + name + " was not "
                        + "registered within " + core.registrationTimeout + ": its arbiter " + arbiterMember.id()
                        + (noQuorum ? " had no quorum" : " did not grant it in time")));
            } else {
                try {
                    core.executor.schedule(() -> claim(name, requestId, deadline, result), RETRY_DELAY_MILLIS,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closed) {
                    result.completeExceptionally(new NameRegistrationException("the cluster registry of "
                            + core.self.id() + " closed before " + name + " was registered"));
                }
            }
        }, core.async);
    }

    /** After the spawn of a granted name: the entry goes into the replica and out to every member. */
    private ActorRef registered(String name, ActorRef ref, Origin origin) {
        ClusterView view = core.cluster.view();
        Member self = core.self;
        RegistryEntry entry = new RegistryEntry(name, self.id(), new Address(core.system.name(),
                self.remoting().host(), self.remoting().port(), ref.path()), ref.uid(), System.currentTimeMillis(),
                view.viewId(), core.startedAt, origin.kind(), origin.relocatable(), origin.placement());
        if (origin.replaces() != null) {
            entry = entry.replacing(origin.replaces());
        }
        core.runningHere.put(name, ref.uid());
        if (replication.apply(entry) == entry) {
            // A competing entry that won arrived while the actor started.
            core.system.stop(ref);
            throw new ActorAlreadyExistsException("/user/" + name);
        }
        core.send(null, new RegistryMessage.Entries(List.of(entry)));
        return ref;
    }

    /** Gives a grant back; completes once the arbiter confirmed, or after the claim timeout without it. */
    private CompletableFuture<Void> release(String name, long requestId) {
        Member arbiterMember = core.arbiterOf(name, core.cluster.view().members());
        if (arbiterMember.equals(core.self)) {
            synchronized (core.lock) {
                core.arbiter.release(name, core.self.id(), requestId);
            }
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Byte> ack = new CompletableFuture<>();
        pending.put(requestId, ack);
        if (!core.send(arbiterMember, new RegistryMessage.Release(name, requestId))) {
            ack.complete(RegistryMessage.ClaimReply.RELEASED);
        }
        return ack.orTimeout(core.attemptTimeout.toMillis(), TimeUnit.MILLISECONDS).handle((code, e) -> {
            pending.remove(requestId, ack);
            return null;
        });
    }

    /** The arbiter's decision on a claim, in its current view. */
    byte arbitrate(String memberId, long requestId, String name, long viewId) {
        ClusterView view = core.cluster.view();
        synchronized (core.lock) {
            return core.arbiter.arbitrate(memberId, requestId, name, viewId, view, core.registry.get(name),
                    System.currentTimeMillis());
        }
    }

    void onClaim(Member from, RegistryMessage.Claim c) {
        core.send(from, new RegistryMessage.ClaimReply(c.requestId(),
                arbitrate(from.id(), c.requestId(), c.name(), c.viewId())));
    }

    void onClaimReply(RegistryMessage.ClaimReply r) {
        CompletableFuture<Byte> f = pending.get(r.requestId());
        if (f != null) {
            f.complete(r.code());
        }
    }

    void onRelease(Member from, RegistryMessage.Release r) {
        synchronized (core.lock) {
            core.arbiter.release(r.name(), from.id(), r.requestId());
        }
        core.send(from, new RegistryMessage.ClaimReply(r.requestId(), RegistryMessage.ClaimReply.RELEASED));
    }

    /** Fails every claim still waiting; at close. */
    void close() {
        pending.values().forEach(f -> f.complete(RegistryMessage.ClaimReply.RETRY));
    }
}
