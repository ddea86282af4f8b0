package io.goakt.supervision;

/**
 * OTP child restart types: how a supervisor treats an actor that ended, normally or not.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum RestartPolicy {
    /**
     * Always kept alive: restarted after a failure and also after it stopped itself ({@code ctx.stop()} or a
     * {@code PoisonPill}). Only its parent, {@code ActorSystem.stop} or shutdown ends it for good.
     */
    PERMANENT,
    /** Restarted after a failure (as the strategy decides); a stop it asked for itself is final. The default. */
    TRANSIENT,
    /** Never restarted: a failure that the strategy would answer with restart stops it instead. */
    TEMPORARY
}
