package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

import java.util.Objects;

/**
 * Published when an actor stops itself under its passivation strategy (idle too long, or enough messages handled),
 * or because the system's {@link io.goakt.actor.EvictionPolicy} evicted it.
 *
 * @param actor  the actor
 * @param reason why it passivated
 */
public record ActorPassivated(ActorRef actor, Reason reason) implements LifecycleEvent {

    /** Why an actor passivated. */
    public enum Reason {
        /** No message arrived for its {@link io.goakt.actor.Passivation#idle()} time. */
        IDLE,
        /** It handled its {@link io.goakt.actor.Passivation#maxMessages()}. */
        MESSAGE_LIMIT,
        /** The system was over its {@link io.goakt.actor.EvictionPolicy#maxActors()} and chose this actor. */
        EVICTED
    }

    /** Checks that both components are given. */
    public ActorPassivated {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(reason, "reason");
    }
}
