package io.goakt.actor;

import java.util.Objects;

/**
 * A message that was not handled, published on the event stream and counted by the system. Nothing the runtime
 * accepted disappears without one.
 *
 * @param message  the message
 * @param sender   its sender, or {@code null}
 * @param receiver the intended receiver, or {@code null} when there was none (a reply without a sender)
 * @param reason   why it was not handled
 * @param detail   a human-readable explanation, for logs
 */
public record DeadLetter(Object message, ActorRef sender, ActorRef receiver, Reason reason, String detail) {

    /** Checks the required parts. */
    public DeadLetter {
        Objects.requireNonNull(reason, "reason");
        detail = detail == null ? reason.name() : detail;
    }

    /** Why a message became a dead letter. */
    public enum Reason {
        /** The receiver had stopped, or stopped before it reached the message. */
        ACTOR_STOPPED,
        /** No actor exists at the receiver's path. */
        UNKNOWN_ACTOR,
        /** The receiver called {@link ReceiveContext#unhandled()}. */
        UNHANDLED,
        /**
         * The receiver failed on this message, and was resumed, restarted or stopped. Any message its code was
         * handed counts: told, fired by its own timer, {@link ReceiveTimeout}, {@link Terminated}, unstashed, or the
         * reply a {@link ReceiveContext#request} callback took.
         */
        FAILED,
        /** A reply was sent to a message that had no sender. */
        NO_SENDER,
        /** A reply arrived after its {@code ask} had completed or timed out. */
        ASK_COMPLETED,
        /** The receiver's mailbox refused the message. */
        MAILBOX_FULL
    }
}
