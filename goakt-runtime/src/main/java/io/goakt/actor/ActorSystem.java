package io.goakt.actor;

import io.goakt.dispatch.Scheduler;
import io.goakt.internal.actor.LocalActorSystem;
import io.goakt.shutdown.CoordinatedShutdown;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A tree of actors with its dispatchers, timer, event stream and dead letters. Create one per application (or one
 * per test); several can run in one JVM and share nothing.
 *
 * <p>Top-level actors live under {@code /user}; {@link #lookup} accepts a top-level name ({@code "orders"}) or a
 * path ({@code "/user/orders/order-42"}).
 *
 * <p>Threading: every method may be called by any thread.
 */
public interface ActorSystem extends AutoCloseable {

    /** Starts a system named {@code name} (letters, digits, {@code -} and {@code _}). */
    static ActorSystem create(String name, ActorSystemConfig config) {
        return new LocalActorSystem(name, config);
    }

    /** Starts a system with the default config. */
    static ActorSystem create(String name) {
        return create(name, ActorSystemConfig.defaults());
    }

    /** The system's name. */
    String name();

    /** The system's settings. */
    ActorSystemConfig config();

    /**
     * Spawns a top-level actor; each start and each restart gets a fresh instance from {@code factory}, so a restart
     * resets the actor's fields. This is the form to use unless the instance must outlive restarts (see
     * {@link #spawnInstance}). Runs the actor's {@link Actor#preStart} before returning.
     *
     * @throws ActorAlreadyExistsException   when a top-level actor with that name exists
     * @throws ActorInitializationException  when the factory or {@code preStart} threw
     * @throws IllegalArgumentException      for a bad name or an unknown dispatcher
     * @throws SystemShuttingDownException   when the system's shutdown has stopped accepting new actors
     */
    ActorRef spawn(String name, Supplier<? extends Actor> factory, SpawnOptions options);

    /**
     * Spawns a top-level actor from a factory with default options, as
     * {@link #spawn(String, Supplier, SpawnOptions)} does: {@code spawn("acc", Account::new)}.
     */
    default ActorRef spawn(String name, Supplier<? extends Actor> factory) {
        return spawn(name, factory, SpawnOptions.defaults());
    }

    /**
     * Spawns a top-level actor under a generated name, as {@link #spawn(String, Supplier, SpawnOptions)} does under a
     * chosen one. The name is {@code $} followed by a base-36 counter ({@code $0}, {@code $1}, ...): unique among
     * this system's top-level actors, and never one a user can choose, since user names may not start with
     * {@code $}. Read it from {@link ActorRef#name()}; any thread may call this.
     *
     * @throws ActorInitializationException  when the factory or {@code preStart} threw
     * @throws IllegalArgumentException      for an unknown dispatcher
     * @throws SystemShuttingDownException   when the system's shutdown has stopped accepting new actors
     */
    ActorRef spawn(Supplier<? extends Actor> factory, SpawnOptions options);

    /** Spawns a top-level actor from a factory under a generated name with default options. */
    default ActorRef spawn(Supplier<? extends Actor> factory) {
        return spawn(factory, SpawnOptions.defaults());
    }

    /**
     * Spawns a top-level actor around one instance that every restart reuses: the supervisor's restart runs
     * {@code postStop} and {@code preStart} on the same object, so its fields keep their values across the restart.
     * Use it when the instance is made and owned elsewhere and keeps no state a restart should reset, as with an
     * actor built by a dependency-injection container whose state lives in injected collaborators; otherwise use
     * {@link #spawn(String, Supplier, SpawnOptions)}, whose restarts start from a fresh instance. Spawn an instance
     * once: two actors around one object would run it on two threads. Throws what
     * {@link #spawn(String, Supplier, SpawnOptions)} throws.
     */
    ActorRef spawnInstance(String name, Actor actor, SpawnOptions options);

    /** Spawns a top-level actor around one instance with default options, as {@link #spawnInstance} does. */
    default ActorRef spawnInstance(String name, Actor actor) {
        return spawnInstance(name, actor, SpawnOptions.defaults());
    }

    /**
     * Spawns a top-level actor that runs {@code behavior} for every message. Each start wraps the same
     * {@code behavior} object, so whatever it holds survives a restart: give it a behaviour that keeps no state
     * (a lambda), or spawn a factory of {@link Actor}s when state must reset.
     */
    default ActorRef spawnFromFunction(String name, Behavior behavior) {
        return spawnFromFunction(name, behavior, SpawnOptions.defaults());
    }

    /** Spawns an actor that runs {@code behavior} for every message, with options, as the two-argument form does. */
    default ActorRef spawnFromFunction(String name, Behavior behavior, SpawnOptions options) {
        Objects.requireNonNull(behavior, "behavior");
        return spawn(name, () -> Actors.fromFunction(behavior), options);
    }

    /** The live actor at a top-level name or a path. */
    Optional<ActorRef> lookup(String nameOrPath);

    /**
     * A ref for a top-level name or path: the live actor if there is one, else a ref whose messages become dead
     * letters with reason {@link DeadLetter.Reason#UNKNOWN_ACTOR}.
     */
    ActorRef actorOf(String nameOrPath);

    /** Stops {@code ref} after its current message, children first; completes when it has stopped. */
    CompletionStage<Void> stop(ActorRef ref);

    /** Snapshots of every live actor, parents before children. Linear in the number of actors. */
    List<ActorInfo> actors();

    /**
     * Walks every live actor in the order of {@link #actors()}, parents before children, without the snapshot of
     * each: the visitor gets each actor's ref, its parent's position and its processed count, and a snapshot
     * without the children's paths for the first {@code detailed} actors only. For views of large systems, which
     * list a few actors and count the rest; linear in the number of actors, allocating little beyond the walk's
     * queue. Runs on the calling thread; an actor spawned or stopped during the walk may or may not be visited.
     */
    default void walkActors(int detailed, ActorVisitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        List<ActorInfo> all = actors();
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ActorInfo info = all.get(i);
            positions.put(info.path(), i);
        }
        for (int i = 0; i < all.size(); i++) {
            ActorInfo info = all.get(i);
            String path = info.path();
            int slash = path.lastIndexOf('/');
            Integer parent = slash <= 0 ? null : positions.get(path.substring(0, slash));
            ActorInfo detail = i < detailed ? new ActorInfo(info.ref(), info.kind(), info.state(), info.mailboxSize(),
                    info.processedCount(), info.restartCount(), List.of(), info.lastMessageTime(), info.dispatcher())
                    : null;
            visitor.visit(parent == null ? -1 : parent, info.ref(), info.processedCount(), detail);
        }
    }

    /** A snapshot of the live actor at a top-level name or a path. */
    Optional<ActorInfo> inspect(String nameOrPath);

    /**
     * Restarts {@code ref} as its supervisor would after a failure (an operator's action): {@code postStop}, a fresh
     * instance, {@code preStart}; queued messages are kept. A restart ends a lasting suspension ({@link #suspend}).
     * Returns false when the actor is not alive here.
     */
    boolean restart(ActorRef ref);

    /**
     * Suspends {@code ref} until {@link #reinstate} (an operator's action, as a supervisor's
     * {@link io.goakt.supervision.Directive#SUSPEND} does after a failure): it keeps its instance and mailbox and
     * processes nothing; messages sent to it queue up in order. Its children, the whole subtree, process nothing
     * either. System work goes on: it can be stopped, restarted (which ends the suspension), watched, and it still
     * supervises its children. Publishes {@link io.goakt.eventstream.ActorSuspended} with reason {@code OPERATOR}.
     * Suspending a suspended actor changes nothing.
     *
     * <p>Local actors only: for a ref to an actor of another system or node it does nothing and returns false.
     *
     * @return false when the actor is not alive here
     */
    boolean suspend(ActorRef ref);

    /**
     * Ends the lasting suspension of {@code ref} ({@link #suspend}, or a supervisor's
     * {@link io.goakt.supervision.Directive#SUSPEND}): its queued messages then run in order, and its subtree goes on
     * too. Publishes {@link io.goakt.eventstream.ActorReinstated}. An actor that is not suspended, or only waits
     * because an ancestor is, is left as it is.
     *
     * <p>Local actors only: for a ref to an actor of another system or node it does nothing and returns false.
     *
     * @return false when the actor is not alive here
     */
    boolean reinstate(ActorRef ref);

    /**
     * The system's extension of {@code type}, created by {@code factory} on first use (once, even under races).
     * Extensions are per system: a topic registry, a metrics bridge, a remoting endpoint. An extension that is
     * {@link AutoCloseable} is closed when the system shuts down, after every actor has stopped, in reverse order of
     * creation (an extension built on another closes first).
     */
    <T> T extension(Class<T> type, Function<? super ActorSystem, ? extends T> factory);

    /** The system's extension of {@code type}, if one was created. */
    <T> Optional<T> extension(Class<T> type);

    /** When the system started. */
    Instant startTime();

    /** The system's event stream. */
    EventStream eventStream();

    /** The system's timer and time source. */
    Scheduler scheduler();

    /** Dead letters since the system started. */
    long deadLetterCount();

    /** Live actors, not counting the runtime's guardians. */
    int actorCount();

    /**
     * True until the shutdown stops the actors (its {@link io.goakt.shutdown.ShutdownPhase#DRAIN_ACTORS} phase,
     * once the mailboxes are drained). Spawns are refused earlier, from
     * {@link io.goakt.shutdown.ShutdownPhase#STOP_ACCEPTING} on.
     */
    boolean isRunning();

    /**
     * The system's coordinated shutdown: the application adds tasks to its phases, and
     * {@link CoordinatedShutdown#run} starts it with a reason and returns a stage. {@link #shutdown(Duration)} runs
     * the same phases.
     */
    CoordinatedShutdown coordinatedShutdown();

    /**
     * Runs the {@linkplain #coordinatedShutdown() coordinated shutdown} with reason
     * {@link io.goakt.shutdown.ShutdownReason#APPLICATION_REQUEST} and waits for it: refuses new actors, leaves the
     * cluster, handles the queued messages and stops every actor (children before parents, each running
     * {@code postStop}), closes remoting, then stops the dispatchers and the timer, running the application's tasks
     * in their phases. Returns when all have stopped. A call while a shutdown runs, or after it, waits (at most
     * {@code timeout}) for that shutdown, and only the call that started it reports the outcome.
     *
     * @throws ShutdownTimeoutException naming the actors still running after {@code timeout}
     */
    void shutdown(Duration timeout);

    /** {@link #shutdown(Duration)} with the config's shutdown timeout. */
    default void shutdown() {
        shutdown(config().shutdownTimeout());
    }

    /** Completes when the system has shut down. */
    CompletionStage<Void> whenTerminated();

    /** Same as {@link #shutdown()}. */
    @Override
    default void close() {
        shutdown();
    }
}
