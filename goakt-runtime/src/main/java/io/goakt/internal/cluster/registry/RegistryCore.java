package io.goakt.internal.cluster.registry;

import io.goakt.actor.ActorRef;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.Member;
import io.goakt.cluster.NameRegistrationException;
import io.goakt.internal.actor.InternalActorSystem;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.remote.Remoting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state one member's registry shares among its parts ({@link Claims}, {@link Replication},
 * {@link PlacedSpawns}, {@link Relocator}, wired by {@link NamedActorService}): the membership, the control-plane
 * topic, the registry thread, and the replica with its lock.
 *
 * <h2>Concurrency</h2>
 * Control-plane messages and view events arrive on JGroups' threads; {@link #lock} guards {@link #registry},
 * {@link #arbiter}, {@link #loads} and {@link #random}, and is held only for map updates (never while sending or
 * spawning). Work that runs user code or waits (spawns, completing callers' stages, retries, load reports,
 * relocation) runs on {@link #executor}, this member's one registry thread, or on a dispatcher. The resolved-ref
 * cache is a concurrent map written after the registry changes (a stale read costs one message to a stopped actor,
 * which becomes a dead letter).
 */
final class RegistryCore {

    static final Logger LOG = LoggerFactory.getLogger(ClusterActors.class);
    /** The control-plane topic of the registry. */
    static final byte TOPIC = 1;

    final Cluster cluster;
    final ControlMessaging messaging;
    final InternalActorSystem system;
    final Remoting remoting;
    final Member self;
    final int partitionCount;
    /** From the config: {@code loadReportInterval}, {@code registrationTimeout}, {@code claimTimeout}. */
    final Duration loadInterval;
    final Duration registrationTimeout;
    final Duration attemptTimeout;
    /** This member's wall-clock time when its registry started: its age in the merge rule. */
    final long startedAt;
    final ScheduledThreadPoolExecutor executor;
    /** {@link #executor}, or the calling thread once it is shut down, so that no stage is left uncompleted. */
    final Executor async;
    final Object lock = new Object();
    /** Guarded by {@link #lock}. */
    final Registry registry = new Registry();
    /** Guarded by {@link #lock}. */
    final Arbiter arbiter;
    /** Guarded by {@link #lock}. */
    final MemberLoads loads = new MemberLoads();
    /** Guarded by {@link #lock}; the random source of {@code Placement.random()}. */
    final SplittableRandom random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
    /**
     * The cluster-unique names of actors running here, with their incarnation: put by the registry thread after the
     * spawn, removed by an atomic remove of that pair, either by the thread that publishes the actor's stop (which
     * then announces the removal) or by the {@link Relocator} before it stops the actor to hand it over (which then
     * announces the hand-over); the concurrent map's put and remove pair with each other, so exactly one of them
     * announces each stop.
     */
    final Map<String, Long> runningHere = new ConcurrentHashMap<>();
    /**
     * Resolved refs by name: written by senders after a registry read under {@link #lock}, cleared after each
     * registry change of the name and on every view change; a read racing with a clear may use the ref once more.
     */
    final Map<String, ActorRef> resolved = new ConcurrentHashMap<>();
    /** Request ids: atomic increments, random start so that ids of a restarted member do not repeat. */
    final AtomicLong requestIds = new AtomicLong(ThreadLocalRandom.current().nextLong());

    RegistryCore(Cluster cluster) {
        this.cluster = cluster;
        this.messaging = ControlMessaging.of(cluster);
        this.system = InternalActorSystem.of(cluster.system());
        this.remoting = Remoting.of(system).orElseThrow(() -> new IllegalStateException("cluster member "
                + cluster.self().id() + " has no remoting"));
        this.self = cluster.self();
        this.partitionCount = cluster.config().partitionCount();
        this.arbiter = new Arbiter(self, partitionCount, cluster::hasQuorum,
                cluster.config().reservationLifetime().toMillis());
        this.loadInterval = cluster.config().loadReportInterval();
        this.registrationTimeout = cluster.config().registrationTimeout();
        this.attemptTimeout = cluster.config().claimTimeout();
        this.startedAt = System.currentTimeMillis();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "goakt-" + system.name() + "-cluster-registry");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.async = task -> {
            try {
                executor.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /** Sends {@code msg} to {@code to}, or to every member when {@code to} is null; false when it could not. */
    boolean send(Member to, RegistryMessage msg) {
        byte[] body = RegistryMessage.encode(msg);
        return to == null ? messaging.broadcast(TOPIC, body) : messaging.send(to, TOPIC, body);
    }

    /** The member that arbitrates {@code name} among {@code members}. */
    Member arbiterOf(String name, List<Member> members) {
        return Partitions.arbiterOf(name, partitionCount, members);
    }

    /** The refusal of a registration while this member has no quorum, naming the rule in force. */
    NameRegistrationException noQuorum(String name) {
        return new NameRegistrationException("cluster name " + name + " cannot be registered: member " + self.id()
                + " has no quorum by the rule " + cluster.config().quorum().propertyValue() + " (min-peers "
                + cluster.config().minPeers() + ", view of " + cluster.view().size() + " members)");
    }

    static List<String> ids(List<Member> members) {
        return members.stream().map(Member::id).toList();
    }

    static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    static RuntimeException wrap(Throwable t) {
        Throwable cause = unwrap(t);
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }
}
