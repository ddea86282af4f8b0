package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor's health probe failed.
 *
 * @param actor               the actor
 * @param consecutiveFailures failures in a row, this one included
 * @param cause               what the probe threw, or {@code null} when it returned false
 */
public record ActorUnhealthy(ActorRef actor, int consecutiveFailures, Throwable cause) implements LifecycleEvent {
}
