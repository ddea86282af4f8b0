package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

/**
 * Published when a lasting suspension ({@link ActorSuspended#lasting()}) ended: by {@code ActorSystem.reinstate},
 * or by a restart, which starts a fresh instance that processes messages. Its queued messages then run in order.
 *
 * @param actor the actor
 */
public record ActorReinstated(ActorRef actor) implements LifecycleEvent {
}
