package io.goakt.cluster;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.remote.Remoting;
import io.goakt.router.RoutingStrategy;

import java.util.Objects;

/**
 * Routers whose routees are spread over the cluster's members and follow its view: a member that joins gains
 * routees, the routees of a member that leaves or crashes are dropped. Each router is an ordinary top-level actor
 * of the member that spawns it and routes with the strategies of {@link io.goakt.router} (round robin, random,
 * consistent hashing, broadcast, scatter-gather, tail-chopping), keeping each message's sender;
 * {@link io.goakt.router.Broadcast} reaches every routee whatever the strategy, and
 * {@link io.goakt.router.GetRoutees} answers with {@link io.goakt.router.Routees} in routing order (members oldest
 * first).
 *
 * <ul>
 *   <li>A <b>pool</b> ({@link #pool}) spawns its routees by actor kind: on this member as the router's children,
 *       on the others by remote spawn as top-level actors named {@code <router>-<tag>-<n>}. A routee that stops is
 *       replaced while its member stays; with {@link ClusterPool.Spread#TOTAL} the routees are spread again over
 *       the members of each new view. When the router stops, it stops its routees on the other members; when its
 *       own member crashes, those routees stay (nothing is left to stop them) and must be stopped by name.</li>
 *   <li>A <b>group</b> ({@link #group}) spawns nothing: it routes to the actor at one path (for example
 *       {@code /user/worker}) on every member, optionally only those with a role. The application starts those
 *       actors itself; a message routed to a member where none runs becomes a dead letter there.</li>
 * </ul>
 *
 * <p>Delivery to routees on other members is at most once, as for every remote tell. Messages for routees on other
 * members must be registered for remoting ({@code RemotingConfig.Builder#serialization}).
 *
 * <p>Threading: stateless; any thread.
 */
public final class ClusterRouters {

    private ClusterRouters() {
    }

    /**
     * Spawns a pool router {@code name} on this member with {@code perMember} routees of {@code kind} on every
     * member, routed by {@code strategy}.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member
     */
    public static ActorRef pool(ActorSystem system, String name, String kind, int perMember,
                                RoutingStrategy strategy) {
        return pool(system, name, ClusterPool.builder(kind, strategy).perMember(perMember).build());
    }

    /**
     * Spawns a pool router {@code name} on this member as {@code pool} describes.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member
     */
    public static ActorRef pool(ActorSystem system, String name, ClusterPool pool) {
        Objects.requireNonNull(pool, "pool");
        Cluster cluster = member(system);
        Remoting remoting = Remoting.of(system).orElseThrow();
        return system.spawn(name, () -> new ClusterPoolRouter(cluster, remoting, pool, name),
                SpawnOptions.defaults());
    }

    /**
     * Spawns a group router {@code name} on this member that routes to the actor at {@code path} on every member,
     * routed by {@code strategy}.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member
     */
    public static ActorRef group(ActorSystem system, String name, String path, RoutingStrategy strategy) {
        return group(system, name, path, null, strategy);
    }

    /**
     * Spawns a group router {@code name} on this member that routes to the actor at {@code path} (a top-level name
     * or a path from the root) on every member that has {@code role} (every member when {@code null}), routed by
     * {@code strategy}.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member
     */
    public static ActorRef group(ActorSystem system, String name, String path, String role,
                                 RoutingStrategy strategy) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(strategy, "strategy");
        Cluster cluster = member(system);
        Remoting remoting = Remoting.of(system).orElseThrow();
        String fullPath = path.startsWith("/") ? path : "/user/" + path;
        return system.spawn(name, () -> new ClusterGroupRouter(cluster, remoting, fullPath, role, strategy),
                SpawnOptions.defaults());
    }

    private static Cluster member(ActorSystem system) {
        Objects.requireNonNull(system, "system");
        return Cluster.of(system).orElseThrow(() -> new IllegalStateException("actor system " + system.name()
                + " is not a cluster member: call Cluster.start before spawning a cluster router"));
    }

    /** The actor system name in a member's id ({@code <system>@<endpoint>#<hex>}). */
    static String systemOf(Member m) {
        int at = m.id().indexOf('@');
        return at < 0 ? m.id() : m.id().substring(0, at);
    }
}
