package io.goakt.internal.cluster.grain;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Address;
import io.goakt.grain.GrainIdentity;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A clustered grain seen as an {@link ActorRef}: the sender of what a grain sends, and the target of an ask to a
 * grain. A {@code tell} routes by identity through the service, so a reply reaches the grain on whichever member
 * it is active then. Its path, {@code /grains/kind/id}, names no actor; on the wire it travels as the identity
 * ({@code GrainWire#senderGrain}). It cannot be watched.
 *
 * <p>Threading: immutable; any thread.
 */
final class ClusterGrainSender extends ActorRef {

    private final ClusterGrainService service;
    private final GrainIdentity identity;

    ClusterGrainSender(ClusterGrainService service, GrainIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    GrainIdentity identity() {
        return identity;
    }

    @Override
    public Address address() {
        return Address.local(service.system().name(), "/grains/" + identity);
    }

    /** The same for every ref to one identity, and never 0. */
    @Override
    public long uid() {
        return ((long) identity.hashCode() << 1) | 1L;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        service.route(identity, message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return service.system().ask(this, message, timeout);
    }

    @Override
    public String toString() {
        return "ActorRef[cluster grain " + identity + "]";
    }
}
