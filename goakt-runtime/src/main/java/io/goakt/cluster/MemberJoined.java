package io.goakt.cluster;

/**
 * A member is in the view and was not in the previous one this member installed. The first view a member installs
 * gives one for every member in it, itself included. Published on the system's event stream.
 *
 * @param member the member that joined
 * @param view   the view it joined in
 */
public record MemberJoined(Member member, ClusterView view) {
}
