package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.internal.cluster.registry.Partitions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU a member spends on goakt's side of one view change, for a view of {@code N} members, timed on this
 * thread (median of several repetitions after a warm-up):
 * <ul>
 *   <li><b>diff</b>: the joined and left members between two views, as the runtime's {@code ClusterNode} finds
 *       them: each member of one view looked up in the other with {@link ClusterView#contains}, a list scan, so
 *       the work grows with {@code N²}.</li>
 *   <li><b>owner table</b>: the owner of every partition ({@link Partitions#ownerOf}, which weighs every member
 *       for each partition: {@code partitions x N} hashes), what a member recomputes to place names and grains
 *       after a view change; for the default 271 partitions and for {@value #LARGE_PARTITION_COUNT}, the count a
 *       cluster of 1,000 members needs to give every member some (see {@code docs/scaling.md}).</li>
 * </ul>
 *
 * <p>Threading: the caller's thread only.
 */
final class ViewWork {

    static final int LARGE_PARTITION_COUNT = 16_384;
    private static final int REPETITIONS = 7;

    private ViewWork() {
    }

    /** Milliseconds of each kind of work, median of the repetitions. */
    record Times(double diffMillis, double ownersDefaultMillis, double ownersLargeMillis) {
    }

    static Times of(List<Member> members, int defaultPartitionCount) {
        List<Member> previous = new ArrayList<>(members.subList(0, members.size() - 1));
        ClusterView before = new ClusterView(1, members.get(0), previous);
        ClusterView after = new ClusterView(2, members.get(0), members);
        double diff = median(() -> {
            int changed = 0;
            for (Member m : after.members()) {
                if (!before.contains(m)) {
                    changed++;
                }
            }
            for (Member m : before.members()) {
                if (!after.contains(m)) {
                    changed++;
                }
            }
            return changed;
        });
        double small = median(() -> owners(members, defaultPartitionCount));
        double large = median(() -> owners(members, LARGE_PARTITION_COUNT));
        return new Times(diff, small, large);
    }

    private static int owners(List<Member> members, int partitionCount) {
        int sum = 0;
        for (int p = 0; p < partitionCount; p++) {
            sum += Partitions.ownerOf(p, members).controlPort();
        }
        return sum;
    }

    /** Runs {@code work} once to warm up, then {@link #REPETITIONS} times; the median time in milliseconds. */
    private static double median(java.util.function.IntSupplier work) {
        int sink = work.getAsInt();
        double[] times = new double[REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            long start = System.nanoTime();
            sink += work.getAsInt();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        if (sink == 42) {
            // Keeps the result live so the work is not optimised away; never true in practice.
            System.out.print("");
        }
        Arrays.sort(times);
        return times[REPETITIONS / 2];
    }
}
