package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when an actor threw from {@code receive}, {@code preStart} or its health check; its supervisor decides next.
 *
 * @param actor   the actor
 * @param cause   what it threw
 * @param message the message it was handling (a timer's message, {@code Terminated} and a request's reply
 *                included), or {@code null} when it failed outside a message or on a runtime check
 */
public record ActorFailed(ActorRef actor, Throwable cause, Object message) implements LifecycleEvent {
}
