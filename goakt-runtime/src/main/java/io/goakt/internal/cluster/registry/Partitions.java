package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The placement hash: a name falls into one of a fixed number of partitions, and each partition has one owner
 * among the members of a view.
 *
 * <h2>The approach</h2>
 * A name's partition is a 64-bit hash of its UTF-8 bytes (FNV-1a, then a finalising mix) modulo the partition
 * count, so it never changes while the cluster lives. A partition's owner is chosen by rendezvous hashing (highest
 * random weight): every member gets a weight from a hash of the partition number and the member's id, and the
 * member with the highest weight owns the partition. Every member computes the same owner from the same view, with
 * no table to agree on or ship. When a member leaves, only its partitions move (each to the member with the next
 * highest weight); when one joins, it takes over only the partitions where its weight is highest, about
 * {@code 1/n} of them. {@code PartitionsPropertyTest} checks both.
 *
 * <p>Threading: stateless; any thread.
 */
public final class Partitions {

    private Partitions() {
    }

    /** The partition of {@code name}, in {@code [0, partitionCount)}. */
    public static int partitionOf(String name, int partitionCount) {
        return (int) Long.remainderUnsigned(hash(name), partitionCount);
    }

    /** The owner of {@code partition} among {@code members}, which must not be empty. */
    public static Member ownerOf(int partition, List<Member> members) {
        Member best = null;
        long bestWeight = 0;
        for (Member m : members) {
            long w = mix(hash(m.id()) ^ (partition * 0x9E3779B97F4A7C15L));
            if (best == null || Long.compareUnsigned(w, bestWeight) > 0
                    || (w == bestWeight && m.id().compareTo(best.id()) < 0)) {
                best = m;
                bestWeight = w;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("no members to own partition " + partition);
        }
        return best;
    }

    /** The member that arbitrates {@code name} among {@code members}. */
    public static Member arbiterOf(String name, int partitionCount, List<Member> members) {
        return ownerOf(partitionOf(name, partitionCount), members);
    }

    private static long hash(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h);
    }

    /** The finalising mix of SplitMix64: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
