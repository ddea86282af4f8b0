package io.goakt.internal.cluster.registry;

import io.goakt.cluster.Member;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The latest load report of every member: its actor count, its queued messages (the backlog of every mailbox) and
 * the actor kinds it lets others spawn. Members broadcast a report every {@link io.goakt.cluster.ClusterConfig#loadReportInterval()}
 * and right after every view change, so a joining member is known within one round trip. Between two reports of a
 * member, the spawns this member placed on it are added to its load ({@link #placed}), so that a burst of
 * least-loaded spawns does not all land on the member that was least loaded at the last report.
 *
 * <p>Threading: not thread-safe; the owning service guards it with its lock.
 */
final class MemberLoads {

    private record Report(int actors, long backlog, Set<String> kinds, int placedSince) {
    }

    private final Map<String, Report> reports = new HashMap<>();

    void report(String memberId, int actors, long backlog, Collection<String> kinds) {
        reports.put(memberId, new Report(actors, backlog, Set.copyOf(kinds), 0));
    }

    /** Counts one spawn placed on {@code memberId} until its next report. */
    void placed(String memberId) {
        reports.computeIfPresent(memberId, (k, r) -> new Report(r.actors, r.backlog, r.kinds, r.placedSince + 1));
    }

    /** Actors plus backlog plus spawns placed since the report; {@link Long#MAX_VALUE} for a member never heard. */
    long load(Member m) {
        Report r = reports.get(m.id());
        return r == null ? Long.MAX_VALUE : r.actors + r.backlog + r.placedSince;
    }

    boolean hasKind(Member m, String kind) {
        Report r = reports.get(m.id());
        return r != null && r.kinds.contains(kind);
    }

    boolean knows(Member m) {
        return reports.containsKey(m.id());
    }

    /** Forgets the members not among {@code members}. */
    void retain(List<Member> members) {
        Set<String> ids = new java.util.HashSet<>();
        for (Member m : members) {
            ids.add(m.id());
        }
        reports.keySet().retainAll(ids);
    }
}
