package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor was restarted: a fresh instance ran {@code preStart} and queued messages are kept.
 *
 * @param actor the actor
 * @param cause the failure that led to the restart
 */
public record ActorRestarted(ActorRef actor, Throwable cause) implements LifecycleEvent {
}
