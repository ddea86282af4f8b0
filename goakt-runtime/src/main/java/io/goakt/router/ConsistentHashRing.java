package io.goakt.router;

import io.goakt.actor.ActorRef;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A consistent-hash ring: each routee owns {@code virtualNodes} points on a 64-bit circle, placed by hashing the
 * routee's address (system, endpoint when remote, and path: routees of a cluster group share their path and differ
 * by member) with the point's number; a key belongs to the owner of the first point at or after the key's hash,
 * wrapping around. Because a routee's points depend only on its own address, adding a routee takes over only the arcs
 * in front of its new points (about {@code 1/n} of the keys, all of them moving to the new routee) and removing one
 * hands only its own keys to the others; every other key stays where it was.
 *
 * <p>Hashes: FNV-1a over the characters of a string, then the MurmurHash3 64-bit finalizer to spread the bits;
 * keys that are not strings start from their {@code hashCode}. Both are stable across JVMs for strings and for
 * keys with a value-based {@code hashCode}.
 *
 * <p>Immutable once built; safe to share between threads. Lookup is one binary search, no allocation.
 */
final class ConsistentHashRing {

    private final long[] points;
    private final ActorRef[] owners;

    private ConsistentHashRing(long[] points, ActorRef[] owners) {
        this.points = points;
        this.owners = owners;
    }

    /** A ring over {@code routees} (not empty), {@code virtualNodes} points each. */
    static ConsistentHashRing of(List<ActorRef> routees, int virtualNodes) {
        if (routees.isEmpty()) {
            throw new IllegalArgumentException("a hash ring needs at least one routee");
        }
        int n = routees.size() * virtualNodes;
        long[][] entries = new long[n][2]; // {point, routee index}
        int e = 0;
        for (int r = 0; r < routees.size(); r++) {
            String id = routees.get(r).address().toString();
            for (int v = 0; v < virtualNodes; v++) {
                entries[e][0] = hash(id + "#" + v);
                entries[e][1] = r;
                e++;
            }
        }
        // Equal points (vanishingly rare) are ordered by address, so the ring never depends on the list's order.
        Arrays.sort(entries, Comparator.<long[]>comparingLong(x -> x[0])
                .thenComparing(x -> routees.get((int) x[1]).address()));
        long[] points = new long[n];
        ActorRef[] owners = new ActorRef[n];
        for (int i = 0; i < n; i++) {
            points[i] = entries[i][0];
            owners[i] = routees.get((int) entries[i][1]);
        }
        return new ConsistentHashRing(points, owners);
    }

    /** The routee that owns {@code key}. */
    ActorRef lookup(Object key) {
        long h = key instanceof CharSequence cs ? hash(cs) : mix(key.hashCode());
        int i = Arrays.binarySearch(points, h);
        if (i < 0) {
            i = -i - 1;
        } else {
            while (i > 0 && points[i - 1] == h) {
                i--; // the first of equal points, as the sort order defines
            }
        }
        return owners[i == points.length ? 0 : i];
    }

    static long hash(CharSequence s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h = (h ^ (c & 0xff)) * 0x100000001b3L;
            h = (h ^ (c >>> 8)) * 0x100000001b3L;
        }
        return mix(h);
    }

    /** The MurmurHash3 fmix64 finalizer: every input bit affects every output bit. */
    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
