package io.goakt.cluster;

/**
 * This member's side of the cluster has quorum again after a {@link QuorumLost}, usually because a partition healed
 * and the views merged. Published on the system's event stream of the member; from then on
 * {@link Cluster#hasQuorum()} is true.
 *
 * @param view the view that has quorum
 */
public record QuorumRegained(ClusterView view) {
}
