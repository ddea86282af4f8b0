package io.goakt.internal.cluster.registry;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;
import io.goakt.internal.actor.InternalActorRef;
import io.goakt.internal.actor.InternalActorSystem;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A ref to a cluster-unique name rather than to one actor: every send resolves the name through the registry's
 * cached lookup and goes to the actor that holds it then, on whichever member. Its address is
 * {@code <system>/cluster/<name>} on this member's system, its uid 0, so two refs to one name are equal. A message
 * sent while nobody holds the name becomes a dead letter ({@link DeadLetter.Reason#UNKNOWN_ACTOR}); an ask then fails
 * with {@link ActorNotAliveException}. Watching it watches the actor that holds the name at that moment.
 *
 * <p>Immutable; any thread.
 */
final class NamedActorRef extends InternalActorRef {

    private final NamedActorService registry;
    private final InternalActorSystem system;
    private final String name;
    private final Address address;

    NamedActorRef(NamedActorService registry, InternalActorSystem system, String name) {
        this.registry = registry;
        this.system = system;
        this.name = name;
        this.address = Address.local(system.name(), "/cluster/" + name);
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
        Objects.requireNonNull(message, "message");
        ActorRef target = registry.resolve(name);
        if (target != null) {
            target.tell(message, sender);
        } else {
            system.deadLetter(message, sender, this, DeadLetter.Reason.UNKNOWN_ACTOR, "cluster name " + name
                    + " is not registered");
        }
    }

    @Override
    public void tell(Object message, ActorRef sender, Map<String, String> headers) {
        ActorRef target = registry.resolve(name);
        if (target instanceof InternalActorRef r) {
            r.tell(message, sender, headers);
        } else {
            tell(message, sender);
        }
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        ActorRef target = registry.resolve(name);
        if (target == null) {
            return CompletableFuture.failedFuture(new ActorNotAliveException("cluster name " + name
                    + " is not registered"));
        }
        return target.ask(message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return system.config().askTimeout();
    }

    @Override
    public boolean sendWatch(ActorRef watcher) {
        return registry.resolve(name) instanceof InternalActorRef r && r.sendWatch(watcher);
    }

    @Override
    public void sendUnwatch(ActorRef watcher) {
        if (registry.resolve(name) instanceof InternalActorRef r) {
            r.sendUnwatch(watcher);
        }
    }

    @Override
    public void sendDeathNotification(ActorRef dead) {
        if (registry.resolve(name) instanceof InternalActorRef r) {
            r.sendDeathNotification(dead);
        }
    }

    @Override
    public boolean isTemporary() {
        return false;
    }
}
