package io.goakt.router;

import io.goakt.actor.Actor;
import io.goakt.actor.SpawnOptions;
import io.goakt.internal.util.SetOnce;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The description of a pool router: how many routees, how to make one, how to route, and how routees are
 * spawned and supervised. A {@code Pool} is the factory of its router actor, so it is spawned like any actor:
 *
 * <pre>{@code
 * ActorRef workers = system.spawn("workers",
 *         Routers.pool(4, Worker::new, RoutingStrategy.roundRobin()), SpawnOptions.defaults());
 * }</pre>
 *
 * <p>Every {@link #get()} makes a fresh router instance with fresh routing state, so a restart of the router (which
 * stops its routees first) starts a new pool of {@link #size()} routees.
 *
 * <p>Routee supervision: routees are the router's children, and a routee's failure is decided by the supervisor
 * strategy in {@link #routeeOptions()} (the system default when unset): resume and restart keep the routee in
 * place; a routee that stops, for whatever reason, is replaced by a new one under a fresh name, so the pool keeps
 * its size. Routees cannot use {@link RestartPolicy#PERMANENT}: the pool already keeps them alive, and a permanent
 * routee would turn the {@link io.goakt.actor.PoisonPill} of a shrink into a restart.
 *
 * <p>Router failures: a failure of the router itself (a consistent-hash key extractor that throws, a routee whose
 * {@code preStart} fails while replacing a stopped one) goes to the router's own supervisor, set in the
 * {@code SpawnOptions} the pool is spawned with. A restart of the router stops every routee (what was queued for
 * them becomes dead letters) and starts a fresh pool of {@link #size()} routees; spawn the router with a resuming
 * supervisor to keep the routees instead.
 *
 * <p>Stopping: a {@link io.goakt.actor.PoisonPill} to the router is handled by the runtime, not routed; the router
 * stops after the messages queued ahead of it are routed, and its routees stop with it. To make every routee finish
 * its queue first, send {@code new Broadcast(PoisonPill.INSTANCE)}: each routee then stops after its queue and is
 * replaced, which also serves as a rolling refresh of the pool.
 *
 * <p>Immutable; safe to share between threads and to spawn many routers from.
 */
public final class Pool implements Supplier<Actor> {

    private final int size;
    private final Supplier<? extends Actor> routee;
    private final RoutingStrategy strategy;
    private final SpawnOptions routeeOptions;

    private Pool(Builder b, SpawnOptions routeeOptions) {
        this.size = b.size;
        this.routee = b.routee;
        this.strategy = b.strategy;
        this.routeeOptions = routeeOptions;
    }

    /** Starts a pool of {@code size} routees made by {@code routee}, routed by {@code strategy}. */
    public static Builder builder(int size, Supplier<? extends Actor> routee, RoutingStrategy strategy) {
        return new Builder(size, routee, strategy);
    }

    /** The initial number of routees. */
    public int size() {
        return size;
    }

    /** The factory of routee instances (each restart of a routee also takes a fresh one from it). */
    public Supplier<? extends Actor> routee() {
        return routee;
    }

    /** How messages are routed. */
    public RoutingStrategy strategy() {
        return strategy;
    }

    /** How each routee is spawned, including its supervisor strategy. */
    public SpawnOptions routeeOptions() {
        return routeeOptions;
    }

    /** A fresh router actor for this pool. */
    @Override
    public Actor get() {
        return new PoolRouter(this);
    }

    @Override
    public String toString() {
        return "Pool[size=" + size + ", " + strategy + "]";
    }

    /**
     * Builds a {@link Pool}. Each setting may be given once; a second call fails naming the value already set.
     * Not thread-safe: build on one thread, then share the result.
     */
    public static final class Builder {
        private final SetOnce given = SetOnce.reusable();
        private final int size;
        private final Supplier<? extends Actor> routee;
        private final RoutingStrategy strategy;
        private SpawnOptions routeeOptions;
        private SupervisorStrategy routeeSupervisor;

        private Builder(int size, Supplier<? extends Actor> routee, RoutingStrategy strategy) {
            if (size < 1) {
                throw new IllegalArgumentException("a pool needs at least 1 routee, was " + size);
            }
            this.size = size;
            this.routee = Objects.requireNonNull(routee, "routee");
            this.strategy = Objects.requireNonNull(strategy, "strategy");
        }

        /** How each routee is spawned: supervisor, mailbox, dispatcher, and so on. */
        public Builder routeeOptions(SpawnOptions options) {
            this.routeeOptions = given.set("routeeOptions", routeeOptions, options);
            return this;
        }

        /**
         * The supervisor strategy for routees, a shortcut for routee options with only a supervisor. Cannot be
         * combined with {@link #routeeOptions}: set the supervisor in those options instead.
         */
        public Builder routeeSupervisor(SupervisorStrategy supervisor) {
            this.routeeSupervisor = given.set("routeeSupervisor", routeeSupervisor, supervisor);
            return this;
        }

        /** Checks the settings together and returns the pool. */
        public Pool build() {
            if (routeeOptions != null && routeeSupervisor != null) {
                throw new IllegalStateException("routeeSupervisor and routeeOptions are both set; put the supervisor "
                        + "in routeeOptions (its supervisor is " + routeeOptions.supervisor() + ")");
            }
            SpawnOptions options = routeeOptions != null ? routeeOptions
                    : routeeSupervisor != null ? SpawnOptions.builder().supervisor(routeeSupervisor).build()
                    : SpawnOptions.defaults();
            if (options.restartPolicy() == RestartPolicy.PERMANENT) {
                throw new IllegalArgumentException("routees cannot be PERMANENT: the pool replaces stopped routees "
                        + "itself, and a permanent routee would restart on the PoisonPill of a shrink");
            }
            return new Pool(this, options);
        }
    }
}
