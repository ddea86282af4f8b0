package io.goakt.internal.grain;

import io.goakt.actor.ActorRef;
import io.goakt.grain.GrainIdentity;

/**
 * What sits in front of a {@link LocalGrainRegistry} once it is {@linkplain LocalGrainRegistry#attach attached}: a
 * clustered registry that places each identity on one member. Every send through a ref of the local registry (also
 * a grain's own {@code self()} and the sender of what it sends) then goes to the front, which delivers it here
 * ({@link LocalGrainRegistry#deliverHere}) or to another member; and the front decides whether an identity may be
 * activated here at all.
 *
 * <p>Threading: every method may be called by any thread; {@link #mayActivate} also under a {@link GrainEntry}'s
 * monitor, so it must not block or call back into the local registry.
 */
public interface GrainFront {

    /** A send through a ref of the local registry: {@code message} for {@code identity}, from {@code sender}. */
    void send(GrainIdentity identity, Object message, ActorRef sender);

    /**
     * True when {@code identity} may get a new activation here now; false when it belongs elsewhere (its messages
     * that waited here then go to {@link #reroute}).
     */
    boolean mayActivate(GrainIdentity identity);

    /**
     * True when this member may serve grains now; checked before each message an activation here handles. When
     * false (a member that lost quorum but has not closed its gates yet), the activation hands the message back and
     * ends, and the message goes on as one that waited for an activation. Cheap: called on every message.
     */
    default boolean mayServe() {
        return true;
    }

    /** A message that waited here for an activation {@link #mayActivate} refused: the front sends it on. */
    void reroute(GrainIdentity identity, Object message, ActorRef sender);
}
