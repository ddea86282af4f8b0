package io.goakt.router;

import io.goakt.actor.ActorRef;

import java.util.List;

/**
 * A pool router's answer to {@link GetRoutees}: the routees in rotation, in the router's order (the order
 * round-robin visits them).
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param routees the routees, an unmodifiable copy
 */
public record Routees(List<ActorRef> routees) {
    /** Copies the list. */
    public Routees {
        routees = List.copyOf(routees);
    }
}
