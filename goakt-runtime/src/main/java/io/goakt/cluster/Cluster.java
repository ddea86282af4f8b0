package io.goakt.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.internal.cluster.ClusterNode;
import io.goakt.internal.cluster.pubsub.ClusterTopicRegistry;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * An actor system's membership in a cluster: who the members are, where their remoting listens, and events when
 * that changes. One per actor system, as an extension: start it with {@link #start}; it leaves the cluster when the
 * system shuts down, after every actor stopped and before remoting closes.
 *
 * <p>Membership, failure detection and discovery run on JGroups (the control plane); actor messages between
 * members travel over the system's {@link io.goakt.remote.Remoting} (the data plane), which {@code start} turns on
 * when the system has none yet. Delivery between members is at most once: a message to a member that crashes or
 * is cut off may be lost, and nothing resends it.
 *
 * <p>Events go on the system's event stream: {@link MemberJoined}, {@link MemberLeft}, {@link MemberUnreachable}
 * and {@link ClusterViewChanged}; a member that was {@linkplain #down downed} publishes {@link SelfDowned}. The events of the first view are published while {@code start} runs, so subscribe
 * before starting to see them.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface Cluster extends AutoCloseable {

    /**
     * Makes {@code system} a member of the cluster that {@code config} names, or returns the membership already
     * started, whose config stays in force. Starts the system's remoting from {@link ClusterConfig#remoting()}
     * unless it runs already. Returns once this member has joined the cluster, or, when discovery finds no member
     * within {@link ClusterConfig#joinTimeout()}, formed a cluster of its own that later members join and that
     * merges with any other partition it finds.
     *
     * <p>The membership is the system's extension from the first call on, also while it joins and after a failed
     * join (then {@link #isUp()} is false); a later {@code start} tries the join again with the first config.
     *
     * <p>Every member also answers for the cluster's named actors ({@link ClusterActors}), singletons
     * ({@link ClusterSingletons}) and cron schedules ({@link ClusterCron}) from then on.
     *
     * <p>From then on the system's topics ({@code PubSub.topics(system)}) span the cluster: a publish on any member
     * reaches the subscribers on every member. A system whose topic registry was created before this call keeps
     * topics that are local to it, so the call refuses it.
     *
     * @throws ClusterJoinException     when the members refuse this one or the control plane cannot start
     * @throws IllegalArgumentException when {@code system} was not made by {@link ActorSystem#create}
     * @throws IllegalStateException    when {@code PubSub.topics(system)} was called before
     */
    static Cluster start(ActorSystem system, ClusterConfig config) {
        Objects.requireNonNull(config, "config");
        ClusterTopicRegistry.requireNoLocalRegistry(system);
        Cluster cluster = ClusterNode.start(system, config);
        // Every member arbitrates and replicates cluster-unique names from its start.
        ClusterActors.of(system);
        // Grains placed cluster-wide: the system's grain registry from here on.
        ClusterGrains.start(cluster);
        // Every member answers the others' singleton probes from its start.
        ClusterSingletons.of(system);
        // Every member keeps the cluster-wide cron schedules and may run the singleton that fires them.
        ClusterCron.of(system);
        // Topics span the cluster: PubSub.topics(system) returns the clustered registry from here on.
        ClusterTopicRegistry.install(cluster);
        return cluster;
    }

    /** The cluster membership of {@code system}, if started. */
    static Optional<Cluster> of(ActorSystem system) {
        return system.extension(Cluster.class);
    }

    /** The system this membership belongs to. */
    ActorSystem system();

    /** The settings. */
    ClusterConfig config();

    /** This member. */
    Member self();

    /** The latest view this member installed; after {@link #leave}, the last one before it. */
    ClusterView view();

    /** True from the join until {@link #leave} or {@link #close}. */
    boolean isUp();

    /** True when this member is up and its view has at least {@link ClusterConfig#minPeers()} members. */
    boolean hasMinPeers();

    /**
     * True when this member is up and the members it reaches satisfy {@link ClusterConfig#quorum()}: only then does
     * it run singletons and relocatable actors, accept cluster-unique spawns and activate grains. Turns false as soon
     * as this member sees too many members unreachable ({@link QuorumLost}), and true again when a view brings quorum
     * back ({@link QuorumRegained}).
     */
    boolean hasQuorum();

    /**
     * Leaves the cluster gracefully: this member first hands over what it runs for the cluster (its singletons stop
     * before another member starts them; at most {@link ClusterConfig#handoverTimeout()}), then the coordinator
     * installs a view without it at once, so the others see {@link MemberLeft} without waiting for failure detection
     * and without counting the leave against quorum. Completes when this member is out; idempotent.
     * The system's remoting stays up.
     */
    CompletionStage<Void> leave();

    /**
     * Downs another member, an operator's action for a member that is stuck, cut off or must go: the coordinator
     * removes it from the view at once, without waiting for failure detection, and the others see
     * {@link MemberLeft}. The members then refuse it: when it can still hear, it learns it was downed, and when it
     * was cut off, it learns so once it reaches them again instead of merging back. Either way it publishes
     * {@link SelfDowned}, shows a view of itself alone, and stays out ({@link #isUp()} false; a restart of its
     * process joins as a new member). Downing this member's own id is {@link #leave}.
     *
     * <p>The members that were in the view when it was downed keep refusing it; a member that joins later does not
     * know of it.
     *
     * @param memberId the {@link Member#id()} of the member to down
     * @return a stage that completes with true once this member's view no longer holds the member (at once when
     * {@code memberId} is this member's, after the leave), with false when this member's view has no member of
     * that id, and fails with {@link IllegalStateException} when this member is not up, or with
     * {@link java.util.concurrent.TimeoutException} when the member is still in the view after 30 seconds
     */
    CompletionStage<Boolean> down(String memberId);

    /** Leaves (if not left yet) and releases the control plane; idempotent. Called at system shutdown. */
    @Override
    void close();
}
