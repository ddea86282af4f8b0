package io.goakt.internal.cluster.grain;

import io.goakt.cluster.Member;
import io.goakt.internal.cluster.registry.Partitions;
import io.goakt.remote.Endpoint;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many grain identities move when one of {@code n} members joins or leaves, over seeded random views: about
 * {@code 1/n}. The tolerance: the number of the 271 partitions that move is a binomial count with mean
 * {@code 271/n}; it must lie within four standard deviations (plus one) of it, and the share of identities that
 * move within 0.05 of the share of partitions that move (identities spread over partitions by hash; an identity
 * moves exactly when its partition does). A failure names its seed.
 */
class GrainPlacementPropertyTest {

    static final int PARTITIONS = 271;
    static final int IDENTITIES = 5_000;

    static LongStream seeds() {
        return LongStream.range(1, 31);
    }

    static List<Member> members(SplittableRandom rnd, int n) {
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = "sys@127.0.0.1:" + (7000 + i) + "#" + Long.toHexString(rnd.nextLong());
            members.add(new Member(id, "127.0.0.1", 7800 + i, new Endpoint("127.0.0.1", 7000 + i), Set.of(), 1));
        }
        return members;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneMemberJoiningMovesAboutOneNthOfTheIdentities(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rnd.nextInt(2, 21);
        List<Member> after = members(rnd, n);
        List<Member> before = after.subList(0, n - 1);
        checkMovement(seed, rnd, before, after, n);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void oneMemberLeavingMovesAboutOneNthOfTheIdentities(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rnd.nextInt(2, 21);
        List<Member> before = members(rnd, n);
        List<Member> after = new ArrayList<>(before);
        after.remove(rnd.nextInt(n));
        checkMovement(seed, rnd, before, after, n);
    }

    private static void checkMovement(long seed, SplittableRandom rnd, List<Member> before, List<Member> after,
                                      int n) {
        boolean[] moved = new boolean[PARTITIONS];
        int movedPartitions = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            moved[p] = !Partitions.ownerOf(p, before).equals(Partitions.ownerOf(p, after));
            movedPartitions += moved[p] ? 1 : 0;
        }
        double mean = PARTITIONS / (double) n;
        double sd = Math.sqrt(PARTITIONS * (1.0 / n) * (1 - 1.0 / n));
        assertThat((double) movedPartitions).as("seed %d: partitions moved with %d members (mean %.1f, sd %.1f)",
                seed, n, mean, sd).isBetween(mean - 4 * sd - 1, mean + 4 * sd + 1);

        int movedIdentities = 0;
        for (int i = 0; i < IDENTITIES; i++) {
            String identity = "kind" + rnd.nextInt(5) + "/" + Long.toHexString(rnd.nextLong());
            int p = Partitions.partitionOf(identity, PARTITIONS);
            movedIdentities += moved[p] ? 1 : 0;
        }
        assertThat((double) movedIdentities / IDENTITIES).as("seed %d: share of identities moved", seed)
                .isCloseTo((double) movedPartitions / PARTITIONS, org.assertj.core.data.Offset.offset(0.05));
    }
}
