package io.goakt.internal.actor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The children of one actor by name: an open-addressing hash table of the child cells themselves (the name is read
 * from the cell), so a child costs one array slot instead of a map node. A parent may hold a million children;
 * {@code ConcurrentHashMap} spent 32 bytes a child on its node alone.
 *
 * <h2>Why spawn and stop stay O(1) whatever the history</h2>
 * Linear probing is fast only while runs of occupied slots stay short. Two things made them grow without bound: names
 * from a counter ({@code child-0, child-1, ...}) have nearly consecutive {@link String#hashCode()}s, which land in
 * consecutive slots and merge into one long run; and a removed child leaves a tombstone that keeps the run contiguous,
 * so every later miss (each spawn checks that its name is free) walks the whole run. The table therefore
 * <ul>
 *   <li>scrambles the hash code with MurmurHash3's 32-bit finaliser, so consecutive codes land far apart;</li>
 *   <li>keeps live entries plus tombstones at most half the table, and when an insert would pass that, rebuilds into
 *       a fresh array sized for the live entries alone (at most a third full), which drops every tombstone. A
 *       rebuild costs O(capacity) and leaves at least a sixth of the capacity of inserts before the next one:
 *       O(1) amortised;</li>
 *   <li>rebuilds into a smaller array when the live entries fall under a sixteenth of it, so the table stays bounded
 *       by the live count (at most 16 slots a child past the minimum capacity; 2 to 4 while it only grows, as
 *       before).</li>
 * </ul>
 * A probe compares each passed cell's name by its hash first ({@link String#hashCode()}, which the string caches),
 * and a rebuild places cells by that hash: the cell keeps no copy of it, 4 bytes an idle actor does not carry (see
 * {@code IdleActorFootprintTest}). Once the table outgrows the cache, each cell passed costs two misses (the cell,
 * then its name string); the mixing hash keeps the cells passed per probe to one or two on average.
 *
 * Removal writes a tombstone rather than shifting entries back: a shift moves a live entry, and a reader walking the
 * run at that moment could miss it.
 *
 * <h2>Chunks</h2>
 * The slots live in chunks of at most {@link #CHUNK_SLOTS} (a table up to that size is one chunk of its own length),
 * slot {@code i} at {@code chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK]}. One flat array for a quarter of a million
 * children would be 2 MB: under G1 that is a humongous object, given whole regions of its own, and the unused tail of
 * its last region is lost to the heap (about 8 bytes an actor in the harness's spawn scenario at 4 MB regions). A
 * chunk stays under half of G1's smallest region (1 MB), so it is an ordinary object. A probe pays one more load, of
 * the chunk, which stays in cache while the run does.
 *
 * <h2>Threading</h2>
 * {@link #get}, {@link #isEmpty}, {@link #size} and {@link #values} may be called by any thread without locking. A
 * slot is published with a release store and read with an acquire load, so a cell found is fully constructed. Within
 * one table a slot only ever goes null, cell, tombstone, cell, tombstone...: never back to null, so a reader's probe
 * never stops short of a cell that was present when the probe began. A rebuild fills fresh chunks privately and
 * publishes them with a volatile store of {@link #table}; a reader still on the old chunks sees every child that was
 * live when the rebuild ran, since nothing writes those chunks again. So a child that is present for the whole of a
 * lookup is always found. {@link #putIfAbsent} and {@link #remove} lock this map; they are rare next to lookups, and
 * uncontended except on the guardian. {@link #nextUnnamedName} takes no lock: an atomic add on its own counter.
 */
final class ChildMap {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle UNNAMED;

    static {
        try {
            UNNAMED = MethodHandles.lookup().findVarHandle(ChildMap.class, "unnamed", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The prefix of generated names; {@link Names#validate} refuses it in a user's name, so the two never clash. */
    static final char UNNAMED_PREFIX = '$';
    private static final Object TOMBSTONE = new Object();
    private static final int MIN_CAPACITY = 4;
    private static final int MAX_CAPACITY = 1 << 30;
    /** Slots per chunk, as a shift: 32,768 slots, 128 KB (256 KB without compressed oops). */
    static final int CHUNK_SHIFT = 15;
    static final int CHUNK_SLOTS = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SLOTS - 1;

    /**
     * The slots, in chunks of one length. Replaced only under the lock; volatile store publishes rebuilt chunks,
     * volatile load by readers pairs.
     */
    private volatile Object[][] table;
    /**
     * Live entries. Written under the lock with a volatile store; any thread's volatile load pairs with it. Its
     * volatility also serves {@code Children.spawn}: the store after an add, then the spawner's volatile load of
     * {@code terminating}, pairs with a stop's volatile store of {@code terminating}, then its load of this count.
     */
    private volatile int size;
    /** Live entries plus tombstones; plain, read and written only under the lock. */
    private int used;
    /**
     * Names generated so far; only atomic adds through {@link #UNNAMED}, since the guardian's spawns come from any
     * thread. Never reset, so a generated name is not reused while this map lives.
     */
    @SuppressWarnings("unused")
    private volatile long unnamed;

    /** A table that holds {@code expected} children at most half full. */
    ChildMap(int expected) {
        int n = MIN_CAPACITY;
        while (n < expected * 2L && n < MAX_CAPACITY) {
            n <<= 1;
        }
        table = chunks(n);
    }

    /** Empty chunks for {@code capacity} slots (a power of two). */
    private static Object[][] chunks(int capacity) {
        if (capacity <= CHUNK_SLOTS) {
            return new Object[][] {new Object[capacity]};
        }
        Object[][] t = new Object[capacity >>> CHUNK_SHIFT][];
        for (int c = 0; c < t.length; c++) {
            t[c] = new Object[CHUNK_SLOTS];
        }
        return t;
    }

    /** The slots of {@code t}: every chunk has the first one's length. */
    private static int capacityOf(Object[][] t) {
        return t.length * t[0].length;
    }

    /** Acquire load of slot {@code i}: pairs with the release stores in {@link #putIfAbsent} and {@link #remove}. */
    private static Object slot(Object[][] t, int i) {
        return SLOTS.getAcquire(t[i >>> CHUNK_SHIFT], i & CHUNK_MASK);
    }

    /** The smallest power of two, at least {@link #MIN_CAPACITY}, holding {@code live} entries at most a third full. */
    private static int capacityFor(int live) {
        int n = MIN_CAPACITY;
        while (n < live * 3L && n < MAX_CAPACITY) {
            n <<= 1;
        }
        return n;
    }

    /** MurmurHash3's finaliser: every bit of the hash code moves every bit of the slot index. */
    private static int indexFor(int hash, int mask) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h & mask;
    }

    /**
     * A fresh name for a child spawned without one: {@code $} and a base-36 counter ({@code $0}, {@code $1}, ...
     * {@code $a}, ... {@code $10}). Unique for this map's lifetime. Any thread: an atomic add, uncontended except on
     * the guardian.
     */
    String nextUnnamedName() {
        long n = (long) UNNAMED.getAndAdd(this, 1L); // atomic add: unique per caller, whichever thread spawns
        return UNNAMED_PREFIX + Long.toString(n, Character.MAX_RADIX);
    }

    /** The child named {@code name}, or null. Any thread. */
    ActorCell get(String name) {
        Object[][] t = table; // volatile load: pairs with the store that published rebuilt chunks
        int mask = capacityOf(t) - 1;
        int hash = name.hashCode();
        for (int i = indexFor(hash, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Object o = slot(t, i); // acquire: pairs with the release store in putIfAbsent or remove
            if (o == null) {
                return null;
            }
            if (o != TOMBSTONE) {
                // The string's cached hash first: a passed child costs a load of its name, not of its characters.
                ActorCell c = (ActorCell) o;
                String n = c.name;
                if (n.hashCode() == hash && n.equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Adds {@code cell} under its name unless a cell with that name is present; returns the present one or null. */
    synchronized ActorCell putIfAbsent(ActorCell cell) {
        ActorCell existing = get(cell.name);
        if (existing != null) {
            return existing;
        }
        Object[][] t = table;
        if ((used + 1) * 2L > capacityOf(t)) {
            t = rebuild(size + 1);
        }
        int mask = capacityOf(t) - 1;
        for (int i = indexFor(cell.name.hashCode(), mask); ; i = (i + 1) & mask) {
            Object[] chunk = t[i >>> CHUNK_SHIFT];
            Object o = chunk[i & CHUNK_MASK]; // plain: only lock holders write slots
            if (o == null || o == TOMBSTONE) {
                if (o == null) {
                    used++;
                }
                SLOTS.setRelease(chunk, i & CHUNK_MASK, cell); // release: a reader's acquire load sees a built cell
                size = size + 1;
                return null;
            }
        }
    }

    /** Removes {@code cell} if it is the child under its name; returns whether it did. */
    synchronized boolean remove(ActorCell cell) {
        Object[][] t = table;
        int capacity = capacityOf(t);
        int mask = capacity - 1;
        int start = indexFor(cell.name.hashCode(), mask);
        for (int i = start, probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Object[] chunk = t[i >>> CHUNK_SHIFT];
            Object o = chunk[i & CHUNK_MASK]; // plain: only lock holders write slots
            if (o == null) {
                return false;
            }
            if (o == cell) {
                SLOTS.setRelease(chunk, i & CHUNK_MASK, TOMBSTONE); // release: pairs with readers' acquire loads
                int live = size - 1;
                size = live;
                if (capacity > MIN_CAPACITY && live * 16L < capacity) {
                    rebuild(live);
                }
                return true;
            }
        }
        return false;
    }

    /** Moves the live entries to fresh chunks sized for {@code live} entries and publishes them. Under the lock. */
    private Object[][] rebuild(int live) {
        Object[][] old = table;
        Object[][] t = chunks(capacityFor(live));
        int mask = capacityOf(t) - 1;
        int moved = 0;
        for (Object[] oldChunk : old) {
            for (Object o : oldChunk) {
                if (o != null && o != TOMBSTONE) {
                    int i = indexFor(((ActorCell) o).name.hashCode(), mask);
                    while (t[i >>> CHUNK_SHIFT][i & CHUNK_MASK] != null) {
                        i = (i + 1) & mask;
                    }
                    t[i >>> CHUNK_SHIFT][i & CHUNK_MASK] = o; // plain: the chunks are not yet visible to any reader
                    moved++;
                }
            }
        }
        used = moved;
        table = t; // volatile store publishes the filled chunks; pairs with readers' volatile load of table
        return t;
    }

    boolean isEmpty() {
        return size == 0; // volatile load: pairs with the lock holder's store
    }

    int size() {
        return size; // volatile load: pairs with the lock holder's store
    }

    /** A snapshot of the children; weakly consistent under concurrent change. */
    List<ActorCell> values() {
        List<ActorCell> out = new ArrayList<>(Math.max(size, 0));
        addTo(out);
        return out;
    }

    /** Appends the children to {@code out}, as {@link #values()} lists them, without a list of their own. */
    void addTo(List<ActorCell> out) {
        Object[][] t = table; // volatile load: pairs with the store that published rebuilt chunks
        for (Object[] chunk : t) {
            for (int i = 0; i < chunk.length; i++) {
                Object o = SLOTS.getAcquire(chunk, i); // acquire: pairs with the release store in putIfAbsent
                if (o != null && o != TOMBSTONE) {
                    out.add((ActorCell) o);
                }
            }
        }
    }

    // Structure statistics for tests; racy reads, meaningful only while no writer runs.

    /** The slots of the current table. */
    int capacity() {
        return capacityOf(table);
    }

    /** The length of the longest array the table is made of. */
    int longestChunk() {
        int longest = 0;
        for (Object[] chunk : table) {
            longest = Math.max(longest, chunk.length);
        }
        return longest;
    }

    /**
     * The longest run of occupied slots (live or tombstone): what a lookup of an absent name, and so each spawn, walks
     * at worst, plus one for the empty slot that ends it.
     */
    int longestProbe() {
        Object[][] t = table;
        int n = capacityOf(t);
        int start = 0;
        while (start < n && t[start >>> CHUNK_SHIFT][start & CHUNK_MASK] != null) {
            start++;
        }
        if (start == n) {
            return n; // cannot happen while the load stays at most a half
        }
        int longest = 0;
        int run = 0;
        for (int k = 1; k <= n; k++) {
            int i = (start + k) & (n - 1);
            Object o = t[i >>> CHUNK_SHIFT][i & CHUNK_MASK];
            if (o == null) {
                longest = Math.max(longest, run);
                run = 0;
            } else {
                run++;
            }
        }
        return longest + 1;
    }
}
