package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * A {@link GrainRef} of a {@link LocalGrainRegistry}: an identity and the registry, nothing else, so it outlives any
 * activation. Every send looks the identity up.
 *
 * <p>Threading: immutable; any thread.
 */
final class LocalGrainRef extends GrainRef {

    private final LocalGrainRegistry registry;

    LocalGrainRef(LocalGrainRegistry registry, GrainIdentity identity) {
        super(identity);
        this.registry = registry;
    }

    @Override
    public void tell(Object message, ActorRef sender) {
        registry.route(identity(), message, sender);
    }

    @Override
    public CompletionStage<Object> ask(Object message, Duration timeout) {
        return registry.system().ask(new GrainSenderRef(registry, identity()), message, timeout);
    }
}
