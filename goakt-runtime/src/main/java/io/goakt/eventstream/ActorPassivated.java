package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor stops itself under its passivation strategy (idle too long, or enough messages handled).
 *
 * @param actor the actor
 */
public record ActorPassivated(ActorRef actor) implements LifecycleEvent {
}
