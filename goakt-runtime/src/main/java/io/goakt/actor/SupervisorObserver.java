package io.goakt.actor;

/**
 * Watches supervised actors from the outside, for dashboards, audits or alerts. Callbacks run on one observer
 * thread per system, never on an actor's thread: a slow or throwing observer cannot block or crash a supervisor.
 * If callbacks fall far behind, the oldest are not waited for: new ones are dropped and the drop is logged.
 *
 * <p>Threading: all callbacks of one system run on that system's single observer thread, in the order the
 * runtime produced them.
 */
public interface SupervisorObserver {

    /** {@code actor} was accepted by its parent, before its {@code preStart}. */
    default void registered(ActorRef actor) {
    }

    /** {@code actor}'s {@code preStart} returned. */
    default void started(ActorRef actor) {
    }

    /** {@code actor} is being restarted because of {@code cause}. */
    default void restarting(ActorRef actor, Throwable cause) {
    }

    /** {@code actor} has stopped (for any reason). */
    default void stopped(ActorRef actor) {
    }

    /**
     * {@code actor}'s supervisor gave up on it: a failure was answered with stop, or the restart limit was passed.
     * {@link #stopped} follows.
     */
    default void terminal(ActorRef actor, Throwable cause) {
    }
}
