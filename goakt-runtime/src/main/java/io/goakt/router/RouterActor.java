package io.goakt.router;

import io.goakt.actor.Actor;

/**
 * An actor that routes the messages it receives to routees and answers {@link GetRoutees} with its current
 * {@link Routees}. The pool routers of {@link Routers} and the cluster-aware routers of {@code io.goakt.cluster}
 * implement it; so may an application's own router.
 *
 * <p>It adds no methods: it tells operators' views apart. An {@link io.goakt.actor.ActorInfo} whose
 * {@code kind} names a class implementing this interface is a router, and the dashboard shows it as one, with the
 * routee count from its {@link GetRoutees} answer.
 */
public interface RouterActor extends Actor {
}
