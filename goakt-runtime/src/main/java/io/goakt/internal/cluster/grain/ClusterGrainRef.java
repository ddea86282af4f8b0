package io.goakt.internal.cluster.grain;

import io.goakt.actor.ActorRef;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@link GrainRef} of a {@link ClusterGrainService}: an identity and the service, so it outlives activations and
 * owners. Every send routes the identity by the member's current view.
 *
 * <p>Threading: immutable; any thread.
 */
final class ClusterGrainRef extends GrainRef {

    private final ClusterGrainService service;

    ClusterGrainRef(ClusterGrainService service, GrainIdentity identity) {
        super(identity);
        this.service = service;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        service.route(identity(), message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return service.system().ask(service.sender(identity()), message, timeout);
    }
}
