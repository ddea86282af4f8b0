package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor has stopped: its {@code postStop} ran and its queued messages went to dead letters.
 *
 * @param actor the actor
 */
public record ActorStopped(ActorRef actor) implements LifecycleEvent {
}
