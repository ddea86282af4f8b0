package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.internal.cluster.registry.NamedActorService;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Actors with cluster-unique names, reachable by name from every member, and spawns placed somewhere in the
 * cluster. One per cluster member, started by {@link Cluster#start} so that every member takes part in
 * arbitrating and replicating names from the moment it joins; {@link #of} returns it.
 *
 * <h2>Names</h2>
 * A spawn with a cluster-unique name first registers the name and starts the actor only when the registration is
 * granted. Each name is arbitrated by one member: the owner of the name's partition in the current view (a
 * consistent hash of the name over {@link ClusterConfig#partitionCount()} partitions, each partition owned by one
 * member). The granted entry, stamped with the member that runs the actor and the view id, is replicated to every
 * member; it is dropped everywhere when that member leaves or crashes, or when the actor stops. A name is unique
 * cluster-wide: a second spawn of it, from any member and also when several members race, fails with
 * {@link ActorAlreadyExistsException}. A member without quorum ({@link Cluster#hasQuorum()}, by
 * {@link ClusterConfig#quorum()}) registers nothing ({@link NameRegistrationException}).
 *
 * <h2>Relocation</h2>
 * An actor spawned by kind with {@link Relocation#RELOCATABLE} outlives its member: when the member crashes,
 * leaves, shuts down or loses quorum, a remaining member spawns the kind again under the same name, exactly once
 * cluster-wide ({@link ActorRelocated}). The old actor stops before the new one starts: a leaving member stops its
 * relocatable actors before it hands them over, a member that loses quorum stops them at once, and after a crash
 * the others wait for a stable view ({@link ClusterConfig#stableAfter()}). State is not carried over; the actor
 * reloads it in {@code preStart} from the application's store.
 *
 * <p>Node-local names ({@code ActorSystem.spawn}) are a separate namespace and keep working as before: they resolve
 * locally, and {@link #lookup} resolves cluster-unique names only. The actor of a cluster-unique name is an ordinary
 * top-level actor of the member that runs it ({@code /user/<name>}).
 *
 * <h2>Consistency</h2>
 * Entries reach the other members as ordinary messages on the control plane, so a lookup right after a spawn on
 * another member may not see the name yet. After a partition heals, the two sides' registries merge by a
 * deterministic rule: for a name registered on both sides, the entry of the older owner wins (the member whose
 * registry started first, then the earlier registration, then the smaller member id); the losing actor is stopped
 * by its member and both members publish {@link NameConflictResolved}. {@code docs/cluster.md} has the details.
 *
 * <p>Threading: every method may be called by any thread. The returned stages complete on a thread of this
 * member's registry, or on a dispatcher thread for a spawn; never on a control-plane thread.
 */
public interface ClusterActors {

    /**
     * The named actors of the cluster {@code system} is a member of.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member ({@link Cluster#start})
     */
    static ClusterActors of(ActorSystem system) {
        Cluster cluster = Cluster.of(system).orElseThrow(() -> new IllegalStateException("actor system "
                + system.name() + " is not a cluster member: call Cluster.start first"));
        return system.extension(ClusterActors.class, s -> NamedActorService.start(cluster));
    }

    /**
     * Registers {@code name} cluster-wide and, once granted, spawns the actor on this member. Completes with its ref
     * after its {@code preStart} ran.
     *
     * <p>The stage fails with {@link ActorAlreadyExistsException} when the name is registered (or being registered)
     * anywhere in the cluster, or a node-local actor of this member has the name; with
     * {@link NameRegistrationException} without quorum or when the arbitrating member does not answer in time; and
     * with what {@code ActorSystem.spawn} throws when the spawn fails (the registration is then withdrawn before the
     * stage fails).
     */
    CompletionStage<ActorRef> spawn(String name, Supplier<? extends Actor> factory, SpawnOptions options);

    /**
     * Spawns an actor of {@code kind} under the cluster-unique {@code name} on a member {@code placement} picks among
     * the members that registered the kind ({@code RemotingConfig.Builder#kind}); that member spawns it with the
     * kind's own spawn options and registers the name as {@link #spawn(String, Supplier, SpawnOptions)} does.
     *
     * <p>Fails as that method does, and with {@link PlacementException} when no member is eligible.
     */
    CompletionStage<ActorRef> spawn(String name, String kind, Placement placement);

    /**
     * As {@link #spawn(String, String, Placement)}, and with {@link Relocation#RELOCATABLE} the actor is spawned
     * again on a remaining member, by the same kind and placement, when its member goes (see the class comment).
     * Fails with {@link NameRegistrationException} at once when this member has no quorum.
     */
    CompletionStage<ActorRef> spawn(String name, String kind, Placement placement, Relocation relocation);

    /** The actor registered under {@code name} anywhere in the cluster, as this member's registry knows it. */
    CompletionStage<Optional<ActorRef>> lookup(String name);

    /**
     * A ref that reaches whatever actor holds {@code name} when a message is sent: each {@code tell} and
     * {@code ask} resolves the name through this member's cached lookup (the cache is dropped on every view
     * change). A message sent while the name is not registered becomes a dead letter; an ask then fails with
     * {@link io.goakt.actor.ActorNotAliveException}.
     */
    ActorRef actorOf(String name);

    /** The cluster-unique names this member's registry holds now. */
    Set<String> names();

    /** The membership this registry serves. */
    Cluster cluster();
}
