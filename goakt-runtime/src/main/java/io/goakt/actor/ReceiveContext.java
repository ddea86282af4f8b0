package io.goakt.actor;

import java.time.Duration;
import java.util.Map;

/**
 * The {@link Context} while handling one message: the message, its sender, and what can be done with it.
 *
 * <p>Threading: valid only on the actor's thread and only until {@link Actor#receive} returns.
 */
public interface ReceiveContext extends Context {

    /** The message being handled. */
    Object message();

    /** The sender of the message, or {@code null} when it was sent from outside any actor. */
    ActorRef sender();

    /**
     * Metadata that travelled with the current message (trace and baggage entries, auth tokens), as set by a
     * {@code ContextPropagator} on the sending node; empty for messages sent without any.
     */
    Map<String, String> headers();

    /**
     * Replies to the sender with this actor as the sender. Without a sender the reply becomes a
     * {@link DeadLetter}.
     */
    void respond(Object reply);

    /** Sends the current message on to {@code to}, keeping its original sender. */
    void forward(ActorRef to);

    /**
     * Marks the current message as not understood: it is published as a {@link DeadLetter} with reason
     * {@link DeadLetter.Reason#UNHANDLED}, and an {@code ask} waiting on it fails at once.
     */
    void unhandled();

    /**
     * Keeps the current message aside until {@link #unstash()} or {@link #unstashAll()}. A message is stashed at
     * most once each time it is handled: once unstashed it may be stashed again.
     *
     * @throws StashOverflowException when the stash is at its capacity; the failure goes to the supervisor
     * @throws IllegalStateException  when the current message is already stashed (it would be handled twice), or
     *                                when no message is being handled
     */
    void stash();

    /** Puts the oldest stashed message back, ahead of the mailbox; returns false if the stash was empty. */
    boolean unstash();

    /** Puts every stashed message back, ahead of the mailbox, in the order they were stashed. */
    void unstashAll();

    /**
     * Asks {@code to} and continues in {@code callback} on this actor's thread when the reply arrives (GoAkt's
     * reentrant request). Meanwhile the actor handles other messages or sets them aside, as its
     * {@link Reentrancy} mode says. A restart or stop drops pending callbacks.
     *
     * @throws RequestLimitException when the actor's {@link Reentrancy#maxInFlight()} requests are already waiting
     */
    void request(ActorRef to, Object message, Duration timeout, RequestCallback callback);

    /** {@link #request(ActorRef, Object, Duration, RequestCallback)} with a mode for this call only. */
    void request(ActorRef to, Object message, Duration timeout, Reentrancy.Mode mode, RequestCallback callback);

    /** The number of stashed messages. */
    int stashSize();
}
