package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Context;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;
import io.goakt.remote.Remoting;
import io.goakt.router.GetRoutees;
import io.goakt.router.Routees;
import io.goakt.router.RouterActor;
import io.goakt.router.Routing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The router actor of {@link ClusterRouters#pool}: keeps the routees a {@link ClusterPool} asks for on the members
 * of the current view and routes over them.
 *
 * <h2>Reconciling</h2>
 * On every {@link ClusterViewChanged} (the router subscribes to the event stream itself), every routee that stops
 * and every spawn that completes, {@link #reconcile} compares what each eligible member should host (the target)
 * with what it hosts and has in flight: it spawns the missing routees, retires the surplus with a
 * {@link PoisonPill} (behind what is queued for them), and drops the routees of members that left. Routees on this
 * member are spawned synchronously as children; the others by remote spawn, whose outcome comes back as a message,
 * so the router never blocks. A member whose remote spawn failed is left out, and tried again after a backoff
 * (0.5 s, doubling up to 30 s) or at the next view change, so a member without the kind does not make the router
 * spin and one that was briefly out of reach (a connection still coming back after a partition) gets its routees.
 * This member's own missing kind waits for the next view change. Reconciling reads the cluster's latest view, not the one of the
 * last event handled: the {@code Terminated} of the routees of a member that left arrives before the view's event.
 *
 * <h2>Members that come back</h2>
 * A member cut off by a partition leaves the view while its routees keep running there, out of reach. The router
 * remembers them ({@link #lost}) and retires them when a merged view brings their member back, where it spawns
 * fresh ones, so the member does not end up with both.
 *
 * <p>Remote routees are top-level actors on their members named {@code <router>-<tag>-<n>}: the tag is random per
 * router instance and {@code n} is never reused by it, so names never collide, also with a routee that is still
 * stopping or with the routees of a router of the same name on another member.
 *
 * <p>Threading: an actor; its state is confined to its thread.
 */
final class ClusterPoolRouter implements RouterActor {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRouters.class);
    private static final int LOST_MEMBERS_KEPT = 64;
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);
    /** How long a remote spawn may take before it counts as failed (remoting's own request timeout is longer). */
    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(10);

    /** A remote spawn succeeded. */
    private record Spawned(String memberId, ActorRef routee) {
    }

    /** A remote spawn failed or did not answer in time. */
    private record SpawnFailed(Member member, String name, Throwable error) {
        String memberId() {
            return member.id();
        }
    }

    /** The backoff after a member's failed spawn is over: try it again. */
    private record Retry(String memberId) {
    }

    private final Cluster cluster;
    private final Remoting remoting;
    private final ClusterPool pool;
    private final String name;
    private final String tag = Long.toString(ThreadLocalRandom.current().nextLong() >>> 1, 36);
    private final Routing routing;
    /** Live routees per member id, in spawn order. */
    private final Map<String, List<ActorRef>> routees = new HashMap<>();
    /** Remote spawns in flight per member id. */
    private final Map<String, Integer> pending = new HashMap<>();
    /** Members whose spawn failed, left out until their retry or the next view change. */
    private final Set<String> failed = new HashSet<>();
    /** Failed spawns in a row per member since its last success or view change: the retry's backoff. */
    private final Map<String, Integer> failures = new HashMap<>();
    /**
     * Routees of members that left the view, by member id, oldest departure first: a member cut off by a partition
     * comes back in a merged view with them still running, and they are retired then. At most
     * {@value #LOST_MEMBERS_KEPT} members are remembered.
     */
    private final Map<String, List<ActorRef>> lost = new LinkedHashMap<>();
    private ClusterView view;
    private long nextRoutee;

    ClusterPoolRouter(Cluster cluster, Remoting remoting, ClusterPool pool, String name) {
        this.cluster = cluster;
        this.remoting = remoting;
        this.pool = pool;
        this.name = name;
        this.routing = Routing.of(pool.strategy());
    }

    @Override
    public void preStart(Context ctx) {
        ctx.system().eventStream().subscribe(ClusterViewChanged.class, ctx.self());
        view = cluster.view();
        reconcile(ctx);
    }

    @Override
    public void receive(ReceiveContext ctx) {
        Object m = ctx.message();
        if (m == PostStart.INSTANCE) {
            return;
        }
        if (m instanceof ClusterViewChanged) {
            failed.clear();
            failures.clear();
            reconcile(ctx);
        } else if (m instanceof Retry r) {
            if (failed.remove(r.memberId())) {
                reconcile(ctx);
            }
        } else if (m instanceof Terminated t) {
            String member = remove(t.actor());
            if (member != null) {
                if (cluster.view().member(member).isEmpty()) {
                    // Its member left the view (the Terminated of a departed peer comes before the view's event):
                    // cut off, the routee may still run there.
                    lost.computeIfAbsent(member, k -> new ArrayList<>()).add(t.actor());
                }
                reconcile(ctx);
            }
        } else if (m instanceof Spawned s) {
            pending.merge(s.memberId(), -1, Integer::sum);
            failures.remove(s.memberId());
            if (cluster.view().member(s.memberId()).filter(this::eligible).isPresent()) {
                ctx.watch(s.routee());
                routees.computeIfAbsent(s.memberId(), k -> new ArrayList<>()).add(s.routee());
            } else {
                remoting.stop(s.routee()); // its member left or lost its role while the spawn ran
            }
            reconcile(ctx);
        } else if (m instanceof SpawnFailed f) {
            pending.merge(f.memberId(), -1, Integer::sum);
            int inRow = failures.merge(f.memberId(), 1, Integer::sum);
            Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(inRow - 1, 10));
            backoff = backoff.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : backoff;
            if (inRow == 1) {
                LOG.warn("cluster router {}: routee {} of kind '{}' could not be spawned on member {}; that member "
                        + "is left out and tried again after a backoff: {}", name, f.name(), pool.kind(),
                        f.memberId(), f.error().toString());
            } else {
                LOG.debug("cluster router {}: spawn {} on member {} failed again ({} in a row), next try in {}: {}",
                        name, f.name(), f.memberId(), inRow, backoff, f.error().toString());
            }
            // The spawn may have happened with its answer lost (a member back from a partition answers before it
            // installed the merged view, and drops the answer); a stop request travels behind the spawn request on
            // the same connection slot, so it removes such a routee and is a no-op otherwise.
            remoting.stop(remoting.actorRef(f.member().remoting(), ClusterRouters.systemOf(f.member()),
                    "/user/" + f.name()));
            if (failed.add(f.memberId())) {
                ctx.scheduleOnce("retry " + f.memberId(), new Retry(f.memberId()), backoff);
            }
            reconcile(ctx);
        } else if (m == GetRoutees.INSTANCE) {
            ctx.respond(new Routees(routing.routees()));
        } else {
            routing.route(ctx);
        }
    }

    @Override
    public void postStop(Context ctx) {
        Member self = view.self();
        for (Map.Entry<String, List<ActorRef>> e : routees.entrySet()) {
            if (!e.getKey().equals(self.id())) {
                e.getValue().forEach(remoting::stop); // this member's routees are children and stop with it
            }
        }
    }

    private boolean eligible(Member m) {
        return pool.role() == null || m.hasRole(pool.role());
    }

    private void reconcile(Context ctx) {
        view = cluster.view(); // the latest, also when its event is still queued behind the message handled now
        List<Member> hosts = new ArrayList<>();
        for (Member m : view.members()) {
            if (eligible(m) && !failed.contains(m.id())) {
                hosts.add(m);
            }
        }
        // Who may keep routees: per member, a member whose spawn failed keeps those it has; in total, its share goes
        // to the others, so it hands its routees over too.
        Set<String> ids = new HashSet<>();
        for (Member m : view.members()) {
            if (eligible(m) && (pool.spread() == ClusterPool.Spread.PER_MEMBER || !failed.contains(m.id()))) {
                ids.add(m.id());
            }
        }
        for (var it = routees.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (view.member(e.getKey()).isEmpty()) { // their member left: out of rotation, unreachable from here
                e.getValue().forEach(ctx::unwatch);
                lost.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(e.getValue());
                it.remove();
            }
        }
        for (var it = lost.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (view.member(e.getKey()).isPresent()) { // back after a partition: its old routees still run there
                e.getValue().forEach(r -> retire(ctx, r));
                it.remove();
            } else if (lost.size() > LOST_MEMBERS_KEPT) {
                it.remove();
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            Member m = hosts.get(i);
            int target = pool.spread() == ClusterPool.Spread.PER_MEMBER ? pool.routees()
                    : pool.routees() / hosts.size() + (i < pool.routees() % hosts.size() ? 1 : 0);
            List<ActorRef> live = routees.computeIfAbsent(m.id(), k -> new ArrayList<>());
            int inFlight = pending.getOrDefault(m.id(), 0);
            for (int k = live.size() + inFlight; k < target && !failed.contains(m.id()); k++) {
                spawn(ctx, m, live);
            }
            while (inFlight == 0 && live.size() > target) {
                retire(ctx, live.remove(live.size() - 1));
            }
        }
        // Members still in the view that host routees no more (lost their role, or their share of a total pool).
        for (Map.Entry<String, List<ActorRef>> e : routees.entrySet()) {
            if (!ids.contains(e.getKey())) {
                e.getValue().forEach(r -> retire(ctx, r));
                e.getValue().clear();
            }
        }
        routees.values().removeIf(List::isEmpty);
        List<ActorRef> order = new ArrayList<>();
        for (Member m : view.members()) {
            order.addAll(routees.getOrDefault(m.id(), List.of()));
        }
        routing.routees(order);
    }

    private void spawn(Context ctx, Member m, List<ActorRef> live) {
        String routeeName = name + "-" + tag + "-" + nextRoutee++;
        if (m.equals(view.self())) {
            Supplier<? extends Actor> factory = remoting.config().kinds().get(pool.kind());
            if (factory == null) {
                LOG.warn("cluster router {}: actor kind '{}' is not registered on this member {}; it hosts no "
                        + "routees until the view changes", name, pool.kind(), m.id());
                failed.add(m.id());
                return;
            }
            ActorRef routee = ctx.spawnChild(routeeName, factory, remoting.config().kindOptions(pool.kind()));
            ctx.watch(routee);
            live.add(routee);
            return;
        }
        pending.merge(m.id(), 1, Integer::sum);
        ctx.pipeToSelf(remoting.spawn(m.remoting(), routeeName, pool.kind()).toCompletableFuture()
                .orTimeout(SPAWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).handle((ref, error) ->
                        error == null ? new Spawned(m.id(), ref) : new SpawnFailed(m, routeeName, error)));
    }

    private void retire(Context ctx, ActorRef routee) {
        ctx.unwatch(routee); // its stop is not a loss to replace
        routee.tell(PoisonPill.INSTANCE, ctx.self());
    }

    /** Takes {@code dead} out of rotation; returns the id of its member, or {@code null} when it was not a routee. */
    private String remove(ActorRef dead) {
        for (Map.Entry<String, List<ActorRef>> e : routees.entrySet()) {
            if (e.getValue().remove(dead)) {
                return e.getKey();
            }
        }
        return null;
    }
}
