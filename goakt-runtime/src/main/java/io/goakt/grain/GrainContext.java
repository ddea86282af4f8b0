package io.goakt.grain;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;

/**
 * What a grain can do from inside {@link Grain#onActivate}, {@link Grain#receive} and {@link Grain#onDeactivate}.
 *
 * <p>Threading: a context belongs to its grain. Call it only on the grain's thread during one of those callbacks;
 * never keep it for a callback of a {@code CompletionStage} or hand it to another thread.
 */
public interface GrainContext {

    /** The identity of this grain. */
    GrainIdentity identity();

    /** The message being handled, or {@code null} in {@code onActivate} and {@code onDeactivate}. */
    Object message();

    /**
     * The sender of the current message: an actor, an {@code ask}'s temporary reply address, or another grain (see
     * {@link #tell}); {@code null} when it was sent without one, and in {@code onActivate} and {@code onDeactivate}.
     */
    ActorRef sender();

    /**
     * Replies to the current message: completes the {@code ask} that sent it, or tells the sender, with this grain
     * as the sender (so a grain that replies to a grain reaches it by identity, across reactivations). Without a
     * sender the reply becomes a dead letter.
     */
    void respond(Object reply);

    /** A ref to this grain, to hand to others. */
    GrainRef self();

    /** The actor system this grain runs in. */
    ActorSystem system();

    /** The registry this grain belongs to, to reach other grains. */
    GrainRegistry grains();

    /**
     * Sends {@code message} to {@code to} with this grain as the sender: the receiver's {@code respond} comes back to
     * this grain through its identity, even if it was deactivated meanwhile.
     */
    void tell(GrainRef to, Object message);

    /** Sends the current message on to {@code to}, keeping its sender (an {@code ask} then gets {@code to}'s reply). */
    void forward(GrainRef to);

    /**
     * Deactivates this grain once the current callback returns: {@code onDeactivate} runs, and messages that arrived
     * meanwhile go to the next activation, in order.
     */
    void deactivate();
}
