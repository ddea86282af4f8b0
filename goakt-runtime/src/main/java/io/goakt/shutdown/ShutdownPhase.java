package io.goakt.shutdown;

/**
 * The phases of a coordinated shutdown, in the order they run. Each phase starts when the one before it has ended:
 * when all its tasks have completed, or failed after their last retry, or the shutdown's deadline has come.
 *
 * <p>In every phase the application's tasks run first, concurrently; then the runtime's own step for that phase,
 * if it has one. The order follows Akka's coordinated shutdown: a cluster member leaves the cluster before its
 * actors stop, so the other members take over its singletons and relocatable actors while this member can still
 * hand them over, and remoting closes only after the actors that use it have stopped.
 */
public enum ShutdownPhase {

    /**
     * Before the service stops taking work: a task here deregisters from a load balancer or service registry while
     * everything still runs. The runtime has no step here.
     */
    BEFORE_SERVICE_UNBIND,

    /**
     * The system stops accepting new work from outside: after this phase's tasks, {@code ActorSystem.spawn} (local
     * and remote spawn requests alike) throws {@code SystemShuttingDownException}. Actors already running still
     * take messages, spawn children and reply; tells from other members still arrive.
     */
    STOP_ACCEPTING,

    /**
     * A cluster member leaves the cluster gracefully, handing over its singletons; the other members see it leave
     * at once and place its relocatable actors and grains on themselves. The cluster adds its leave as a task here
     * when it starts.
     */
    CLUSTER_LEAVE,

    /** After the leave, before any actor stops: a task here flushes caches or tells actors to save their state. */
    BEFORE_ACTORS_STOP,

    /**
     * The runtime first lets every actor handle the messages already in its mailbox, and the messages those cause (a
     * few rounds, at most half of the time left), then stops every actor, children before parents, each
     * running {@code postStop}. What is still queued then, and what arrives after an actor has stopped, becomes a
     * dead letter.
     */
    DRAIN_ACTORS,

    /**
     * The system's extensions close in reverse order of creation: the cluster's control plane, remoting (its server
     * and its connections to other members), topic and grain registries.
     */
    STOP_REMOTING,

    /** The last phase for the application's tasks: every actor has stopped and remoting is closed. */
    BEFORE_SYSTEM_TERMINATE,

    /**
     * The runtime stops its dispatchers and its timer, and {@code whenTerminated()} completes. This step runs even
     * when the deadline has passed, so a shutdown always ends.
     */
    SYSTEM_TERMINATE
}
