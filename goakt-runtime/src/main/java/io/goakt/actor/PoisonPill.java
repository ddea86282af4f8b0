package io.goakt.actor;

/**
 * Stops the receiving actor once the messages queued ahead of it are handled; messages behind it become dead
 * letters. The actor's {@link Actor#receive} never sees it.
 */
public enum PoisonPill {
    /** The only instance. */
    INSTANCE
}
