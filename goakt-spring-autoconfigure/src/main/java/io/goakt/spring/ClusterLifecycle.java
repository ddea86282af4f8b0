package io.goakt.spring;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.EventStream;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterJoinException;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.MemberUnreachable;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.QuorumRegained;
import io.goakt.internal.cluster.ClusterHooks;
import io.goakt.shutdown.ShutdownPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Joins the application's {@link ActorSystem} to its cluster with the application context and leaves gracefully
 * when the context stops. Its phase lies between the actor system's ({@link ActorSystemLifecycle#PHASE}) and the
 * web server's: the member joins after the EAGER actors run (so no member messages an actor that is not spawned
 * yet) and before the server takes traffic. It leaves in the system's coordinated shutdown, which
 * {@link ActorSystemLifecycle} runs when the context closes: in its
 * {@link io.goakt.shutdown.ShutdownPhase#CLUSTER_LEAVE} phase, after the web server has drained its requests and
 * before the actors stop and remoting closes.
 *
 * <p>Besides the membership it keeps what the views do not say: how many views this member installed, which
 * members its failure detector found unreachable in the current view, and why its side lost quorum. Listeners ({@link #addListener}) run after
 * every change of state or view.
 *
 * <p>Threading: every accessor may be called by any thread. Spring calls {@link #start} and {@link #stop} from one
 * thread; {@link #leave} may race with {@link #stop} and only the first leaves. View events arrive on the control
 * plane's threads, one at a time.
 */
public class ClusterLifecycle implements SmartLifecycle {

    /** After the actor system's start, before the web server's ({@code DEFAULT_PHASE - 2048}). */
    public static final int PHASE = ActorSystemLifecycle.PHASE + 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLifecycle.class);

    /** Where this member is in its life. */
    public enum State {
        /** Not started. */
        CREATED,
        /** Finding and joining the other members. */
        JOINING,
        /** A member. */
        UP,
        /** Leaving gracefully. */
        LEAVING,
        /** Out of the cluster: left, or the join failed. */
        LEFT
    }

    private final ActorSystem system;
    private final ClusterConfig config;
    private final Duration leaveTimeout;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    /** Incremented on the control plane's thread, read by meters on any thread. */
    private final AtomicLong viewChanges = new AtomicLong();
    /** Written on the control plane's threads (one view at a time), copied by readers on any thread. */
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final List<EventStream.Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /**
     * Volatile store in {@link #setState} (Spring's thread, an operator's leave) pairs with the volatile loads in
     * {@link #state()}, {@link #isReady()} and {@link #isRunning()} (health, readiness, meters, any thread). The
     * transition out of UP is also guarded by this, so a leave and a stop never both leave.
     */
    private volatile State state = State.CREATED;
    /**
     * Volatile store, once, in {@link #start} before the store of UP to {@link #state}; pairs with the volatile loads
     * in {@link #cluster()}, {@link #view()} and {@link #isReady()}.
     */
    private volatile Cluster cluster;
    /**
     * The reason of the latest {@link QuorumLost}, null after a {@link QuorumRegained}: volatile stores on the control
     * plane's thread, volatile loads by health and the endpoint on any thread.
     */
    private volatile String quorumLostReason;

    /**
     * @param system       the system that joins
     * @param config       the membership's settings
     * @param leaveTimeout how long {@link #stop} waits for the graceful leave
     */
    public ClusterLifecycle(ActorSystem system, ClusterConfig config, Duration leaveTimeout) {
        this.system = system;
        this.config = config;
        this.leaveTimeout = leaveTimeout;
    }

    /**
     * Runs {@code listener} after each change of {@link #state()} and each view this member installs, on the thread
     * that made the change (Spring's, an operator's, or the control plane's); it must be quick.
     */
    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Joins: subscribes to the view events first (the first view's events are published while the join runs),
     * then starts the membership, and adds {@link #leave} to the system's coordinated shutdown. Throws when the
     * members refuse this one or the control plane cannot bind.
     */
    @Override
    public void start() {
        if (state != State.CREATED) {
            return;
        }
        EventStream events = system.eventStream();
        subscriptions.add(events.subscribe(ClusterViewChanged.class, this::onView));
        subscriptions.add(events.subscribe(MemberUnreachable.class, e -> {
            unreachable.add(e.member().id());
            changed();
        }));
        subscriptions.add(events.subscribe(QuorumLost.class, e -> {
            quorumLostReason = e.reason();
            changed();
        }));
        subscriptions.add(events.subscribe(QuorumRegained.class, e -> {
            quorumLostReason = null;
            changed();
        }));
        setState(State.JOINING);
        try {
            cluster = Cluster.start(system, config);
        } catch (ClusterJoinException e) {
            setState(State.LEFT);
            throw new IllegalStateException("cluster member " + config.host() + ":" + config.port()
                    + " could not join cluster '" + config.clusterName() + "': " + e.getMessage()
                    + "; check goakt.cluster.host and goakt.cluster.port (the port and port+100 to port+103 must be"
                    + " free), and that every member runs the same goakt.cluster.partition-count", e);
        }
        setState(State.UP);
        // The leave timeout bounds the wait inside leave(); the task's own bound only keeps a stuck leave from
        // holding the phase until the shutdown's deadline.
        system.coordinatedShutdown().addTask(ShutdownPhase.CLUSTER_LEAVE, "spring-cluster-leave",
                leaveTimeout.plusSeconds(1), 0, reason -> {
                    leave();
                    return CompletableFuture.completedFuture(null);
                });
        LOG.info("actor system {} joined cluster '{}' as {} ({} members)", system.name(), config.clusterName(),
                cluster.self().id(), cluster.view().size());
    }

    private void onView(ClusterViewChanged e) {
        viewChanges.incrementAndGet();
        // MemberUnreachable is reported per view, so a new view starts with none.
        unreachable.clear();
        changed();
    }

    /**
     * Does nothing: the member leaves in the coordinated shutdown's {@code CLUSTER_LEAVE} phase, which runs when
     * {@link ActorSystemLifecycle} (a lower phase, so stopped after this one) stops the system. {@link #leave} leaves
     * at once.
     */
    @Override
    public void stop() {
    }

    /**
     * Leaves the cluster gracefully if this member is up, and waits up to the leave timeout; the actor system and
     * its remoting keep running. Returns true when this call left the cluster.
     */
    public boolean leave() {
        Cluster c;
        synchronized (this) {
            if (state != State.UP) {
                return false;
            }
            c = cluster;
            setState(State.LEAVING);
        }
        try {
            c.leave().toCompletableFuture().get(leaveTimeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("actor system {} left cluster '{}'", system.name(), config.clusterName());
        } catch (TimeoutException e) {
            LOG.warn("actor system {}: leaving cluster '{}' took longer than {}; the members remove it by failure"
                    + " detection", system.name(), config.clusterName(), leaveTimeout);
        } catch (ExecutionException e) {
            LOG.warn("actor system {}: leaving cluster '{}' failed: {}", system.name(), config.clusterName(),
                    e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            subscriptions.forEach(EventStream.Subscription::close);
            setState(State.LEFT);
        }
        return true;
    }

    private void setState(State next) {
        state = next;
        changed();
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("cluster listener {} failed", listener, e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return state == State.UP;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Where this member is in its life. */
    public State state() {
        return state;
    }

    /**
     * True when this member is up, its view has at least {@code min-peers} members, and its side of the cluster has
     * quorum ({@link Cluster#hasQuorum()}).
     */
    public boolean isReady() {
        Cluster c = cluster;
        return state == State.UP && c != null && c.hasMinPeers() && c.hasQuorum();
    }

    /** Whether this member is up and its side of the cluster has quorum by {@code goakt.cluster.quorum}. */
    public boolean hasQuorum() {
        Cluster c = cluster;
        return state == State.UP && c != null && c.hasQuorum();
    }

    /** Why this member lost quorum (the latest {@link QuorumLost}'s reason), while it has not regained it. */
    public Optional<String> quorumLostReason() {
        return Optional.ofNullable(quorumLostReason);
    }

    /** The members of the last view that stayed unchanged with quorum for {@code stable-after}; 0 before a join. */
    public int lastStableViewSize() {
        Cluster c = cluster;
        if (c == null) {
            return 0;
        }
        return c instanceof ClusterHooks hooks ? hooks.stableView().size() : c.view().size();
    }

    /** The membership, once started. */
    public Optional<Cluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The latest view, once started. */
    public Optional<ClusterView> view() {
        Cluster c = cluster;
        return c == null ? Optional.empty() : Optional.of(c.view());
    }

    /** The members of the current view that this member's failure detector verified unreachable. */
    public Set<String> unreachable() {
        return Set.copyOf(unreachable);
    }

    /** Views this member installed since it started. */
    public long viewChanges() {
        return viewChanges.get();
    }

    /** The system that joins. */
    public ActorSystem system() {
        return system;
    }

    /** The membership's settings. */
    public ClusterConfig config() {
        return config;
    }
}
