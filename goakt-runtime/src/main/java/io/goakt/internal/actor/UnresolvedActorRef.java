package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.actor.DeadLetter;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A ref to a path where no actor lives: every message becomes a dead letter with reason
 * {@link DeadLetter.Reason#UNKNOWN_ACTOR}, and an ask fails at once. Immutable; any thread.
 */
final class UnresolvedActorRef extends TransientRef {

    private final LocalActorSystem system;
    private final Address address;

    UnresolvedActorRef(LocalActorSystem system, Address address) {
        this.system = system;
        this.address = address;
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
        system.deadLetter(message, sender, this, DeadLetter.Reason.UNKNOWN_ACTOR, "no actor at " + address.path());
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return system.ask(this, message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return system.config().askTimeout();
    }
}
