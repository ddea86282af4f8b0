package io.goakt.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainRegistry;
import io.goakt.internal.cluster.grain.ClusterGrainService;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The grains of a cluster member. Once {@link Cluster#start} ran, the system's grain registry ({@code Grains.of})
 * places each grain identity on one member, so that a {@link io.goakt.grain.GrainRef} reaches the same single
 * activation from every member; code written against {@link GrainRegistry} and {@code GrainRef} does not change.
 * This interface is that registry (its methods are {@code Grains.of}'s) with what only a cluster has.
 *
 * <h2>Placement</h2>
 * An identity falls into one of {@link ClusterConfig#partitionCount()} partitions by a hash of {@code kind/id}, and
 * each partition is owned by one member of the view by rendezvous hashing, so a member that joins or leaves moves
 * about {@code 1/n} of the partitions. The owner activates the grain on its first message, as a local registry
 * would. Register every kind on every member (the same code on each): a member that owns an identity of a kind it
 * does not know refuses its messages.
 *
 * <h2>At most one activation</h2>
 * A member serves a partition only once no other member can be serving it: on a view change the old owner
 * deactivates the partition's grains (each finishes what it was sent) and says so before the new owner activates
 * any; the partitions of a member that crashed or was cut off move only after a stable view
 * ({@link ClusterConfig#stableAfter()}), while the member that lost quorum deactivates all its grains at once
 * ({@link QuorumLost}) and serves none until quorum is back. Messages sent meanwhile are retried, for
 * {@link ClusterConfig#handoverTimeout()} plus four times {@link ClusterConfig#stableAfter()} (at least ten
 * seconds), then fail ({@link io.goakt.grain.GrainUnavailableException} for an ask, a dead letter for a tell).
 * Grains reactivate at their new owner on their next message; state they need across owners belongs in storage.
 * Messages between members are at most once: those on their way to a member that crashes are lost.
 *
 * <h2>What the registry methods mean here</h2>
 * {@link #register} and {@link #kinds} are this member's kinds. {@link #activeGrains}, {@link #isActive} and
 * {@link #deactivate} are about the activations on this member; {@link #activeByKindPerMember} counts them on every
 * member. Activations made before the cluster started are deactivated when it starts. A graceful
 * {@link Cluster#leave} hands every grain over before the member leaves; at system shutdown the
 * grains stop with the other actors first.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ClusterGrains extends GrainRegistry {

    /** The cluster grains of {@code system}, if it is a cluster member. */
    static Optional<ClusterGrains> of(ActorSystem system) {
        return ClusterGrainService.of(system);
    }

    /**
     * Makes the grains of {@code cluster}'s system cluster-wide, or returns those already installed;
     * {@link Cluster#start} calls it.
     *
     * @throws IllegalStateException when the system has a grain registry of its own, not the runtime's
     */
    static ClusterGrains start(Cluster cluster) {
        return ClusterGrainService.install(cluster);
    }

    /** The number of activations (running or starting) on this member, by kind. */
    Map<String, Integer> activeByKind();

    /** The partitions this member owns in its current view. */
    int ownedPartitions();

    /** The partitions this member serves now (owned, handed over to it, and with quorum). */
    int servedPartitions();

    /**
     * The activations on every member of the current view, by member id and kind, as each member answers on the
     * control plane; a member that does not answer within {@code timeout} is left out.
     */
    CompletionStage<Map<String, Map<String, Integer>>> activeByKindPerMember(Duration timeout);

    /** The membership these grains belong to. */
    Cluster cluster();
}
