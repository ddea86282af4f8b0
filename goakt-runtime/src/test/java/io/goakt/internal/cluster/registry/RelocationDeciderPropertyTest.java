package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who spawns a relocatable actor again ({@link Relocator#decider}), over seeded random views: never its old owner
 * while another member is there; the same member whether the view still holds the old owner (a hand-over, decided at
 * once) or no longer does (decided at the stable view), so the two paths never pick two members; the same member
 * whatever order the view lists its members in (after a merge, the order changes); and not moved by a member that
 * joins unless the joiner itself takes the name. Each case names its seed.
 */
class RelocationDeciderPropertyTest {

    private static final int PARTITIONS = 271;

    static LongStream seeds() {
        return LongStream.range(1, 201);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theDeciderIsNeverTheOldOwnerAndTheSameWithOrWithoutItInTheView(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> view = RegistryFixtures.members(rnd, rnd.nextInt(2, 12));
        Member oldOwner = view.get(rnd.nextInt(view.size()));
        List<Member> without = view.stream().filter(m -> !m.equals(oldOwner)).toList();
        List<Member> shuffled = new ArrayList<>(view);
        Collections.shuffle(shuffled, new Random(seed));
        for (int i = 0; i < 50; i++) {
            String name = "actor-" + rnd.nextInt(1_000_000);
            Member withOwner = Relocator.decider(name, oldOwner.id(), view, PARTITIONS);
            assertThat(withOwner).as("seed %d name %s", seed, name).isNotEqualTo(oldOwner);
            assertThat(Relocator.decider(name, oldOwner.id(), without, PARTITIONS)).as("seed %d name %s", seed, name)
                    .isEqualTo(withOwner);
            assertThat(Relocator.decider(name, oldOwner.id(), shuffled, PARTITIONS)).as("seed %d name %s", seed,
                    name).isEqualTo(withOwner);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aJoiningMemberMovesTheDecisionOnlyToItself(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> all = RegistryFixtures.members(rnd, rnd.nextInt(3, 12));
        List<Member> before = all.subList(0, all.size() - 1);
        Member joiner = all.get(all.size() - 1);
        String oldOwner = "gone#" + seed;
        for (int i = 0; i < 50; i++) {
            String name = "actor-" + rnd.nextInt(1_000_000);
            Member then = Relocator.decider(name, oldOwner, before, PARTITIONS);
            Member now = Relocator.decider(name, oldOwner, all, PARTITIONS);
            assertThat(now).as("seed %d name %s", seed, name).isIn(then, joiner);
        }
    }
}
