package io.goakt.cluster;

import io.goakt.internal.util.SetOnce;
import io.goakt.router.RoutingStrategy;

import java.util.Objects;

/**
 * The description of a cluster-aware pool router: which actor kind its routees are, how many (per member, or in
 * total spread over the members), on which members (all, or those with a role), and how messages are routed.
 * Spawn it with {@link ClusterRouters#pool(io.goakt.actor.ActorSystem, String, ClusterPool)}.
 *
 * <p>Routees are spawned by kind ({@code RemotingConfig.Builder#kind}): on this member from its own remoting
 * config, on others by remote spawn, so each eligible member must register the kind. A member whose spawn fails
 * (the kind is not registered there, say) gets no more spawns until a retry after a backoff (0.5 s, doubling up to
 * 30 s) or the next view change.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ClusterPool {

    /** How the number of routees is counted. */
    public enum Spread {
        /** {@link #routees()} on every eligible member. */
        PER_MEMBER,
        /** {@link #routees()} in all, spread evenly over the eligible members, the oldest taking the remainder. */
        TOTAL
    }

    private final String kind;
    private final RoutingStrategy strategy;
    private final Spread spread;
    private final int routees;
    private final String role;

    private ClusterPool(Builder b) {
        this.kind = b.kind;
        this.strategy = b.strategy;
        this.spread = b.spread != null ? b.spread : Spread.PER_MEMBER;
        this.routees = b.spread != null ? b.routees : 1;
        this.role = b.role;
    }

    /** Starts a pool of routees of {@code kind} routed by {@code strategy}; one per member unless told otherwise. */
    public static Builder builder(String kind, RoutingStrategy strategy) {
        return new Builder(kind, strategy);
    }

    /** The actor kind of the routees. */
    public String kind() {
        return kind;
    }

    /** How messages are routed. */
    public RoutingStrategy strategy() {
        return strategy;
    }

    /** Whether {@link #routees()} counts per member or in total. */
    public Spread spread() {
        return spread;
    }

    /** The number of routees, per member or in total as {@link #spread()} says. */
    public int routees() {
        return routees;
    }

    /** The role a member needs to host routees, or {@code null} for every member. */
    public String role() {
        return role;
    }

    @Override
    public String toString() {
        return "ClusterPool[" + kind + ", " + routees + " " + spread + (role != null ? ", role " + role : "") + ", "
                + strategy + "]";
    }

    /**
     * Builds a {@link ClusterPool}. Each setting may be given once (a second call fails naming the value already
     * set), and only one of {@link #perMember} and {@link #total}. Not thread-safe: build on one thread.
     */
    public static final class Builder {
        private final SetOnce given = SetOnce.reusable();
        private final String kind;
        private final RoutingStrategy strategy;
        private Spread spread;
        private int routees;
        private String role;

        private Builder(String kind, RoutingStrategy strategy) {
            this.kind = Objects.requireNonNull(kind, "kind");
            this.strategy = Objects.requireNonNull(strategy, "strategy");
        }

        /** {@code n} routees on every eligible member (the default is 1). */
        public Builder perMember(int n) {
            return count(Spread.PER_MEMBER, n);
        }

        /** {@code n} routees in all, spread evenly over the eligible members, the oldest taking the remainder. */
        public Builder total(int n) {
            return count(Spread.TOTAL, n);
        }

        private Builder count(Spread s, int n) {
            if (n < 1) {
                throw new IllegalArgumentException("a cluster pool needs at least 1 routee "
                        + (s == Spread.PER_MEMBER ? "per member" : "in total") + ", was " + n);
            }
            given.claim("routees", spread == null ? null : routees + " " + spread);
            this.spread = s;
            this.routees = n;
            return this;
        }

        /** Only members started with {@code role} host routees. */
        public Builder role(String role) {
            this.role = given.set("role", this.role, role);
            return this;
        }

        /** The pool. */
        public ClusterPool build() {
            return new ClusterPool(this);
        }
    }
}
