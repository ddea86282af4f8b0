package io.goakt.cluster;

/**
 * Whether a cluster-unique actor spawned by kind ({@link ClusterActors#spawn(String, String, Placement, Relocation)})
 * outlives its member.
 */
public enum Relocation {
    /** The actor lives and dies with its member: when the member goes, the name is free again. */
    PINNED,
    /**
     * When the actor's member crashes, leaves, shuts down or loses quorum, a remaining member spawns the kind again
     * under the same name, exactly once cluster-wide, placed as the first time ({@link Placement#local()} becomes
     * {@link Placement#leastLoaded()} in the same role). The old actor has stopped before the new one starts. State
     * is not carried over: the actor reloads it in {@code preStart} from the application's store.
     */
    RELOCATABLE
}
