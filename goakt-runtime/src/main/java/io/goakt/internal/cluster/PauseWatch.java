package io.goakt.internal.cluster;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Notices that this member's process stood still (SIGSTOP, a long garbage collection, a frozen virtual machine) for
 * longer than the other members wait before they remove a silent member.
 *
 * <h2>Why</h2>
 * A frozen member sees nothing while frozen, and when it runs again its failure detector need not suspect anyone:
 * the others' heartbeats arrive at once. So it would go on believing it has quorum until the merge that brings it
 * back, while the others removed it and, after {@code stableAfter}, took over what it runs. A member that finds it
 * did not run for longer than {@code timeout + verify-timeout} (the least time the others need to remove it) must
 * assume it was removed: {@link ClusterNode} then reports {@code QuorumLost} and waits for the next view.
 *
 * <h2>How</h2>
 * {@link ClusterNode} calls {@link #tick()} every heartbeat interval on the scheduler; a gap between two ticks longer
 * than the threshold is a pause. Between ticks, {@link #overdue()} tells whether the last tick is older than the
 * threshold: right after a thaw, before the first tick has run, {@code Cluster.hasQuorum()} is already false.
 *
 * <p>Threading: {@link #start()} runs once, on the joining thread, before the first {@link #tick()}, which runs on
 * the scheduler thread only; {@link #overdue()} on any thread. The last tick
 * time is a volatile store in {@link #tick()} and a volatile load in both.
 */
final class PauseWatch {

    private final long thresholdNanos;
    private final LongSupplier nanoTime;
    /** The time of the last tick; volatile store in {@link #start} and {@link #tick}, volatile loads anywhere. */
    private volatile long lastTick;
    /** False until {@link #start}: a member that is still joining has not stood still. Volatile, like the above. */
    private volatile boolean started;

    PauseWatch(Duration threshold, LongSupplier nanoTime) {
        this.thresholdNanos = threshold.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Starts watching: the first tick is measured from now. */
    void start() {
        lastTick = nanoTime.getAsLong();
        started = true;
    }

    /** Records a tick; returns the time since the previous one when it exceeds the threshold (a pause), else zero. */
    Duration tick() {
        long now = nanoTime.getAsLong();
        long gap = now - lastTick;
        lastTick = now;
        return gap > thresholdNanos ? Duration.ofNanos(gap) : Duration.ZERO;
    }

    /**
     * The time since the last tick when it exceeds the threshold (a pause), else zero; unlike {@link #tick()} it
     * records nothing, so {@link #overdue()} stays true until the caller has acted on the pause and ticks.
     */
    Duration gap() {
        long gap = nanoTime.getAsLong() - lastTick;
        return gap > thresholdNanos ? Duration.ofNanos(gap) : Duration.ZERO;
    }

    /** True when no tick ran for longer than the threshold: this process may have just been thawed. */
    boolean overdue() {
        return started && nanoTime.getAsLong() - lastTick > thresholdNanos;
    }
}
