package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ReceiveContext;

import java.util.List;
import java.util.Objects;

/**
 * The routing state that a {@link RoutingStrategy} makes for one router instance, for router actors whose routees
 * come from elsewhere: the cluster-aware routers of {@code io.goakt.cluster}, whose routees follow the cluster's
 * members, route through it with the same strategies as a {@link Pool}.
 *
 * <p>The owner sets the routees with {@link #routees(List)} whenever they change and calls {@link #route} for each
 * message to route. A {@link Broadcast} goes to every routee whatever the strategy, as in a pool; with no routees
 * the message is {@linkplain ReceiveContext#unhandled() unhandled} (a dead letter).
 *
 * <p>Threading: confined to the owning actor's thread, like the routing state of a pool router; build a new one
 * for each instance (and restart) of the actor.
 */
public final class Routing {

    private final RoutingLogic logic;
    private List<ActorRef> routees = List.of();

    private Routing(RoutingLogic logic) {
        this.logic = logic;
    }

    /** Fresh routing state of {@code strategy}, with no routees yet. */
    public static Routing of(RoutingStrategy strategy) {
        return new Routing(Objects.requireNonNull(strategy, "strategy").newLogic());
    }

    /** The routees from now on, in routing order (round-robin visits them in this order); copied. */
    public void routees(List<ActorRef> routees) {
        List<ActorRef> copy = List.copyOf(routees);
        if (copy.equals(this.routees)) {
            return;
        }
        this.routees = copy;
        if (!copy.isEmpty()) {
            logic.routeesChanged(copy);
        }
    }

    /** The routees in rotation now, an unmodifiable list. */
    public List<ActorRef> routees() {
        return routees;
    }

    /** Routes the message {@code ctx} is handling, keeping its sender. */
    public void route(ReceiveContext ctx) {
        Object m = ctx.message();
        if (routees.isEmpty()) {
            ctx.unhandled();
        } else if (m instanceof Broadcast b) {
            for (ActorRef r : routees) {
                r.tell(b.message(), ctx.sender());
            }
        } else {
            logic.route(ctx, m, ctx.sender(), routees);
        }
    }
}
