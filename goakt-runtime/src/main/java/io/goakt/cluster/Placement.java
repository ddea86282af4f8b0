package io.goakt.cluster;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where {@link ClusterActors#spawn(String, String, Placement)} starts an actor: a strategy that picks one member
 * out of the members eligible for the spawn. A member is eligible when it is in the current view, registered the
 * actor kind ({@code RemotingConfig.Builder#kind}, announced in its load reports), and, for a placement
 * {@link #inRole restricted to a role}, was started with that role.
 *
 * <ul>
 *   <li>{@link #roundRobin()}: the eligible members in view order, one after the other.</li>
 *   <li>{@link #random()}: any eligible member, uniformly.</li>
 *   <li>{@link #leastLoaded()}: the member whose last load report shows the fewest actors plus queued messages
 *       (ties to the older member). Each member reports its load every second; between two reports the
 *       spawning member counts its own spawns on the chosen member, so a burst of spawns spreads out.</li>
 *   <li>{@link #local()}: this member.</li>
 *   <li>{@link #role(String)}: round robin among the members with the role; any strategy combines with a role
 *       through {@link #inRole}.</li>
 * </ul>
 *
 * <p>Immutable; any thread.
 */
public final class Placement {

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** The ways to pick a member. */
    public enum Strategy {
        /** The eligible members in view order, one after the other. */
        ROUND_ROBIN,
        /** Any eligible member, uniformly. */
        RANDOM,
        /** The member with the fewest actors plus queued messages. */
        LEAST_LOADED,
        /** This member. */
        LOCAL
    }

    private final Strategy strategy;
    private final String role;

    private Placement(Strategy strategy, String role) {
        this.strategy = strategy;
        this.role = role;
    }

    /** The eligible members one after the other, in view order. */
    public static Placement roundRobin() {
        return new Placement(Strategy.ROUND_ROBIN, null);
    }

    /** Any eligible member, chosen uniformly at random. */
    public static Placement random() {
        return new Placement(Strategy.RANDOM, null);
    }

    /** The eligible member with the fewest actors plus queued messages in its latest load report. */
    public static Placement leastLoaded() {
        return new Placement(Strategy.LEAST_LOADED, null);
    }

    /** This member; the spawn fails when it did not register the kind. */
    public static Placement local() {
        return new Placement(Strategy.LOCAL, null);
    }

    /** Round robin among the members started with {@code role}. */
    public static Placement role(String role) {
        return roundRobin().inRole(role);
    }

    /**
     * This strategy restricted to the members started with {@code role}.
     *
     * @throws IllegalArgumentException when {@code role} is not a role name (1 to 64 of {@code A-Z a-z 0-9 . _ -})
     */
    public Placement inRole(String role) {
        Objects.requireNonNull(role, "role");
        if (!ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("placement role: '" + role
                    + "' is not a role name (1 to 64 of A-Z a-z 0-9 . _ -)");
        }
        return new Placement(strategy, role);
    }

    /** How a member is picked. */
    public Strategy strategy() {
        return strategy;
    }

    /** The role an eligible member must have, if any. */
    public Optional<String> role() {
        return Optional.ofNullable(role);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Placement p && p.strategy == strategy && Objects.equals(p.role, role);
    }

    @Override
    public int hashCode() {
        return strategy.hashCode() * 31 + Objects.hashCode(role);
    }

    @Override
    public String toString() {
        return "Placement[" + strategy + (role != null ? " in role " + role : "") + "]";
    }
}
