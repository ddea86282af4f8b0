package io.goakt.eventstream;

import io.goakt.actor.ActorRef;

import java.util.Objects;

/**
 * Published when an actor stopped processing messages: while its supervisor decides on a failure
 * ({@link Reason#FAILURE}), or until it is reinstated ({@link Reason#SUPERVISOR}, {@link Reason#OPERATOR}). Its
 * mailbox keeps filling, and its children (the whole subtree below it) process nothing either until it goes on.
 * The end of a lasting suspension is published as {@link ActorReinstated}.
 *
 * @param actor  the actor
 * @param cause  the failure, or {@code null} for {@link Reason#OPERATOR}
 * @param reason why it stopped processing
 */
public record ActorSuspended(ActorRef actor, Throwable cause, Reason reason) implements LifecycleEvent {

    /** Checks the reason. */
    public ActorSuspended {
        Objects.requireNonNull(reason, "reason");
    }

    /** A suspension while the supervisor decides on {@code cause} ({@link Reason#FAILURE}). */
    public ActorSuspended(ActorRef actor, Throwable cause) {
        this(actor, cause, Reason.FAILURE);
    }

    /** True when the suspension lasts until {@code ActorSystem.reinstate}, not just until a decision. */
    public boolean lasting() {
        return reason != Reason.FAILURE;
    }

    /** Why an actor stopped processing messages. */
    public enum Reason {
        /** It failed; the suspension ends when its supervisor's decision is applied. */
        FAILURE,
        /** Its supervisor's decider answered {@code Directive.SUSPEND}; it lasts until reinstated. */
        SUPERVISOR,
        /** An operator called {@code ActorSystem.suspend}; it lasts until reinstated. */
        OPERATOR
    }
}
