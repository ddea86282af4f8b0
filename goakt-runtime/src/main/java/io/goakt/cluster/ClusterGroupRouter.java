package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;
import io.goakt.remote.Remoting;
import io.goakt.router.GetRoutees;
import io.goakt.router.Routees;
import io.goakt.router.RouterActor;
import io.goakt.router.Routing;
import io.goakt.router.RoutingStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The router actor of {@link ClusterRouters#group}: one routee per eligible member, the actor at one path there,
 * recomputed on every {@link ClusterViewChanged} (the router subscribes to the event stream itself).
 *
 * <p>Routees on other members are remote refs valid for any incarnation of the actor at the path, so they need no
 * care. The routee on this member is a local ref: while no actor runs at the path it is resolved again before each
 * message, and when the local actor stops (the router watches it) it is resolved again too, so a restarted or
 * late-started local actor is found.
 *
 * <p>Threading: an actor; its state is confined to its thread.
 */
final class ClusterGroupRouter implements RouterActor {

    private final Cluster cluster;
    private final Remoting remoting;
    private final String path;
    private final String role;
    private final Routing routing;
    private ClusterView view;
    /** The local actor at the path when it was found, watched; {@code null} while none runs. */
    private ActorRef local;

    ClusterGroupRouter(Cluster cluster, Remoting remoting, String path, String role, RoutingStrategy strategy) {
        this.cluster = cluster;
        this.remoting = remoting;
        this.path = path;
        this.role = role;
        this.routing = Routing.of(strategy);
    }

    @Override
    public void preStart(Context ctx) {
        ctx.system().eventStream().subscribe(ClusterViewChanged.class, ctx.self());
        view = cluster.view();
        update(ctx);
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m == PostStart.INSTANCE) {
            return;
        }
        if (m instanceof ClusterViewChanged c) {
            view = c.view();
            update(ctx);
        } else if (m instanceof Terminated t) {
            if (t.actor().equals(local)) {
                local = null;
                update(ctx);
            }
        } else if (m == GetRoutees.INSTANCE) {
            if (local == null) {
                update(ctx);
            }
            ctx.respond(new Routees(routing.routees()));
        } else {
            if (local == null && hostsRoutee(view.self())) {
                update(ctx);
            }
            routing.route(ctx);
        }
    }

    private boolean hostsRoutee(Member m) {
        return role == null || m.hasRole(role);
    }

    private void update(Context ctx) {
        List<ActorRef> routees = new ArrayList<>();
        for (Member m : view.members()) {
            if (!hostsRoutee(m)) {
                continue;
            }
            if (m.equals(view.self())) {
                if (local == null) {
                    Optional<ActorRef> found = ctx.system().lookup(path);
                    found.ifPresent(ctx::watch);
                    local = found.orElse(null);
                }
                routees.add(local != null ? local : ctx.system().actorOf(path));
            } else {
                routees.add(remoting.actorRef(m.remoting(), ClusterRouters.systemOf(m), path));
            }
        }
        routing.routees(routees);
    }
}
