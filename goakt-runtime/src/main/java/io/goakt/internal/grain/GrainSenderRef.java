package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.grain.GrainIdentity;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A grain seen as an {@link ActorRef}: what a grain passes as the sender of what it sends, and the target of an
 * {@code ask} to a grain. A {@code tell} goes through the registry by identity, like {@link LocalGrainRef}'s, so a
 * reply reaches the grain even after it was deactivated. Its path, {@code /grains/kind/id}, names no actor; two
 * such refs to one identity are equal. It cannot be watched (a watch answers {@code Terminated} at once).
 *
 * <p>Threading: immutable; any thread.
 */
final class GrainSenderRef extends ActorRef {

    private final LocalGrainRegistry registry;
    private final GrainIdentity identity;

    GrainSenderRef(LocalGrainRegistry registry, GrainIdentity identity) {
        this.registry = registry;
        this.identity = identity;
    }

    GrainIdentity identity() {
        return identity;
    }

    @Override
    public Address address() {
        return Address.local(registry.system().name(), "/grains/" + identity);
    }

    /** The same for every ref to one identity, and never 0. */
    @Override
    public long uid() {
        return ((long) identity.hashCode() << 1) | 1L;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        registry.route(identity, message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return registry.system().ask(this, message, timeout);
    }

    @Override
    protected Duration askTimeout() {
        return registry.system().config().askTimeout();
    }

    @Override
    public String toString() {
        return "ActorRef[grain " + identity + "]";
    }
}
