package io.goakt.grain;

import io.goakt.actor.ActorRef;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A handle to a grain by its {@link GrainIdentity}. It holds no actor: the grain need not be active, and the ref stays
 * valid across any number of deactivations and reactivations. Two refs are equal when their identities are.
 *
 * <p>Messages from one sender to one grain are handled in send order, each exactly once, also when they race with the
 * grain's deactivation (they then go to the next activation). The exceptions are those of any actor: messages queued
 * in an activation whose actor is stopped from outside (system shutdown, an operator's stop) become dead letters, and
 * a priority mailbox does not keep send order.
 *
 * <p>Threading: immutable; every method may be called by any thread.
 *
 * <p>The runtime provides the implementations (get one from {@link GrainRegistry#ref}); applications do not extend
 * this class.
 */
public abstract class GrainRef {

    private final GrainIdentity identity;

    /** For the runtime's implementations only. */
    protected GrainRef(GrainIdentity identity) {
        this.identity = Objects.requireNonNull(identity, "identity");
    }

    /** The identity of the grain. */
    public final GrainIdentity identity() {
        return identity;
    }

    /**
     * Sends {@code message} without waiting, activating the grain if needed. A
     * {@link io.goakt.actor.PoisonPill} never reaches {@link Grain#receive}: it ends the activation after the messages
     * ahead of it, as {@link GrainContext#deactivate()} does, and messages behind it go to the next activation.
     *
     * @param sender where {@link GrainContext#respond} replies go, or {@code null}
     * @throws io.goakt.actor.MailboxFullException when the grain's bounded mailbox is full; the message was not sent
     */
    public abstract void tell(Object message, ActorRef sender);

    /** Sends {@code message} with no sender. */
    public final void tell(Object message) {
        tell(message, null);
    }

    /**
     * Sends {@code message} and returns the grain's reply. The stage fails with the grain's exception when its
     * {@code receive} threw, with {@link GrainActivationException} when its activation failed, and with
     * {@link io.goakt.actor.AskTimeoutException} when no reply came within {@code timeout}.
     *
     * <p>Never block a grain's or an actor's thread on the returned stage.
     */
    public abstract CompletionStage<Object> ask(Object message, Duration timeout);

    /**
     * Like {@link #ask(Object, Duration)}, with the reply checked to be a {@code replyType}; another reply type fails
     * the stage with {@link ClassCastException}.
     */
    public final <R> CompletionStage<R> ask(Object message, Class<R> replyType, Duration timeout) {
        Objects.requireNonNull(replyType, "replyType");
        return ask(message, timeout).thenApply(replyType::cast);
    }

    @Override
    public final boolean equals(Object o) {
        return o == this || (o instanceof GrainRef other && identity.equals(other.identity));
    }

    @Override
    public final int hashCode() {
        return identity.hashCode();
    }

    @Override
    public String toString() {
        return "GrainRef[" + identity + "]";
    }
}
