package io.goakt.cluster;

/**
 * Two actors held one cluster-unique name (registered on both sides of a partition that healed, or granted twice
 * across an arbiter change) and the merge rule kept one: the entry of the older owner (the member whose registry
 * started first), then the earlier registration. The loser's member stops its actor. Published on the event stream
 * of the winner's member and of the loser's member.
 *
 * @param name   the cluster-unique name
 * @param winner the id of the member whose actor keeps the name
 * @param loser  the id of the member whose actor was stopped
 */
public record NameConflictResolved(String name, String winner, String loser) {
}
