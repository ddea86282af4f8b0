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
 * <p>Threading: {@link #get}, {@link #isEmpty}, {@link #size} and {@link #values} may be called by any thread
 * without locking and see a recent state (a slot is published with a release store and read with an acquire
 * load, so a cell found is fully constructed). {@link #putIfAbsent} and {@link #remove} lock this map; they are
 * rare next to lookups, and uncontended except on the guardian.
 */
final class ChildMap {

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final Object TOMBSTONE = new Object();

    private volatile Object[] table;
    private volatile int size;
    private int used; // live + tombstones; under the lock

    ChildMap(int expected) {
        table = new Object[tableSizeFor(Math.max(expected, 2))];
    }

    /** The smallest power of two, at least 4, that holds {@code entries} at a load of at most one half. */
    private static int tableSizeFor(int entries) {
        int n = 4;
        while (n < entries * 2 && n < (1 << 30)) {
            n <<= 1;
        }
        return n;
    }

    private static int indexFor(String name, int mask) {
        int h = name.hashCode();
        h ^= (h >>> 16);
        return h & mask;
    }

    ActorCell get(String name) {
        Object[] t = table;
        int mask = t.length - 1;
        for (int i = indexFor(name, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Object o = SLOTS.getAcquire(t, i);
            if (o == null) {
                return null;
            }
            if (o != TOMBSTONE && ((ActorCell) o).name.equals(name)) {
                return (ActorCell) o;
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
        if ((used + 1) * 2 > table.length) {
            rehash();
        }
        Object[] t = table;
        int mask = t.length - 1;
        for (int i = indexFor(cell.name, mask); ; i = (i + 1) & mask) {
            Object o = t[i];
            if (o == null || o == TOMBSTONE) {
                if (o == null) {
                    used++;
                }
                SLOTS.setRelease(t, i, cell);
                size = size + 1;
                return null;
            }
        }
    }

    /** Removes {@code cell} if it is the child under its name; returns whether it did. */
    synchronized boolean remove(ActorCell cell) {
        Object[] t = table;
        int mask = t.length - 1;
        for (int i = indexFor(cell.name, mask), probes = 0; probes <= mask; i = (i + 1) & mask, probes++) {
            Object o = t[i];
            if (o == null) {
                return false;
            }
            if (o == cell) {
                SLOTS.setRelease(t, i, TOMBSTONE);
                size = size - 1;
                return true;
            }
        }
        return false;
    }

    private void rehash() {
        Object[] old = table;
        int live = size;
        Object[] t = new Object[tableSizeFor(live + 1)];
        int mask = t.length - 1;
        for (Object o : old) {
            if (o != null && o != TOMBSTONE) {
                int i = indexFor(((ActorCell) o).name, mask);
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = o;
            }
        }
        used = live;
        table = t; // volatile write publishes the filled table
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** A snapshot of the children; weakly consistent under concurrent change. */
    List<ActorCell> values() {
        Object[] t = table;
        List<ActorCell> out = new ArrayList<>(Math.max(size, 0));
        for (int i = 0; i < t.length; i++) {
            Object o = SLOTS.getAcquire(t, i);
            if (o != null && o != TOMBSTONE) {
                out.add((ActorCell) o);
            }
        }
        return out;
    }
}
