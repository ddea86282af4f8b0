package io.goakt.grain;

import io.goakt.actor.ActorSystem;
import io.goakt.internal.grain.LocalGrainRegistry;

/** Entry point to an actor system's grains. Stateless. */
public final class Grains {

    private Grains() {
    }

    /**
     * The grain registry of {@code system}, created on first use (a grains parent actor appears under
     * {@code /user/goakt-grains}). A system that installed a registry of its own under {@link GrainRegistry} (a
     * clustered one, say) before the first call gets that one.
     */
    public static GrainRegistry of(ActorSystem system) {
        return system.extension(GrainRegistry.class, LocalGrainRegistry::new);
    }
}
