package io.goakt.internal.cluster.grain;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.internal.cluster.registry.Partitions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.IntPredicate;

/**
 * Which grain partitions this member serves: the gate that keeps every grain identity active on at most one member
 * of the cluster, also while the view changes.
 *
 * <h2>The problem</h2>
 * Every member computes the owner of each partition from its own view ({@link Partitions}, rendezvous hashing), and
 * views reach members at slightly different moments. A member that just lost a partition may still be running its
 * grains, or still be receiving messages for them from members whose view is older, while the new owner already
 * receives messages for them. A member that crashed, or sits on the other side of a network partition, cannot say
 * anything at all.
 *
 * <h2>The approach</h2>
 * A member serves a partition only while its gate is <em>open</em>, and opens it only when it owns the partition in
 * its current view and nobody else can be serving it:
 * <ul>
 *   <li>On each view it closes the gates of the partitions it no longer owns, deactivates their grains (each
 *       activation handles what it was sent first, so nothing is lost) and then tells every member "released up to
 *       view v": it serves nothing outside its partitions of view {@code v}. A leaving member closes every gate
 *       and says "released everything".</li>
 *   <li>It opens a partition it owns in view {@code v} once every other member of {@code v} has said "released up to
 *       {@code v}" (or later). A member that left gracefully said "released everything" first.</li>
 *   <li>When members vanished from the view without saying "released everything" (a crash, a partition), or this
 *       member has no history (its first view, or after it lost quorum), it also waits for a stable view
 *       ({@code ClusterHooks.onStableView}) at least as new as {@code v}: the side that lost quorum closed every
 *       gate as soon as it suspected the others (on {@code QuorumLost}), and a view becomes stable only
 *       {@code stableAfter} after it changed, so the two sides never serve one partition at once.</li>
 *   <li>On {@code QuorumLost} it closes every gate, and opens none until a stable view brings quorum back.</li>
 * </ul>
 * Messages that reach a closed gate are retried (see {@code ClusterGrainService}).
 *
 * <h2>Concurrency</h2>
 * The send path calls {@link #deliverIfOpen} on any thread: it holds the partition's read lock while it checks the
 * gate and hands the message to the local registry, so a gate that closes (under the write lock) waits for the sends
 * already past it, and no send passes it later. {@link #isOpen} is a volatile load of the same state for the local
 * registry's entries (which must not take the lock under their monitor); it pairs with the volatile store in
 * {@link #setOpen}, made under the write lock. Everything else (views, releases, stable views, quorum) is called by
 * the service's one control thread only and guarded by this object's monitor.
 */
final class PartitionDirectory {

    /** "Released everything": the value a leaving member sends. */
    static final long EVERYTHING = Long.MAX_VALUE;

    private final int count;
    private final Member self;
    private final ReentrantReadWriteLock[] locks;
    /** 1 while open; written under the partition's write lock (volatile store), read by volatile loads. */
    private final AtomicIntegerArray open;

    // ---- guarded by this
    private ClusterView view;
    /** The highest view each member said it released up to. */
    private final Map<String, Long> released = new HashMap<>();
    /** The view id a stable view must reach before gained partitions open, or -1 when none is needed. */
    private long stableNeeded;
    private long stableSeen = -1;
    private boolean quorate = true;
    private boolean leaving;

    PartitionDirectory(int count, Member self) {
        this.count = count;
        this.self = self;
        this.locks = new ReentrantReadWriteLock[count];
        for (int p = 0; p < count; p++) {
            locks[p] = new ReentrantReadWriteLock();
        }
        this.open = new AtomicIntegerArray(count);
        this.stableNeeded = 0; // no history yet: the first view waits for a stable view
    }

    // =================================================================== send path (any thread)

