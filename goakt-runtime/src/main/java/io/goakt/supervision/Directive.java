package io.goakt.supervision;

/**
 * What a supervisor does with an actor whose {@code receive} or {@code preStart} threw.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum Directive {
    /** Keep the current instance and its state; the failed message goes to dead letters. */
    RESUME,
    /**
     * Replace the instance: {@code postStop} on the old one, a fresh instance from the actor's factory,
     * {@code preStart}; the failed message goes to dead letters, every other queued message survives.
     */
    RESTART,
    /** Stop the actor; its queued messages go to dead letters. */
    STOP,
    /**
     * Keep the current instance and its mailbox but process nothing until {@code ActorSystem.reinstate} (or a
     * restart): messages queue up and then run in order. The failed message goes to dead letters. Like
     * {@link #RESUME} it applies to the failed actor alone, whatever the strategy's scope; its children (the whole
     * subtree) process nothing while it is suspended.
     */
    SUSPEND,
    /** Treat the failure as a failure of the parent, which its own supervisor then decides on. */
    ESCALATE
}
