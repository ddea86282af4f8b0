package io.goakt.router;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Context;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;

import java.util.ArrayList;
import java.util.List;

/**
 * The router actor of a {@link Pool}: spawns the routees as its children, watches them, replaces any that stops,
 * handles the management messages ({@link Resize}, {@link GetRoutees}, {@link Broadcast}) itself and routes
 * everything else with its {@link RoutingLogic}, keeping each message's original sender.
 *
 * <p>Routees are named {@code routee-<n>} with {@code n} never reused by one router instance, so a replacement never
 * collides with a routee that is still stopping or draining after a shrink.
 *
 * <p>Threading: an actor; all state is confined to its thread by the runtime.
 */
final class PoolRouter implements RouterActor {

    private final Pool pool;
    private final RoutingLogic logic;
    /** The routees in rotation, in routing order. Retired (draining) routees are not here. */
    private final List<ActorRef> routees = new ArrayList<>();
    /** An unmodifiable copy of {@link #routees} handed to the logic; rebuilt on change, not per message. */
    private List<ActorRef> snapshot = List.of();
    private long nextRouteeNumber;

    PoolRouter(Pool pool) {
        this.pool = pool;
        this.logic = pool.strategy().newLogic();
    }

    @Override
    public void preStart(Context ctx) {
        for (int i = 0; i < pool.size(); i++) {
            routees.add(spawnRoutee(ctx));
        }
        routeesChanged();
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m == PostStart.INSTANCE) {
            return;
        }
        if (m instanceof Terminated t) {
            onTerminated(ctx, t.actor());
        } else if (m instanceof Resize r) {
            resize(ctx, r.size());
        } else if (m == GetRoutees.INSTANCE) {
            ctx.respond(new Routees(snapshot));
        } else if (m instanceof Broadcast b) {
            for (ActorRef r : snapshot) {
                r.tell(b.message(), ctx.sender());
            }
        } else if (snapshot.isEmpty()) {
            ctx.unhandled(); // only while a replacement failed to spawn and the router is failing over
        } else {
            logic.route(ctx, m, ctx.sender(), snapshot);
        }
    }

    private ActorRef spawnRoutee(Context ctx) {
        String name = "routee-" + nextRouteeNumber++;
        ActorRef ref = ctx.spawnChild(name, pool.routee(), pool.routeeOptions());
        ctx.watch(ref);
        return ref;
    }

    /**
     * A routee stopped (its supervisor strategy said stop, it stopped itself, or someone stopped it): put a fresh
     * one in its place so the pool keeps its size and round-robin keeps its order. Retired routees are unwatched
     * before their PoisonPill, so they never get here.
     */
    private void onTerminated(ReceiveContext ctx, ActorRef dead) {
        int i = routees.indexOf(dead);
        if (i < 0) {
            return;
        }
        routees.remove(i);
        routeesChanged(); // if the spawn below throws, the router fails without routing to a dead routee
        routees.add(i, spawnRoutee(ctx));
        routeesChanged();
    }

    private void resize(ReceiveContext ctx, int size) {
        if (size == routees.size()) {
            return;
        }
        while (routees.size() < size) {
            routees.add(spawnRoutee(ctx));
        }
        while (routees.size() > size) {
            ActorRef retired = routees.remove(routees.size() - 1);
            ctx.unwatch(retired); // its stop is not a loss to replace
            retired.tell(PoisonPill.INSTANCE, ctx.self()); // behind everything already routed to it
        }
        routeesChanged();
    }

    private void routeesChanged() {
        snapshot = List.copyOf(routees);
        if (!snapshot.isEmpty()) {
            logic.routeesChanged(snapshot);
        }
    }
}
