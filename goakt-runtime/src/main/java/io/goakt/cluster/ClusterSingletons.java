package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.internal.cluster.singleton.SingletonService;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Cluster singletons: one actor of a kind in the whole cluster, on the oldest member (among the members with the
 * singleton's role), reached from every member through a proxy ref that follows it. One per cluster member, started
 * by {@link Cluster#start} so that every member answers the others' questions about singletons from its join;
 * {@link #of} returns it.
 *
 * <pre>{@code
 * ClusterSingletons singletons = ClusterSingletons.of(system);
 * ActorRef scheduler = singletons.start("scheduler", SchedulerActor::new, SingletonOptions.defaults());
 * scheduler.tell(new Schedule(...));                       // wherever it runs now
 * }</pre>
 *
 * <h2>Where it runs</h2>
 * Every member declares the same singleton with {@link #start}; the instance runs on the oldest member of the view
 * that is eligible (has the singleton's role, if it has one) and is not leaving. The others only proxy.
 * <ul>
 *   <li><b>Graceful leave</b> of its member ({@link Cluster#leave}, system shutdown): the member stops the actor,
 *       then tells the others; the next oldest eligible member starts it on that notice. The old actor's
 *       {@code postStop} has run before the new one's {@code preStart}.</li>
 *   <li><b>Crash</b> of its member: once the view without it has been stable for
 *       {@link ClusterConfig#stableAfter()} with quorum, the next oldest eligible member starts it; with the default
 *       settings within the failure-detection time plus about a second.</li>
 *   <li><b>Partition</b>: a member that loses quorum ({@link QuorumLost}) stops its singletons at once; the side
 *       with quorum starts them only on a stable view, after the minority stopped. When the views merge, the oldest
 *       eligible member of the merged view runs each singleton and any other instance stops before it starts.</li>
 * </ul>
 * Before it starts an instance, a member asks every other member of its view whether one runs there, and starts
 * only when none does. A singleton's actor that stops by itself is not started again until its member changes.
 *
 * <h2>The proxy</h2>
 * {@link #proxy} (and the ref {@link #start} returns) is an ordinary {@link ActorRef}: {@code tell}, {@code ask},
 * {@code forward}. It sends to the member that announced the running instance; while none is known (at start,
 * during a hand-over, after a crash) it holds up to {@link SingletonOptions#bufferSize()} messages and sends them
 * in order once an instance runs. A message beyond the buffer becomes a dead letter whose detail names the
 * singleton and the limit; an ask beyond it fails. Delivery to another member is at most once, as every remote send.
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ClusterSingletons {

    /**
     * The singletons of the cluster {@code system} is a member of.
     *
     * @throws IllegalStateException when {@code system} is not a cluster member ({@link Cluster#start})
     */
    static ClusterSingletons of(ActorSystem system) {
        Cluster cluster = Cluster.of(system).orElseThrow(() -> new IllegalStateException("actor system "
                + system.name() + " is not a cluster member: call Cluster.start first"));
        return system.extension(ClusterSingletons.class, s -> SingletonService.start(cluster));
    }

    /**
     * Declares the singleton {@code name} on this member: this member runs it, with an actor made by
     * {@code factory}, while it is the oldest eligible member. Every member that may run it must declare it the
     * same way. Returns {@link #proxy}{@code (name)}.
     *
     * @param name a top-level actor name (letters, digits, {@code - _ . : @ ~ + = !}); the instance runs as
     *             {@code /user/singleton-<name>} on its member
     * @throws IllegalStateException    when this member declared {@code name} already
     * @throws IllegalArgumentException when {@code name} is not a valid actor name
     */
    ActorRef start(String name, Supplier<? extends Actor> factory, SingletonOptions options);

    /**
     * A ref to the singleton {@code name}, wherever it runs; also on members that do not declare it. Two proxies
     * of one name are equal. Uses the buffer size of this member's declaration, or
     * {@link SingletonOptions#DEFAULT_BUFFER_SIZE} without one.
     */
    ActorRef proxy(String name);

    /**
     * Where each singleton runs as this member knows it now: the singletons declared here and those another member
     * announced, each with its member; a singleton that runs nowhere known is missing.
     */
    Map<String, Member> locations();

    /** The singletons declared on this member. */
    Set<String> names();

    /** How many times this member started a singleton that had run on another member before. */
    long handovers();

    /** The membership these singletons serve. */
    Cluster cluster();
}
