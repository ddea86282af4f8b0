package io.goakt.cluster;

/**
 * A member was in the previous view and is not in this one: it left gracefully, or the failure detector suspected
 * it, the suspicion was verified, and the coordinator removed it. Published on the system's event stream.
 *
 * @param member the member that left
 * @param view   the view without it
 */
public record MemberLeft(Member member, ClusterView view) {
}
