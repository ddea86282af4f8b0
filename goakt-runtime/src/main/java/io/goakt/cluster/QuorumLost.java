package io.goakt.cluster;

/**
 * This member's side of the cluster lost quorum by the configured {@link QuorumRule}: members became unreachable or
 * left, and those that remain are too few. Published on the system's event stream of the member, at once when it
 * sees the members it still reaches fail the rule (not waiting for the view without them). From then on
 * {@link Cluster#hasQuorum()} is false: the member stops its singletons and relocatable actors, refuses
 * cluster-unique spawns and grain activations, and reports itself out of service, until {@link QuorumRegained}.
 *
 * @param view      the view in force when quorum was lost
 * @param reachable how many members of that view this member still reaches, itself included
 * @param reason    why, in words, for logs and operators
 */
public record QuorumLost(ClusterView view, int reachable, String reason) {
}
