package io.goakt.spring.internal;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.cluster.ClusterActors;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@code @ActorName} ref of a cluster-unique {@code @ActorComponent}: Spring injects it while the context
 * refreshes, before the member joins its cluster, so it cannot be {@link ClusterActors#actorOf} itself. Each send
 * resolves the name through {@code ClusterActors.actorOf} once the member is up (the runtime's by-name ref, which
 * follows the name to whichever member holds it); before that a message becomes a dead letter and an ask fails with
 * {@link ActorNotAliveException}. Its address is {@code <system>/cluster/<name>} and its uid 0, as the runtime's
 * by-name ref has, so the two are equal.
 *
 * <p>For a LAZY kind, a send while this member's registry does not hold the name spawns it first
 * ({@link ClusterNames#getOrSpawn}) and sends once the spawn completed; a send that overtakes that spawn's
 * completion on another thread may arrive first.
 *
 * <p>Immutable apart from the cached runtime ref; any thread.
 */
final class ClusterNameRef extends InternalActorRef {

    private final ClusterNames names;
    private final ActorSystem system;
    private final String name;
    /** The kind spawned on a send while the name is free, or null (an EAGER kind). */
    private final ActorKind lazyKind;
    private final Address address;
    /**
     * The runtime's by-name ref, made on the first send after the join. A racy single-check cache: the volatile
     * store in {@link #target} pairs with the volatile load there; two threads may both make one, which are equal.
     */
    private volatile ActorRef byName;

    ClusterNameRef(ClusterNames names, ActorSystem system, String name, ActorKind lazyKind) {
        this.names = names;
        this.system = system;
        this.name = name;
        this.lazyKind = lazyKind;
        this.address = Address.local(system.name(), "/cluster/" + name);
    }

    private Optional<ActorRef> target() {
        ActorRef ref = byName;
        if (ref != null) {
            return Optional.of(ref);
        }
        Optional<ClusterActors> actors = names.actors();
        actors.ifPresent(a -> byName = a.actorOf(name));
        return actors.map(a -> byName);
    }

    /** For a LAZY kind whose name nobody holds yet, the spawn that takes it; else null. */
    private CompletionStage<ActorRef> spawnIfFree() {
        if (lazyKind == null) {
            return null;
        }
        Optional<ClusterActors> actors = names.actors();
        if (actors.isEmpty() || actors.get().names().contains(name)) {
            return null;
        }
        return names.getOrSpawn(lazyKind, name);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
    public long uid() {
        return 0;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        tell(message, sender, Map.of());
    }

    @Override
    public void tell(Object message, ActorRef sender, Map<String, String> headers) {
        Objects.requireNonNull(message, "message");
        CompletionStage<ActorRef> spawn = spawnIfFree();
        if (spawn != null) {
            spawn.whenComplete((ref, e) -> {
                if (ref != null) {
                    send(ref, message, sender, headers);
                } else {
                    deadLetter(message, sender, "cluster name " + name + " could not be spawned: " + e);
                }
            });
            return;
        }
        Optional<ActorRef> target = target();
        if (target.isPresent()) {
            send(target.get(), message, sender, headers);
        } else {
            deadLetter(message, sender, notJoined());
        }
    }

    private static void send(ActorRef to, Object message, ActorRef sender, Map<String, String> headers) {
        if (!headers.isEmpty() && to instanceof InternalActorRef r) {
            r.tell(message, sender, headers);
        } else {
            to.tell(message, sender);
        }
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        CompletionStage<ActorRef> spawn = spawnIfFree();
        if (spawn != null) {
            return spawn.thenCompose(ref -> ref.ask(message, timeout));
        }
        Optional<ActorRef> target = target();
        if (target.isEmpty()) {
            return CompletableFuture.failedFuture(new ActorNotAliveException(notJoined()));
        }
        return target.get().ask(message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return system.config().askTimeout();
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        return target().filter(InternalActorRef.class::isInstance)
                .map(t -> ((InternalActorRef) t).sendWatch(watcher)).orElse(false);
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        target().filter(InternalActorRef.class::isInstance)
                .ifPresent(t -> ((InternalActorRef) t).sendUnwatch(watcher));
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        target().filter(InternalActorRef.class::isInstance)
                .ifPresent(t -> ((InternalActorRef) t).sendDeathNotification(dead));
    }

    @Override
    public boolean isTemporary() {
        return false;
    }

    private String notJoined() {
        return "cluster name " + name + ": actor system " + system.name() + " has not joined its cluster yet";
    }

    private void deadLetter(Object message, ActorRef sender, String detail) {
        if (system instanceof InternalActorSystem s) {
            s.deadLetter(message, sender, this, DeadLetter.Reason.UNKNOWN_ACTOR, detail);
        }
    }
}
