package io.goakt.internal.cluster;

import io.goakt.actor.EventStream;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.QuorumRegained;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static io.goakt.internal.cluster.ClusterNode.LOG;

/**
 * Whether this member has quorum, and the {@link QuorumLost} and {@link QuorumRegained} events that say so. Three
 * things decide, all of which must hold:
 * <ul>
 *   <li>the rule ({@link Quorum}) applied to the view and the members verified unreachable;</li>
 *   <li>confirmation: a member that joins trusts its rule only once the oldest member of a view it is in said that
 *       it has quorum (control topic {@link #TOPIC}), since a joiner that reached the side of a partition without
 *       quorum sees only that side. The founder of the cluster needs none; silence while joining counts as a "yes"
 *       (an oldest member of an earlier release says nothing);</li>
 *   <li>no pause ({@link PauseWatch}): after this process stood still longer than the others wait before removing
 *       it, it has no quorum until the next view, or, when none comes within three merge intervals, until the rule
 *       is applied again.</li>
 * </ul>
 *
 * <p>Threading: {@link ClusterNode} calls every method under its view lock, except {@link #awaitWord} (the joining
 * thread, before it takes the lock) and {@link #hasQuorum()} (any thread). The fields those
 * read are volatile, stored under the view lock; the others are touched under the view lock only.
 */
final class QuorumKeeper {

    /** The control topic of the oldest member's word (body: 1 for quorum, 0 for none). */
    static final byte TOPIC = 9;
    /**
     * The control topic of the pause probe: a member that stood still asks the others whether its view is still
     * theirs (body: 0 and the view id); a member whose view it is answers (body: 1 and the view id); one that
     * removed it cannot answer (it sends only to members of its view).
     */
    static final byte PAUSE_PROBE_TOPIC = 14;

    private final ClusterConfig config;
    private final Member self;
    private final EventStream events;
    private final Quorum rule;
    private final PauseWatch pauses;
    private final CountDownLatch wordHeard = new CountDownLatch(1);
    /** The rule's verdict (with the pause); volatile store under the view lock, lock-free volatile loads. */
    private volatile boolean quorate = true;
    /** True once this member trusts its rule; volatile store (false to true, once) under the view lock. */
    private volatile boolean confirmed;
    private boolean toldNo;
    /** True from a published {@link QuorumLost} to the next {@link QuorumRegained}. */
    private boolean reportedLost;
    /** The view in force when this process was found to have stood still; null once a view arrived since. */
    private ClusterView pausedIn;
    /** The members that confirmed {@link #pausedIn} as their view; under the view lock. */
    private final Set<String> pauseConfirmedBy = new java.util.HashSet<>();

    /**
     * @param clock the clock of the scheduler that ticks the pause watch, so that a test's manual scheduler and
     *              the watch agree on time
     */
    QuorumKeeper(ClusterConfig config, Member self, EventStream events, LongSupplier clock) {
        this.config = config;
        this.self = self;
        this.events = events;
        this.rule = new Quorum(config.quorum(), config.minPeers());
        this.pauses = new PauseWatch(config.failureDetection().timeout().plus(config.failureDetection()
                .verifyTimeout()), clock);
    }

    /** Whether this member has quorum now (its membership being up is the caller's to check). */
    boolean hasQuorum() {
        // The pause watch first: paused() stores the verdict before the tick that ends overdue(), so a reader that
        // sees the new tick (volatile load) also sees quorate false; the other order would leave a gap between them.
        return !pauses.overdue() && confirmed && quorate;
    }

    /** The join succeeded: pauses count from now. */
    void joined() {
        pauses.start();
    }

    /** A view was installed: a pause ends, and the founder of the cluster confirms itself. */
    void viewInstalled(ClusterView previous, ClusterView next) {
        pausedIn = null;
        pauseConfirmedBy.clear();
        if (previous == null && next.isSelfOldest()) {
            confirmed = true;
            wordHeard.countDown();
        }
    }

    /** Applies the rule to {@code current} and publishes a change. */
    void judge(ClusterView current, Set<String> unreachable) {
        boolean holds = pausedIn == null && rule.holds(current, unreachable);
        if (holds == quorate) {
            return;
        }
        quorate = holds;
        if (holds) {
            if (confirmed) {
                regained(current, "has quorum again in view " + current.viewId() + " of " + current.size()
                        + " members");
            }
            // an unconfirmed member never reported quorum: QuorumRegained waits for the oldest member's word
        } else if (pausedIn != null) {
            lost(current, 1, "the process of member " + self.id() + " stood still longer than failure-detection "
                    + "timeout + verify-timeout, so the others may have removed it; it waits for their next view");
        } else {
            lost(current, current.size() - unreachable.size(), rule.reason(current, unreachable));
        }
    }

