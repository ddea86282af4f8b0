package io.goakt.actor;

/**
 * Stops the receiving actor once the messages queued ahead of it are handled; messages behind it become dead
 * letters. The actor's {@link Actor#receive} never sees it, whichever way it arrives: told, forwarded, with headers,
 * from another node, or as the message of the actor's own timer ({@link Context#scheduleOnce}).
 */
public enum PoisonPill {
    /** The only instance. */
    INSTANCE
}
