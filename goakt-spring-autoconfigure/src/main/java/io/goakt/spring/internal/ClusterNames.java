package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.Placement;
import io.goakt.cluster.Relocation;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ClusterLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The cluster-unique side of the {@code @ActorComponent} kinds ({@link ActorComponent#clusterUnique()}): spawns
 * under cluster-unique names through {@link ClusterActors}, on this member or on the member the kind's
 * {@link Placement} picks, refs that follow a name wherever it runs, and the claims of the EAGER names.
 *
 * <h2>EAGER names</h2>
 * Every member tries to spawn each EAGER cluster-unique name once it joined ({@link #clusterChanged} with
 * {@code UP} for the first time, on Spring's thread, bounded by {@link #JOIN_CLAIM_TIMEOUT}, so the actor normally
 * runs before the web server takes traffic). Exactly one member's registration is granted; the others get
 * {@link ActorAlreadyExistsException}, which ends their claim. A claim that could not be decided (no quorum, no
 * eligible member known yet, no answer) is tried again every {@link #RETRY_INTERVAL}, at most
 * {@link #MAX_RETRIES} times, and at every later view change in which this member's registry does not hold the
 * name (looked at when the view arrives and again {@link #RETRY_INTERVAL} later): so when the member running the
 * actor leaves, a remaining member takes the name again.
 *
 * <p>Threading: every method may be called by any thread. The names being claimed are a concurrent set: its
 * atomic add and remove are the only guard against two claims of one name from this member running at once.
 */
public final class ClusterNames {

    /** How long the first claims after the join may hold up start-up. */
    static final Duration JOIN_CLAIM_TIMEOUT = Duration.ofSeconds(15);
    /** Between two attempts of an undecided claim. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);
    /** Attempts of an undecided claim before it waits for the next view change. */
    static final int MAX_RETRIES = 30;
    /** How long a spawn that lost a race waits for the winner's entry to reach this member's registry. */
    private static final Duration WINNER_WAIT = Duration.ofSeconds(5);
    private static final Duration WINNER_POLL = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(ClusterNames.class);

    private final ActorSystem system;
    private final ActorKinds kinds;
    private final Function<ActorKind, Supplier<Actor>> factories;
    private final Function<ActorKind, SpawnOptions> options;
    private final Set<String> claiming = ConcurrentHashMap.newKeySet();
    /** Set once, by the first {@code UP} of {@link #clusterChanged}; read by later calls on any thread. */
    private final AtomicBoolean joined = new AtomicBoolean();
    /**
     * Volatile store in {@link #clusterChanged} (Spring's thread or the control plane's) pairs with the volatile
     * loads before each retry: a member that leaves stops claiming.
     */
    private volatile boolean up;

    /**
     * @param factories the bean factory of each kind: a fresh prototype bean per actor start
     * @param options   the spawn options of each kind
     */
    public ClusterNames(ActorSystem system, ActorKinds kinds, Function<ActorKind, Supplier<Actor>> factories,
                        Function<ActorKind, SpawnOptions> options) {
        this.system = system;
        this.kinds = kinds;
        this.factories = factories;
        this.options = options;
    }

    /** The cluster-unique names of the system's cluster, once it is a member that is up. */
    public Optional<ClusterActors> actors() {
        return Cluster.of(system).filter(Cluster::isUp).map(c -> ClusterActors.of(system));
    }

    private ClusterActors require(String name) {
        return actors().orElseThrow(() -> new IllegalStateException("cluster-unique name '" + name + "': actor"
                + " system " + system.name() + " has not joined its cluster yet (it joins when the application"
                + " context starts)"));
    }

    /** Spawns an actor of {@code kind} under the cluster-unique {@code name}, where the kind's placement says. */
    public CompletionStage<ActorRef> spawn(ActorKind kind, String name) {
        ClusterActors actors = require(name);
        if (kind.relocatable()) {
            // By kind, so that another member can spawn it again from the entry.
            return actors.spawn(name, kind.name(), kind.placement(), Relocation.RELOCATABLE);
        }
        if (kind.placement().equals(Placement.local())) {
            return actors.spawn(name, factories.apply(kind), options.apply(kind));
        }
        return actors.spawn(name, kind.name(), kind.placement());
    }

    /**
     * The actor holding {@code name} in the cluster, or a new one of {@code kind} when there is none; when another
     * spawn wins the name first, its actor.
     */
    public CompletionStage<ActorRef> getOrSpawn(ActorKind kind, String name) {
        ClusterActors actors = require(name);
        return actors.lookup(name).thenCompose(found -> found.<CompletionStage<ActorRef>>map(
                        CompletableFuture::completedFuture)
                .orElseGet(() -> spawn(kind, name).exceptionallyCompose(e -> {
                    if (unwrap(e) instanceof ActorAlreadyExistsException) {
                        return winner(actors, name, e, System.nanoTime() + WINNER_WAIT.toNanos());
                    }
                    return CompletableFuture.failedFuture(unwrap(e));
                })));
    }

    /** Waits, bounded, for the entry of the spawn that took {@code name} to reach this member's registry. */
    private CompletionStage<ActorRef> winner(ClusterActors actors, String name, Throwable lost, long deadline) {
        return actors.lookup(name).thenCompose(found -> {
            if (found.isPresent()) {
                return CompletableFuture.completedFuture(found.get());
            }
            if (System.nanoTime() - deadline > 0) {
                return CompletableFuture.failedFuture(unwrap(lost));
            }
            Executor later = CompletableFuture.delayedExecutor(WINNER_POLL.toMillis(), TimeUnit.MILLISECONDS);
            return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(x -> winner(actors, name, lost, deadline));
        });
    }

    /** The actor holding {@code name} in the cluster, as this member's registry knows it; empty without a cluster. */
    public Optional<ActorRef> lookup(String name) {
        return actors().flatMap(a -> a.lookup(name).toCompletableFuture().join());
    }

    /**
     * A ref that reaches whatever actor holds {@code name} when a message is sent; usable before the member joined
     * (messages sent then become dead letters). For a LAZY kind, a send while the name is free spawns it first.
     */
    public ActorRef nameRef(ActorKind kind) {
        return new ClusterNameRef(this, system, kind.name(),
                kind.startup() == ActorComponent.Startup.LAZY ? kind : null);
    }

    /** Follows the membership: the first {@code UP} claims the EAGER names, every later call the free ones. */
    public void clusterChanged(ClusterLifecycle.State state) {
        up = state == ClusterLifecycle.State.UP;
        if (!up) {
            return;
        }
        if (joined.compareAndSet(false, true)) {
            for (ActorKind kind : eagerKinds()) {
                awaitFirstClaim(kind);
            }
        } else {
            claimFreeNames();
            // The registry drops a departed member's entries when it handles the same view, which may be after this
            // listener ran; a second look a moment later sees those names free.
            Executor later = CompletableFuture.delayedExecutor(RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            CompletableFuture.runAsync(this::claimFreeNames, later);
        }
    }

    private void claimFreeNames() {
        if (!up) {
            return;
        }
        Set<String> held = actors().map(ClusterActors::names).orElse(Set.of());
        for (ActorKind kind : eagerKinds()) {
            if (!held.contains(kind.name())) {
                claim(kind, 0);
            }
        }
    }

    private Iterable<ActorKind> eagerKinds() {
        return kinds.all().stream().filter(k -> k.clusterUnique() && k.startup() == ActorComponent.Startup.EAGER)
                .toList();
    }

    private void awaitFirstClaim(ActorKind kind) {
        CompletableFuture<Void> claim = claim(kind, 0);
        try {
            claim.get(JOIN_CLAIM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.warn("cluster-unique actor {}: not decided within {} of joining; the claim goes on in the"
                    + " background", kind.name(), JOIN_CLAIM_TIMEOUT);
        } catch (ExecutionException e) {
            LOG.warn("cluster-unique actor {} could not be spawned", kind.name(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One attempt to spawn an EAGER name; completes when this member holds it, another does, or the attempt failed
     * and its retry is scheduled (or given up). Never completes exceptionally for a decided name.
     */
    private CompletableFuture<Void> claim(ActorKind kind, int attempt) {
        String name = kind.name();
        if (!claiming.add(name)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<ActorRef> spawn;
        try {
            spawn = spawn(kind, name);
        } catch (RuntimeException e) {
            spawn = CompletableFuture.failedFuture(e);
        }
        return spawn.handle((ref, error) -> {
            claiming.remove(name);
            Throwable cause = error == null ? null : unwrap(error);
            if (cause == null) {
                LOG.info("cluster-unique actor {} runs at {}", name, ref.address());
            } else if (cause instanceof ActorAlreadyExistsException) {
                LOG.debug("cluster-unique actor {} is held by another member", name);
            } else if (attempt < MAX_RETRIES && up) {
                LOG.debug("cluster-unique actor {}: attempt {} undecided ({}); trying again", name, attempt + 1,
                        cause.toString());
                Executor later = CompletableFuture.delayedExecutor(RETRY_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
                CompletableFuture.runAsync(() -> {
                    if (up) {
                        claim(kind, attempt + 1);
                    }
                }, later);
            } else {
                LOG.warn("cluster-unique actor {} not spawned after {} attempts ({}); the next view change tries"
                        + " again", name, attempt + 1, cause.toString());
            }
            return (Void) null;
        }).toCompletableFuture();
    }

    static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
