package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The placement hash's promises, over seeded random views; a failure names its seed. */
class PartitionsPropertyTest {

    static LongStream seeds() {
        return LongStream.range(1, 41);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aNameAlwaysFallsInTheSamePartitionWithinRange(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int count = rnd.nextInt(1, 1000);
        for (int i = 0; i < 200; i++) {
            String name = "name-" + rnd.nextLong();
            int p = Partitions.partitionOf(name, count);
            assertThat(p).as("seed %d name %s", seed, name).isBetween(0, count - 1);
            assertThat(Partitions.partitionOf(new String(name.toCharArray()), count)).isEqualTo(p);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theOwnerIsAMemberAndDoesNotDependOnTheOrderOfTheView(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> members = RegistryFixtures.members(rnd, rnd.nextInt(1, 9));
        List<Member> shuffled = new ArrayList<>(members);
        Collections.shuffle(shuffled, new Random(seed));
        for (int p = 0; p < 271; p++) {
            Member owner = Partitions.ownerOf(p, members);
            assertThat(members).as("seed %d partition %d", seed, p).contains(owner);
            assertThat(Partitions.ownerOf(p, shuffled)).as("seed %d partition %d", seed, p).isEqualTo(owner);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void whenAMemberLeavesOnlyItsPartitionsMove(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> members = RegistryFixtures.members(rnd, rnd.nextInt(2, 9));
        Member leaver = members.get(rnd.nextInt(members.size()));
        List<Member> rest = new ArrayList<>(members);
        rest.remove(leaver);
        for (int p = 0; p < 271; p++) {
            Member before = Partitions.ownerOf(p, members);
            Member after = Partitions.ownerOf(p, rest);
            if (!before.equals(leaver)) {
                assertThat(after).as("seed %d partition %d", seed, p).isEqualTo(before);
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aJoiningMemberTakesPartitionsOnlyForItselfAndEveryMemberOwnsSome(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> all = RegistryFixtures.members(rnd, rnd.nextInt(2, 9));
        Member joiner = all.get(all.size() - 1);
        List<Member> before = all.subList(0, all.size() - 1);
        Set<Member> owners = new HashSet<>();
        for (int p = 0; p < 271; p++) {
            Member old = Partitions.ownerOf(p, before);
            Member now = Partitions.ownerOf(p, all);
            owners.add(now);
            assertThat(now).as("seed %d partition %d", seed, p).isIn(old, joiner);
        }
        assertThat(owners).as("seed %d: 271 partitions over %d members", seed, all.size())
                .containsExactlyInAnyOrderElementsOf(all);
    }
}
