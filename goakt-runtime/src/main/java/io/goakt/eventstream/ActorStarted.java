package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor has started: its {@code preStart} returned.
 *
 * @param actor the actor
 */
public record ActorStarted(ActorRef actor) implements LifecycleEvent {
}
