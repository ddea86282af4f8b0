package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;
import io.goakt.cluster.Placement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Placement choices over seeded random views, kinds, roles and loads; a failure names its seed. */
class PlacementPropertyTest {

    static LongStream seeds() {
        return LongStream.range(1, 201);
    }

    private record World(List<Member> view, Set<Member> withKind, Map<Member, Long> loads, Member self,
                         Placement placement) {
    }

    private static World world(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> view = RegistryFixtures.members(rnd, rnd.nextInt(1, 8));
        Set<Member> withKind = new HashSet<>();
        Map<Member, Long> loads = new HashMap<>();
        for (Member m : view) {
            if (rnd.nextInt(4) > 0) {
                withKind.add(m);
            }
            loads.put(m, (long) rnd.nextInt(0, 5));
        }
        Placement base = switch (rnd.nextInt(4)) {
            case 0 -> Placement.roundRobin();
            case 1 -> Placement.random();
            case 2 -> Placement.leastLoaded();
            default -> Placement.local();
        };
        Placement placement = rnd.nextBoolean() ? base.inRole("r" + rnd.nextInt(3)) : base;
        return new World(view, withKind, loads, view.get(rnd.nextInt(view.size())), placement);
    }

    private static boolean fits(World w, Member m) {
        return w.withKind.contains(m) && w.placement.role().map(m::hasRole).orElse(true);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theChosenMemberIsEligibleAndNoneIsChosenOnlyWhenNoneFits(long seed) {
        World w = world(seed);
        List<Member> eligible = PlacementChooser.eligible(w.view, w.placement, w.withKind::contains);
        assertThat(eligible).as("seed %d", seed).isEqualTo(w.view.stream().filter(m -> fits(w, m)).toList());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (long turn = 0; turn < 20; turn++) {
            Member chosen = PlacementChooser.choose(w.placement, eligible, turn, w.loads::get, rnd, w.self);
            if (w.placement.strategy() == Placement.Strategy.LOCAL) {
                assertThat(chosen).as("seed %d %s", seed, w.placement)
                        .isEqualTo(eligible.contains(w.self) ? w.self : null);
            } else if (eligible.isEmpty()) {
                assertThat(chosen).as("seed %d", seed).isNull();
            } else {
                assertThat(eligible).as("seed %d %s", seed, w.placement).contains(chosen);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void roundRobinVisitsEveryEligibleMemberOnceInViewOrderPerCycle(long seed) {
        World w = world(seed);
        List<Member> eligible = PlacementChooser.eligible(w.view, Placement.roundRobin(), w.withKind::contains);
        long start = new SplittableRandom(seed).nextLong(0, 1000);
        List<Member> cycle = new ArrayList<>();
        for (long turn = start; turn < start + eligible.size(); turn++) {
            cycle.add(PlacementChooser.choose(Placement.roundRobin(), eligible, turn, m -> 0, null, w.self));
        }
        assertThat(cycle).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(eligible);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void leastLoadedPicksTheOldestOfTheLeastLoaded(long seed) {
        World w = world(seed);
        List<Member> eligible = PlacementChooser.eligible(w.view, Placement.leastLoaded(), w.withKind::contains);
        Member chosen = PlacementChooser.choose(Placement.leastLoaded(), eligible, 0, w.loads::get, null, w.self);
        if (eligible.isEmpty()) {
            assertThat(chosen).isNull();
            return;
        }
        long min = eligible.stream().mapToLong(w.loads::get).min().orElseThrow();
        Member firstMin = eligible.stream().filter(m -> w.loads.get(m) == min).findFirst().orElseThrow();
        assertThat(chosen).as("seed %d loads %s", seed, w.loads).isEqualTo(firstMin);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomReachesEveryEligibleMember(long seed) {
        World w = world(seed);
        List<Member> eligible = PlacementChooser.eligible(w.view, Placement.random(), w.withKind::contains);
        SplittableRandom rnd = new SplittableRandom(seed);
        Set<Member> seen = new HashSet<>();
        for (int i = 0; i < 400 && seen.size() < eligible.size(); i++) {
            seen.add(PlacementChooser.choose(Placement.random(), eligible, 0, m -> 0, rnd, w.self));
        }
        assertThat(seen).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(eligible);
    }
}