    /** The view {@code v} stayed unchanged, with quorum, for the stable-after time. */
    void stable(ClusterView v) {
        rule.stable(v);
    }

    /** {@code member} announced a graceful leave. */
    void leftGracefully(Member member) {
        rule.leftGracefully(member);
    }

    /** What this member tells the others as the oldest member of {@code next}, or null when it is not. */
    byte[] word(ClusterView next) {
        if (!next.isSelfOldest() || next.size() < 2) {
            return null;
        }
        return new byte[]{(byte) (confirmed && quorate ? 1 : 0)};
    }

    /** The oldest member of a view this member is in said whether it has quorum. */
    void heard(Member from, boolean hasQuorum, ClusterView current) {
        if (!confirmed) {
            if (hasQuorum) {
                confirmed = true;
                if (reportedLost && quorate && current != null) {
                    regained(current, "has quorum, confirmed by " + from.id());
                }
            } else {
                toldNo = true;
            }
        }
        wordHeard.countDown();
    }

    /** Waits (at most {@code timeout}) for the oldest member's word; not under the view lock. */
    void awaitWord(Duration timeout) {
        try {
            wordHeard.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The join ended: silence confirms this member, a "no" is published as {@link QuorumLost}. */
    void joinEnded(ClusterView current, Set<String> unreachable) {
        if (confirmed || current == null) {
            return;
        }
        if (!toldNo) {
            confirmed = true;
            return;
        }
        lost(current, current.size() - unreachable.size(), "member " + self.id() + " joined the side of "
                + current.oldest().id() + ", which has no quorum; it waits for an oldest member with quorum");
    }

    /** Ticks the pause watch; returns the pause when the process just stood still too long, else zero. */
    Duration tick() {
        // A pause is recorded only by paused(), after the verdict: hasQuorum() must not see the tick first.
        Duration pause = pauses.gap();
        return pause.isZero() ? pauses.tick() : pause;
    }

    /** This process stood still: no quorum until the next view, or until {@link #pauseTimedOut}. */
    void paused(ClusterView current, Set<String> unreachable) {
        pausedIn = current;
        pauseConfirmedBy.clear();
        judge(current, unreachable);
        pauses.tick();
    }

    /** Whether this member still waits, after a pause in {@code v}, for a view or the others' word. */
    boolean pausedIn(ClusterView v) {
        return pausedIn != null && pausedIn == v;
    }

    /** The probe this member sends while {@link #pausedIn} {@code v}. */
    static byte[] pauseProbe(ClusterView v) {
        return java.nio.ByteBuffer.allocate(9).put((byte) 0).putLong(v.viewId()).array();
    }

    /**
     * The answer to {@code from}'s pause probe {@code body}, or null when {@code current} is not its view or this
     * member suspects it (and may remove it).
     */
    static byte[] answerPauseProbe(Member from, byte[] body, ClusterView current, Set<String> suspected) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body);
        if (body.length != 9 || b.get() != 0 || current == null || !current.contains(from)
                || suspected.contains(from.id())) {
            return null;
        }
        long viewId = b.getLong();
        return current.viewId() == viewId ? java.nio.ByteBuffer.allocate(9).put((byte) 1).putLong(viewId).array()
                : null;
    }

    /**
     * {@code from} answered the pause probe {@code body}: {@link #pausedIn} is its view too. Once the members that
     * said so make a quorum by the rule (the silent ones counted as unreachable), nobody removed this member (the
     * whole cluster stood still, or the pause was shorter than the others' detection): the rule applies again.
     */
    void pauseConfirmed(Member from, byte[] body, ClusterView current, Set<String> unreachable) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(body);
        if (body.length != 9 || b.get() != 1 || !pausedIn(current) || b.getLong() != current.viewId()) {
            return;
        }
        pauseConfirmedBy.add(from.id());
        Set<String> silent = new java.util.HashSet<>(unreachable);
        current.members().stream().map(Member::id)
                .filter(id -> !id.equals(self.id()) && !pauseConfirmedBy.contains(id)).forEach(silent::add);
        if (rule.holds(current, silent)) {
            pausedIn = null;
            pauseConfirmedBy.clear();
            judge(current, unreachable);
        }
    }

    private void lost(ClusterView current, int reachable, String reason) {
        LOG.warn("cluster {}: member {} lost quorum ({}); it stops its singletons and relocatable actors and "
                + "refuses cluster-unique spawns until quorum returns", config.clusterName(), self.id(), reason);
        reportedLost = true;
        events.publish(new QuorumLost(current, reachable, reason));
    }

    private void regained(ClusterView current, String why) {
        LOG.info("cluster {}: member {} {}", config.clusterName(), self.id(), why);
        reportedLost = false;
        events.publish(new QuorumRegained(current));
    }
}
