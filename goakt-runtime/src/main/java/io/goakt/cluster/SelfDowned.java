package io.goakt.cluster;

/**
 * This member was downed: an operator called {@link Cluster#down} on another member, naming this one. The others
 * removed it from their view at once and refuse it from now on, so it cannot merge back even when it was cut off
 * when they downed it. Published on the system's event stream of the downed member only, after the
 * {@link MemberLeft} events for the members it no longer sees and the {@link ClusterViewChanged} to its view of
 * itself alone; by then {@link Cluster#isUp()} is false and the member is leaving its control plane.
 *
 * <p>The membership stays down: a later {@link Cluster#start} does not join again. What a downed member should
 * do is the application's decision; usually it shuts its actor system down and the process restarts, and the new
 * process joins as a new member.
 *
 * @param member this member
 * @param view   this member's view after the downing: itself alone
 */
public record SelfDowned(Member member, ClusterView view) {
}
