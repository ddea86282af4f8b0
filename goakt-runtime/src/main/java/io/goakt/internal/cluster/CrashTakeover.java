package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import static io.goakt.internal.cluster.ClusterNode.LOG;

/**
 * Decides whether a view may be confirmed stable after a short margin instead of the whole
 * {@link ClusterConfig#stableAfter()}: when every member that left since the last confirmed stable view is known
 * dead (its process crashed) or announced a graceful leave, and none joined.
 *
 * <h2>The problem</h2>
 * The stable wait exists for partitions: a side without quorum needs up to {@code stableAfter} to see the other side
 * unreachable and stop what it runs, and the side with quorum must not take over before. A crashed process stops
 * nothing because it runs nothing, so making its successors wait that long only delays the take-over.
 *
 * <h2>The approach</h2>
 * The member whose failure-detection connection to a neighbour closed ({@link SocketWitness}) tells every member on
 * control topic {@link #TOPIC} (body: the neighbour's member id, UTF-8). A member records the report while the
 * neighbour is in its view; a later view that still holds the neighbour drops the record (the neighbour answered its
 * verification), so does its age: it counts only when the neighbour left within the failure detection's timeout of
 * the report. A removal that follows a cut comes at least that timeout after the cut (the heartbeat timeout), so a
 * report from before a cut never vouches for it. Members that did not hear a report wait the full time, which is
 * safe. A view that added members is never fast: members joining can move ownership from live members.
 *
 * <p>The assumption: a network cut closes no connection. Where it can (a firewall rejecting with resets),
 * {@link ClusterConfig#fastCrashTakeover()} turns this off.
 *
 * <p>Threading: not thread-safe; {@link ClusterNode} calls every method under its view lock, except the counters
 * (volatile loads; volatile stores under the view lock).
 */
final class CrashTakeover {

    /** The control topic of closed-socket reports (body: the member id of the watched member, UTF-8). */
    static final byte TOPIC = 10;
    /** The margin after which a view whose departures are all accounted for is confirmed stable. */
    static final Duration MARGIN = Duration.ofMillis(500);

    private final String clusterName;
    private final Member self;
    private final boolean enabled;
    private final Duration margin;
    private final Duration stableAfter;
    private final long validNanos;
    private final LongSupplier clock;
    /** Member id to the time its closed socket was reported. */
    private final Map<String, Long> closedSockets = new HashMap<>();
    /** Member id to the time it left the view, for members that left since the last confirmed stable view. */
    private final Map<String, Long> departed = new HashMap<>();
    /** Ids of members that announced a graceful leave and have not been accounted for by a confirmed view. */
    private final Set<String> graceful = new HashSet<>();
    /** True when a member joined since the last confirmed stable view (the first view counts as a join). */
    private boolean joinedSince = true;
    private volatile long fastConfirmations;
    private volatile long fullConfirmations;

    CrashTakeover(ClusterConfig config, Member self, LongSupplier clock) {
        this.clusterName = config.clusterName();
        this.self = self;
        this.enabled = config.fastCrashTakeover();
        this.stableAfter = config.stableAfter();
        this.margin = MARGIN.compareTo(stableAfter) < 0 ? MARGIN : stableAfter;
        this.validNanos = config.failureDetection().timeout().toNanos();
        this.clock = clock;
    }

    /** The margin of the short path: {@link #MARGIN}, or {@code stableAfter} when that is shorter (no short path). */
    Duration margin() {
        return margin;
    }

    /** A view was installed: {@code left} and {@code joined} are its differences from the previous one. */
    void viewInstalled(ClusterView next, List<Member> left, List<Member> joined) {
        long now = clock.getAsLong();
        if (!joined.isEmpty()) {
            joinedSince = true;
        }
        for (Member m : left) {
            departed.put(m.id(), now);
        }
        closedSockets.keySet().removeIf(id -> next.members().stream().anyMatch(m -> m.id().equals(id)));
    }

    /** Whether the short path may apply to the current view; the departures are checked again at the margin. */
    boolean mayBeFast() {
        return enabled && !joinedSince && !departed.isEmpty() && margin.compareTo(stableAfter) < 0;
    }

    /** Whether every member that left since the last confirmed stable view crashed or left gracefully. */
    boolean accountedFor() {
        if (!mayBeFast()) {
            return false;
        }
        for (Map.Entry<String, Long> d : departed.entrySet()) {
            if (graceful.contains(d.getKey())) {
                continue;
            }
            Long reported = closedSockets.get(d.getKey());
            if (reported == null || d.getValue() - reported > validNanos) {
                return false;
            }
        }
        return true;
    }

    /** A neighbour's connection closed, seen here or reported by {@code body}; records it if {@code current} holds it. */
    void reported(String memberId, ClusterView current) {
        boolean inView = current != null && current.members().stream().anyMatch(m -> m.id().equals(memberId));
        if (inView || departed.containsKey(memberId)) {
            closedSockets.putIfAbsent(memberId, clock.getAsLong());
        }
    }

    /** {@code member} announced a graceful leave. */
    void leftGracefully(Member member) {
        graceful.add(member.id());
    }

    /** The current view {@code v} was confirmed stable, by the short path when {@code fast}. */
    void confirmed(ClusterView v, boolean fast) {
        if (fast) {
            LOG.info("cluster {}: member {} confirmed view {} stable after {} ms: members {} crashed or left "
                    + "gracefully", clusterName, self.id(), v.viewId(), margin.toMillis(), departed.keySet());
        }
        for (String id : departed.keySet()) {
            graceful.remove(id);
            closedSockets.remove(id);
        }
        departed.clear();
        joinedSince = false;
        if (fast) {
            fastConfirmations++;
        } else {
            fullConfirmations++;
        }
    }

    /** How many views were confirmed stable by the short path. */
    long fastConfirmations() {
        return fastConfirmations;
    }

    /** How many views were confirmed stable after the whole stable-after time. */
    long fullConfirmations() {
        return fullConfirmations;
    }

    static byte[] encode(String memberId) {
        return memberId.getBytes(StandardCharsets.UTF_8);
    }

    static String decode(byte[] body) {
        return new String(body, StandardCharsets.UTF_8);
    }
}