    /** Runs {@code deliver} while the gate of {@code partition} is open; false (and nothing run) when closed. */
    boolean deliverIfOpen(int partition, Runnable deliver) {
        ReentrantReadWriteLock.ReadLock lock = locks[partition].readLock();
        lock.lock();
        try {
            if (open.get(partition) == 0) {
                return false;
            }
            deliver.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The gate of {@code partition} now (a volatile load; see the class comment). */
    boolean isOpen(int partition) {
        return open.get(partition) != 0;
    }

    /** The number of open partitions. */
    int openCount() {
        int n = 0;
        for (int p = 0; p < count; p++) {
            n += open.get(p);
        }
        return n;
    }

    private void setOpen(int partition, boolean value) {
        ReentrantReadWriteLock.WriteLock lock = locks[partition].writeLock();
        lock.lock();
        try {
            open.set(partition, value ? 1 : 0); // volatile store: pairs with isOpen's load
        } finally {
            lock.unlock();
        }
    }

    // =================================================================== control thread

    /**
     * Installs {@code next}: closes the gates of the partitions this member does not own in it and returns them
     * (their grains must be deactivated, then the release announced).
     */
    synchronized IntPredicate onView(ClusterView next) {
        ClusterView previous = view;
        view = next;
        if (previous == null) {
            stableNeeded = next.viewId();
        } else {
            for (Member m : previous.members()) {
                if (!next.contains(m) && released.getOrDefault(m.id(), -1L) != EVERYTHING) {
                    stableNeeded = Math.max(stableNeeded, next.viewId());
                }
            }
        }
        if (previous != null) {
            // Only members that left are forgotten: a joiner's release may come before this view.
            previous.members().stream().filter(m -> !next.contains(m)).forEach(m -> released.remove(m.id()));
        }
        List<Member> members = next.members();
        boolean[] closed = new boolean[count];
        for (int p = 0; p < count; p++) {
            if (isOpen(p) && (leaving || !Partitions.ownerOf(p, members).equals(self))) {
                setOpen(p, false);
                closed[p] = true;
            }
        }
        return p -> closed[p];
    }

    /** {@code member} released everything outside its partitions up to {@code viewId}. */
    synchronized void onReleased(String member, long viewId) {
        released.merge(member, viewId, Math::max);
    }

    synchronized void onStable(ClusterView stable) {
        stableSeen = Math.max(stableSeen, stable.viewId());
    }

    /** Quorum lost: closes every gate and returns them all. */
    synchronized IntPredicate onQuorumLost() {
        quorate = false;
        return closeAll();
    }

    /** Quorum is back: gates may open again after the next stable view. */
    synchronized void onQuorumRegained(ClusterView current) {
        quorate = true;
        stableNeeded = Math.max(stableNeeded, current.viewId());
    }

    /** This member leaves: closes every gate for good and returns them all. */
    synchronized IntPredicate onLeave() {
        leaving = true;
        return closeAll();
    }

    private IntPredicate closeAll() {
        stableNeeded = Math.max(stableNeeded, view != null ? view.viewId() : 0);
        for (int p = 0; p < count; p++) {
            if (isOpen(p)) {
                setOpen(p, false);
            }
        }
        return p -> true;
    }

    /**
     * Opens every partition this member owns in the current view whose gate is closed, when the rules of the class
     * comment allow; returns how many it opened.
     */
    synchronized int tryOpen() {
        if (view == null || !quorate || leaving || stableSeen < stableNeeded) {
            return 0;
        }
        for (Member m : view.members()) {
            if (!m.equals(self) && released.getOrDefault(m.id(), -1L) < view.viewId()) {
                return 0;
            }
        }
        int opened = 0;
        List<Member> members = view.members();
        for (int p = 0; p < count; p++) {
            if (!isOpen(p) && Partitions.ownerOf(p, members).equals(self)) {
                setOpen(p, true);
                opened++;
            }
        }
        return opened;
    }

    /** Why gained partitions are not open yet, for logs; empty when nothing holds them. */
    synchronized String waitingFor() {
        if (view == null) {
            return "no view yet";
        }
        if (!quorate) {
            return "quorum";
        }
        if (leaving) {
            return "nothing (leaving)";
        }
        List<String> missing = new ArrayList<>();
        for (Member m : view.members()) {
            if (!m.equals(self) && released.getOrDefault(m.id(), -1L) < view.viewId()) {
                missing.add(m.id());
            }
        }
        String stable = stableSeen < stableNeeded ? "a stable view >= " + stableNeeded : "";
        return missing.isEmpty() ? stable : "releases of " + missing + (stable.isEmpty() ? "" : " and " + stable);
    }
}
