package io.goakt.cluster;

/**
 * This member's failure detector suspected a member, verified the suspicion (it did not answer within
 * {@link FailureDetection#verifyTimeout()}), and the member is still in this member's view: a {@link MemberLeft}
 * normally follows once the coordinator removes it. Published on the event stream of each member whose own
 * detector verified the suspicion, at most once per member and view.
 *
 * @param member the suspected member
 * @param view   the view it is still in
 */
public record MemberUnreachable(Member member, ClusterView view) {
}
