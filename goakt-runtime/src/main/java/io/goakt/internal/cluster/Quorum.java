package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumRule;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The quorum rule of one member: whether the members it reaches may run cluster-wide services.
 *
 * <h2>The approach</h2>
 * The rule looks at the members of the current view that are not unreachable. {@link QuorumRule#STATIC_QUORUM}
 * counts them against {@code minPeers}. {@link QuorumRule#KEEP_MAJORITY} counts them against the members of the
 * last stable view plus every member seen in a view since (a member that left gracefully is taken out at once, so a
 * graceful leave never costs quorum); on an even split the side with the last stable view's oldest member wins.
 * Until the first view is stable, the first view counts as the stable one.
 *
 * <h2>Why members seen since the stable view keep counting</h2>
 * Members that joined after the last stable view and then vanished with a partition still count against this side:
 * counting only the current view would let a side that lost them shrink its denominator and declare itself the
 * majority, while the other side, which holds them, is the majority too.
 *
 * <h2>Why members that join a side without quorum do not count for it</h2>
 * During a partition, a member can join the side without quorum (its discovery found that side first). Counting it
 * would let that side grow back to a majority of its own denominator, or win an even split, while the other side
 * still holds a majority of the stable view. Members first seen while this member lacked quorum therefore count
 * against it but not for it, until a view is stable again (which needs quorum, so in practice until the partition
 * heals and the views merge).
 *
 * <p>Threading: not thread-safe; {@link ClusterNode} calls it under its view lock only.
 */
final class Quorum {

    private final QuorumRule rule;
    private final int minPeers;
    /** The members of the last stable view, oldest first, less those that left gracefully; empty before a view. */
    private final Set<Member> baseline = new LinkedHashSet<>();
    private Member baselineOldest;
    /** Every member of a view judged since the last stable view, less those that left gracefully. */
    private final Set<Member> seen = new LinkedHashSet<>();
    /** Members first seen while this member lacked quorum: they count against it, never for it. */
    private final Set<Member> joinedWithoutQuorum = new HashSet<>();
    /** Members that announced a graceful leave and are still in the view; they never join the baseline again. */
    private final Set<Member> leaving = new HashSet<>();
    /** The last verdict of {@link #holds}. */
    private boolean holding = true;

    Quorum(QuorumRule rule, int minPeers) {
        this.rule = rule;
        this.minPeers = minPeers;
    }

    /** True when the members of {@code view} not in {@code unreachable} (ids) satisfy the rule. */
    boolean holds(ClusterView view, Set<String> unreachable) {
        if (baseline.isEmpty()) {
            stable(view);
        }
        for (Member m : view.members()) {
            if (!leaving.contains(m) && seen.add(m) && !holding) {
                joinedWithoutQuorum.add(m);
            }
        }
        holding = verdict(view, unreachable);
        return holding;
    }

    private boolean verdict(ClusterView view, Set<String> unreachable) {
        if (rule == QuorumRule.STATIC_QUORUM) {
            return reachable(view, unreachable, Set.of()) >= minPeers;
        }
        int reachable = reachable(view, unreachable, joinedWithoutQuorum);
        int counted = seen.size();
        if (2 * reachable != counted) {
            return 2 * reachable > counted;
        }
        return baselineOldest != null && view.contains(baselineOldest) && !unreachable.contains(baselineOldest.id());
    }

    /** Why {@link #holds} is false, in words. */
    String reason(ClusterView view, Set<String> unreachable) {
        if (rule == QuorumRule.STATIC_QUORUM) {
            return "static-quorum: " + reachable(view, unreachable, Set.of())
                    + " reachable members, fewer than min-peers " + minPeers;
        }
        int reachable = reachable(view, unreachable, joinedWithoutQuorum);
        int counted = seen.size();
        return "keep-majority: " + reachable + " of " + counted + " members of the last stable view (and those "
                + "seen since) are reachable" + (2 * reachable == counted
                ? ", an even split without the oldest member " + (baselineOldest != null ? baselineOldest.id() : "?")
                : ", not more than half");
    }

    /** {@code view} stayed unchanged, with quorum, for the stable-after time: it becomes the last stable view. */
    void stable(ClusterView view) {
        leaving.retainAll(view.members());
        baseline.clear();
        for (Member m : view.members()) {
            if (!leaving.contains(m)) {
                baseline.add(m);
            }
        }
        baselineOldest = baseline.isEmpty() ? null : baseline.iterator().next();
        seen.clear();
        seen.addAll(baseline);
        joinedWithoutQuorum.clear();
    }

    /** {@code member} announced a graceful leave: it no longer counts. */
    void leftGracefully(Member member) {
        leaving.add(member);
        baseline.remove(member);
        seen.remove(member);
        joinedWithoutQuorum.remove(member);
        if (member.equals(baselineOldest)) {
            baselineOldest = baseline.isEmpty() ? null : baseline.iterator().next();
        }
    }

    /** The members of the last stable view, oldest first. */
    List<Member> baseline() {
        return List.copyOf(baseline);
    }

    private static int reachable(ClusterView view, Set<String> unreachable, Set<Member> excluded) {
        int n = 0;
        for (Member m : view.members()) {
            if (!unreachable.contains(m.id()) && !excluded.contains(m)) {
                n++;
            }
        }
        return n;
    }
}
