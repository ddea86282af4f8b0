package io.goakt.router;

import io.goakt.actor.Actor;

import java.util.function.Supplier;

/**
 * Entry points for routers. A router is an ordinary actor: spawn the {@link Pool} these methods return with
 * {@code ActorSystem.spawn} or {@code Context.spawnChild}, then send it messages.
 *
 * <p>Threading: stateless; every method may be called by any thread.
 */
public final class Routers {

    private Routers() {
    }

    /**
     * A pool of {@code size} routees made by {@code routee}, routed by {@code strategy}, with the system's default
     * routee options.
     */
    public static Pool pool(int size, Supplier<? extends Actor> routee, RoutingStrategy strategy) {
        return Pool.builder(size, routee, strategy).build();
    }

    /** A pool as {@link #pool}, with routee options to set before {@link Pool.Builder#build()}. */
    public static Pool.Builder poolBuilder(int size, Supplier<? extends Actor> routee, RoutingStrategy strategy) {
        return Pool.builder(size, routee, strategy);
    }
}
