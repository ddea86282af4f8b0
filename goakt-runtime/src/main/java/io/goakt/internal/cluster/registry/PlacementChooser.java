package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;
import io.goakt.cluster.Placement;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;

/**
 * Picks the member for a placed spawn: first the eligible members (in the view, with the kind, with the placement's
 * role; in view order), then one of them by the placement's strategy. Pure functions of their arguments, so
 * {@code PlacementPropertyTest} can drive them with seeded random views and loads.
 *
 * <p>Threading: stateless; any thread.
 */
public final class PlacementChooser {

    private PlacementChooser() {
    }

    /** The members of {@code view} (in its order) that have the kind and the placement's role. */
    public static List<Member> eligible(List<Member> view, Placement placement, Predicate<Member> hasKind) {
        List<Member> out = new ArrayList<>(view.size());
        for (Member m : view) {
            if (hasKind.test(m) && placement.role().map(m::hasRole).orElse(true)) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * The member {@code placement} picks among {@code eligible}, or {@code null} when none fits.
     *
     * @param turn   how many placed spawns with a round-robin strategy this member made before; round robin takes
     *               the member at {@code turn} modulo the number of eligible members
     * @param load   a member's load: actors plus queued messages, as last reported (and counted since)
     * @param random the source of a random choice
     * @param self   this member, for {@link Placement#local()}
     */
    public static Member choose(Placement placement, List<Member> eligible, long turn, ToLongFunction<Member> load,
                                RandomGenerator random, Member self) {
        if (eligible.isEmpty()) {
            return null;
        }
        return switch (placement.strategy()) {
            case LOCAL -> eligible.contains(self) ? self : null;
            case ROUND_ROBIN -> eligible.get((int) Math.floorMod(turn, (long) eligible.size()));
            case RANDOM -> eligible.get(random.nextInt(eligible.size()));
            case LEAST_LOADED -> {
                Member best = eligible.get(0);
                long bestLoad = load.applyAsLong(best);
                for (int i = 1; i < eligible.size(); i++) {
                    long l = load.applyAsLong(eligible.get(i));
                    if (l < bestLoad) {
                        best = eligible.get(i);
                        bestLoad = l;
                    }
                }
                yield best;
            }
        };
    }
}
