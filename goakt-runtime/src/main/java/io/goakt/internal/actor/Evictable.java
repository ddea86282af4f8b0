package io.goakt.internal.actor;

import io.goakt.actor.ReceiveContext;

/**
 * An actor instance that ends itself its own way when the system's {@link io.goakt.actor.EvictionPolicy} evicts it,
 * instead of the plain passivation a passivation-enabled actor gets; an actor that implements it is an eviction
 * candidate whatever its spawn options. Grain activations implement it: they hand back what is on its way to them
 * before they stop.
 *
 * <p>Threading: called on the actor's own thread, between messages, like its {@code receive}.
 */
public interface Evictable {

    /**
     * The system chose this actor for eviction. Returns true when the actor is ending (now or after what it is still
     * owed), false when it declines (it is busy after all): it then stays a candidate.
     *
     * @param self the actor's context, as its {@code receive} gets it
     */
    boolean evict(ReceiveContext self);
}
