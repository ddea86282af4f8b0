package io.goakt.actor;

/**
 * The first message every actor instance receives, after {@link Actor#preStart}: a fresh actor gets it before any
 * message sent to it, a restarted one before its queued messages. Ignoring it is fine; passing it to
 * {@link ReceiveContext#unhandled()} does not make a dead letter.
 */
public enum PostStart {
    /** The only instance. */
    INSTANCE
}
