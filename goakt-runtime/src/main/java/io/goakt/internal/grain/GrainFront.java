package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;

/**
 * What a {@link LocalGrainRegistry} shows its grains as "the registry" when another registry sits in front of it (a
 * clustered one, which places each identity on one member and hosts the activations of its own identities here): the
 * refs a grain hands out and sends with route through the front, and the front decides whether an identity may be
 * activated here at all.
 *
 * <p>Threading: every method may be called by any thread, also under a {@link GrainEntry}'s monitor, so none may
 * block or call back into the local registry.
 */
public interface GrainFront {

    /** The registry grains see as {@code GrainContext.grains()}. */
    GrainRegistry registry();

    /** The ref a grain gets as {@code GrainContext.self()}. */
    GrainRef ref(GrainIdentity identity);

    /** The grain as the sender of what it sends: replies to it reach it by identity, through the front. */
    ActorRef sender(GrainIdentity identity);

    /**
     * True when {@code identity} may get a new activation here now; false when it belongs elsewhere (its messages
     * that waited here then go to {@link #reroute}).
     */
    boolean mayActivate(GrainIdentity identity);

    /** A message that waited here for an activation {@link #mayActivate} refused: the front sends it on. */
    void reroute(GrainIdentity identity, Object message, ActorRef sender);
}
