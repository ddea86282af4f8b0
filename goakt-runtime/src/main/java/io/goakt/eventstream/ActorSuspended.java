package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor stopped taking messages while its supervisor decides on a failure (its mailbox keeps filling).
 *
 * @param actor the actor
 * @param cause the failure
 */
public record ActorSuspended(ActorRef actor, Throwable cause) implements LifecycleEvent {
}
