package io.goakt.grain;

import java.util.Objects;

/**
 * Published when an activation of a grain has ended, after its {@link Grain#onDeactivate}. Not published for an
 * activation whose {@code onActivate} failed (it never started).
 *
 * @param identity the grain
 * @param reason   why it ended
 */
public record GrainDeactivated(GrainIdentity identity, Reason reason) implements GrainEvent {

    /** Checks the parts. */
    public GrainDeactivated {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(reason, "reason");
    }

    /** Why an activation ended. */
    public enum Reason {
        /** No message arrived for {@link GrainOptions#idleTimeout()}. */
        IDLE,
        /** It handled {@link GrainOptions#maxMessages()} messages. */
        MAX_MESSAGES,
        /** {@link GrainContext#deactivate()} or {@link GrainRegistry#deactivate} asked for it. */
        REQUESTED,
        /** Its {@code receive} threw and its options say to deactivate on failure. */
        FAILURE,
        /** The system was over its {@link io.goakt.actor.EvictionPolicy#maxActors()} and chose this activation. */
        EVICTED,
        /** The actor system shut down. */
        SHUTDOWN,
        /** Its actor was stopped from outside (an operator's stop); messages queued in it became dead letters. */
        STOPPED
    }
}
