package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ReceiveContext;

import java.util.List;

/**
 * The per-router state of a {@link RoutingStrategy}: a counter, a random source, a hash ring. One instance per
 * router instance, made by {@link RoutingStrategy#newLogic()}.
 *
 * <p>Threading: confined to its router's thread; every method is called only from the router's {@code receive}
 * or {@code preStart}, so implementations need no synchronisation for their own fields.
 */
interface RoutingLogic {

    /**
     * The routees in rotation changed (spawn, replacement, resize). Called before the first {@link #route} and after
     * every change; {@code routees} is an unmodifiable snapshot, never empty.
     */
    void routeesChanged(List<ActorRef> routees);

    /**
     * Sends {@code message} on, keeping {@code sender} as its sender so replies skip the router.
     *
     * @param routees the same snapshot last given to {@link #routeesChanged}, never empty
     */
    void route(ReceiveContext ctx, Object message, ActorRef sender, List<ActorRef> routees);
}
