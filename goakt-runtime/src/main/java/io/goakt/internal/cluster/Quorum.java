package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumRule;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The quorum rule of one member: whether the members it reaches may run cluster-wide services.
 *
 * <h2>The approach</h2>
 * The rule looks at the members of the current view that are not unreachable. {@link QuorumRule#STATIC_QUORUM}
 * counts them against {@code minPeers}. {@link QuorumRule#KEEP_MAJORITY} counts them against the members of the
 * last stable view plus those that joined since (a member that left gracefully is taken out at once, so a graceful
 * leave never costs quorum); on an even split the side with the last stable view's oldest member wins. Until the
 * first view is stable, the first view counts as the stable one.
 *
 * <p>Threading: not thread-safe; {@link ClusterNode} calls it under its view lock only.
 */
final class Quorum {

    private final QuorumRule rule;
    private final int minPeers;
    /** The members of the last stable view, oldest first, less those that left gracefully; empty before a view. */
    private final Set<Member> baseline = new LinkedHashSet<>();
    private Member baselineOldest;
    /** Members that announced a graceful leave and are still in the view; they never join the baseline again. */
    private final Set<Member> leaving = new java.util.HashSet<>();

    Quorum(QuorumRule rule, int minPeers) {
        this.rule = rule;
        this.minPeers = minPeers;
    }

    /** True when the members of {@code view} not in {@code unreachable} (ids) satisfy the rule. */
    boolean holds(ClusterView view, Set<String> unreachable) {
        if (baseline.isEmpty()) {
            stable(view);
        }
        int reachable = reachable(view, unreachable);
        if (rule == QuorumRule.STATIC_QUORUM) {
            return reachable >= minPeers;
        }
        Set<Member> counted = new LinkedHashSet<>(baseline);
        counted.addAll(view.members());
        if (2 * reachable != counted.size()) {
            return 2 * reachable > counted.size();
        }
        return baselineOldest != null && view.contains(baselineOldest) && !unreachable.contains(baselineOldest.id());
    }

    /** Why {@link #holds} is false, in words. */
    String reason(ClusterView view, Set<String> unreachable) {
        int reachable = reachable(view, unreachable);
        if (rule == QuorumRule.STATIC_QUORUM) {
            return "static-quorum: " + reachable + " reachable members, fewer than min-peers " + minPeers;
        }
        Set<Member> counted = new LinkedHashSet<>(baseline);
        counted.addAll(view.members());
        return "keep-majority: " + reachable + " of " + counted.size() + " members of the last stable view are "
                + "reachable" + (2 * reachable == counted.size() ? ", an even split without the oldest member "
                + (baselineOldest != null ? baselineOldest.id() : "?") : ", not more than half");
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
    }

    /** {@code member} announced a graceful leave: it no longer counts. */
    void leftGracefully(Member member) {
        leaving.add(member);
        baseline.remove(member);
        if (member.equals(baselineOldest)) {
            baselineOldest = baseline.isEmpty() ? null : baseline.iterator().next();
        }
    }

    /** The members of the last stable view, oldest first. */
    List<Member> baseline() {
        return List.copyOf(baseline);
    }

    private static int reachable(ClusterView view, Set<String> unreachable) {
        int n = 0;
        for (Member m : view.members()) {
            if (!unreachable.contains(m.id())) {
                n++;
            }
        }
        return n;
    }
}
