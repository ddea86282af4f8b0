package io.goakt.internal.cluster.registry;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.Member;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many of the partitions move when one member joins or leaves a view of {@code N} members (2..64), over seeded
 * random views; a failure names its seed.
 *
 * <h2>The bound and why</h2>
 * A partition's owner is the member with the highest weight, and the weights are a mixed 64-bit hash of the
 * partition and the member id, so for the purpose of the bound they behave as independent uniform draws. A joiner
 * takes a partition exactly when its weight beats the old owner's, which happens with probability {@code 1/(N+1)},
 * independently per partition; a leaver gives up exactly the partitions it owned, each with probability
 * {@code 1/N}. The number of moved partitions is therefore Binomial(271, p) with {@code p = 1/(N+1)} (join) or
 * {@code 1/N} (leave), and its expected fraction is {@code p}. Each trial must land inside the central interval of
 * that distribution that leaves at most {@value #TAIL} in each tail (computed exactly below, not by a normal
 * approximation, because for small {@code p} the distribution is skewed). Across all trials the total moved must
 * lie within {@value #AGGREGATE_SIGMAS} standard deviations of its expectation, which catches a bias (say, a hash
 * that favours some ids) too small to fail one trial. Rendezvous hashing moves only the partitions whose owner
 * changes: on a join every moved partition goes to the joiner, on a leave every moved partition came from the
 * leaver, and nothing else moves; each trial checks that too.
 */
class PartitionsMovementPropertyTest {

    private static final int PARTITIONS = ClusterConfig.DEFAULT_PARTITION_COUNT;
    /** The largest probability a correct mapping has of landing outside one trial's interval, per tail. */
    private static final double TAIL = 1e-6;
    private static final int AGGREGATE_SIGMAS = 5;

    static LongStream seeds() {
        return LongStream.range(1, 201);
    }

    /** Partitions that changed owner between {@code before} and {@code after}. */
    private static List<Integer> moved(List<Member> before, List<Member> after) {
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            if (!Partitions.ownerOf(p, before).equals(Partitions.ownerOf(p, after))) {
                out.add(p);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aJoinMovesAboutOneInNPlusOneOfThePartitionsAllToTheJoiner(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rnd.nextInt(2, 65);
        List<Member> after = RegistryFixtures.members(rnd, n + 1);
        Member joiner = after.remove(rnd.nextInt(after.size()));
        List<Member> before = List.copyOf(after);
        after.add(rnd.nextInt(after.size() + 1), joiner);

        List<Integer> moved = moved(before, after);
        for (int p : moved) {
            assertThat(Partitions.ownerOf(p, after)).as("seed %d: partition %d moved to a member other than the "
                    + "joiner", seed, p).isEqualTo(joiner);
        }
        int[] bounds = binomialInterval(PARTITIONS, 1.0 / (n + 1), TAIL);
        assertThat(moved.size()).as("seed %d: partitions moved when member %d of %d joined (expected about %.1f)",
                seed, n + 1, n + 1, PARTITIONS / (n + 1.0)).isBetween(bounds[0], bounds[1]);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aLeaveMovesAboutOneInNOfThePartitionsAllFromTheLeaver(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rnd.nextInt(2, 65);
        List<Member> before = RegistryFixtures.members(rnd, n);
        Member leaver = before.get(rnd.nextInt(n));
        List<Member> after = new ArrayList<>(before);
        after.remove(leaver);

        List<Integer> moved = moved(before, after);
        for (int p = 0; p < PARTITIONS; p++) {
            boolean leaverOwned = Partitions.ownerOf(p, before).equals(leaver);
            assertThat(moved.contains(p)).as("seed %d: partition %d moved although the leaver did not own it, or "
                    + "stayed although it did", seed, p).isEqualTo(leaverOwned);
        }
        int[] bounds = binomialInterval(PARTITIONS, 1.0 / n, TAIL);
        assertThat(moved.size()).as("seed %d: partitions moved when one of %d members left (expected about %.1f)",
                seed, n, PARTITIONS / (double) n).isBetween(bounds[0], bounds[1]);
    }

    @Test
    void acrossAllSeedsTheMovedTotalMatchesItsExpectation() {
        double expected = 0;
        double variance = 0;
        long total = 0;
        for (long seed : seeds().toArray()) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int n = rnd.nextInt(2, 65);
            List<Member> all = RegistryFixtures.members(rnd, n + 1);
            List<Member> without = all.subList(0, n);
            total += moved(without, all).size();
            double p = 1.0 / (n + 1);
            expected += PARTITIONS * p;
            variance += PARTITIONS * p * (1 - p);
        }
        double sigma = Math.sqrt(variance);
        assertThat((double) total).as("partitions moved over %d joins: expected %.1f, sigma %.1f",
                        seeds().count(), expected, sigma)
                .isBetween(expected - AGGREGATE_SIGMAS * sigma, expected + AGGREGATE_SIGMAS * sigma);
    }

    @Test
    void theIntervalIsTheExactBinomialOne() {
        // Binomial(4, 1/2): P(0) = P(4) = 1/16, so a tail below 1/16 keeps both ends and one above cuts them.
        assertThat(binomialInterval(4, 0.5, 0.05)).containsExactly(0, 4);
        assertThat(binomialInterval(4, 0.5, 0.07)).containsExactly(1, 3);
        // Binomial(271, 1/2) is symmetric, sigma 8.2; a normal tail of 1e-6 lies 4.75 sigma (39) from the mean 135.5.
        int[] half = binomialInterval(PARTITIONS, 0.5, TAIL);
        assertThat(half[0] + half[1]).isEqualTo(PARTITIONS);
        assertThat(half[0]).isBetween(94, 100);
    }

    /**
     * The smallest {@code [lo, hi]} with {@code P(X < lo) <= tail} and {@code P(X > hi) <= tail} for
     * {@code X ~ Binomial(n, p)}, from the exact probabilities.
     */
    static int[] binomialInterval(int n, double p, double tail) {
        double[] pmf = new double[n + 1];
        double logQ = Math.log1p(-p);
        double logRatio = Math.log(p) - logQ;
        double log = n * logQ;
        for (int k = 0; k <= n; k++) {
            pmf[k] = Math.exp(log);
            log += Math.log(n - k) - Math.log(k + 1) + logRatio;
        }
        int lo = 0;
        double below = 0;
        while (lo < n && below + pmf[lo] <= tail) {
            below += pmf[lo];
            lo++;
        }
        int hi = n;
        double above = 0;
        while (hi > 0 && above + pmf[hi] <= tail) {
            above += pmf[hi];
            hi--;
        }
        return new int[]{lo, hi};
    }
}
