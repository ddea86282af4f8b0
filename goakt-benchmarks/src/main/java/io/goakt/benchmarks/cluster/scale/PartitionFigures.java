package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.Member;
import io.goakt.internal.cluster.registry.Partitions;
import io.goakt.remote.Endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the placement hash ({@link Partitions}) gives a view of {@code N} members: partitions and grain identities
 * per member, and the share of them that moves when one member joins or leaves. Pure computation over the members'
 * ids; no channel is involved.
 *
 * <p>Identities are {@code "user-0" .. "user-(K-1)"}: each falls in {@link Partitions#partitionOf} and belongs to
 * that partition's owner, which is where its grain activates and its directory entry lives. Moves are averaged over
 * {@code trials} random joiners (fresh ids) and {@code trials} random leavers.
 *
 * <p>Threading: immutable results; the methods use only their arguments.
 */
final class PartitionFigures {

    private PartitionFigures() {
    }

    /** Smallest, mean and largest of a per-member count. */
    record Spread(int min, double mean, int max) {
        static Spread of(int[] counts) {
            int min = Integer.MAX_VALUE;
            int max = 0;
            long sum = 0;
            for (int c : counts) {
                min = Math.min(min, c);
                max = Math.max(max, c);
                sum += c;
            }
            return new Spread(min, (double) sum / counts.length, max);
        }
    }

    /** The share of partitions and of identities that changed owner, mean and largest over the trials. */
    record Movement(double meanPartitions, double maxPartitions, double meanIdentities, double maxIdentities) {
    }

    /** The figures of one view. */
    record Figures(int members, int partitionCount, Spread partitionsPerMember, int membersWithoutPartitions,
                   Spread identitiesPerMember, Movement join, Movement leave) {
    }

    /** {@code count} members with ids as {@link #member} makes them, without channels. */
    static List<Member> synthetic(int count, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Member> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(member(i, rnd));
        }
        return out;
    }

    static Figures of(List<Member> members, int partitionCount, int identities, int trials, long seed) {
        int[] perPartition = identitiesPerPartition(partitionCount, identities);
        Member[] owners = owners(members, partitionCount);
        Map<Member, Integer> index = new HashMap<>();
        for (int i = 0; i < members.size(); i++) {
            index.put(members.get(i), i);
        }
        int[] partitionsPer = new int[members.size()];
        int[] identitiesPer = new int[members.size()];
        for (int p = 0; p < partitionCount; p++) {
            int m = index.get(owners[p]);
            partitionsPer[m]++;
            identitiesPer[m] += perPartition[p];
        }

        SplittableRandom rnd = new SplittableRandom(seed);
        double[] joinP = new double[trials];
        double[] joinI = new double[trials];
        double[] leaveP = new double[trials];
        double[] leaveI = new double[trials];
        for (int t = 0; t < trials; t++) {
            List<Member> grown = new ArrayList<>(members);
            grown.add(member(members.size() + t, rnd));
            double[] j = moved(owners, owners(grown, partitionCount), perPartition, identities);
            joinP[t] = j[0];
            joinI[t] = j[1];
            List<Member> shrunk = new ArrayList<>(members);
            shrunk.remove(rnd.nextInt(shrunk.size()));
            double[] l = moved(owners, owners(shrunk, partitionCount), perPartition, identities);
            leaveP[t] = l[0];
            leaveI[t] = l[1];
        }
        int without = 0;
        for (int c : partitionsPer) {
            without += c == 0 ? 1 : 0;
        }
        return new Figures(members.size(), partitionCount, Spread.of(partitionsPer), without,
                Spread.of(identitiesPer), movement(joinP, joinI), movement(leaveP, leaveI));
    }

    /** How many of the identities {@code user-0 .. user-(identities-1)} fall in each partition. */
    static int[] identitiesPerPartition(int partitionCount, int identities) {
        int[] counts = new int[partitionCount];
        for (int i = 0; i < identities; i++) {
            counts[Partitions.partitionOf("user-" + i, partitionCount)]++;
        }
        return counts;
    }

    private static Member[] owners(List<Member> members, int partitionCount) {
        Member[] owners = new Member[partitionCount];
        for (int p = 0; p < partitionCount; p++) {
            owners[p] = Partitions.ownerOf(p, members);
        }
        return owners;
    }

    /** The shares of partitions and of identities whose owner differs between the two tables. */
    private static double[] moved(Member[] before, Member[] after, int[] perPartition, int identities) {
        int partitions = 0;
        long ids = 0;
        for (int p = 0; p < before.length; p++) {
            if (!before[p].equals(after[p])) {
                partitions++;
                ids += perPartition[p];
            }
        }
        return new double[]{(double) partitions / before.length, identities == 0 ? 0 : (double) ids / identities};
    }

    /** A member with the runtime's id format and a random 24-bit suffix. */
    static Member member(int index, SplittableRandom rnd) {
        int port = 20_000 + index;
        String id = "sim" + index + "@127.0.0.1:" + port + "#" + String.format("%06x", rnd.nextInt(1 << 24));
        return new Member(id, "127.0.0.1", port, new Endpoint("127.0.0.1", port), Set.of(), 1);
    }

    private static Movement movement(double[] partitions, double[] identities) {
        return new Movement(mean(partitions), max(partitions), mean(identities), max(identities));
    }

    private static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return xs.length == 0 ? 0 : sum / xs.length;
    }

    private static double max(double[] xs) {
        double max = 0;
        for (double x : xs) {
            max = Math.max(max, x);
        }
        return max;
    }
}
