package io.goakt.router;

/**
 * Asks a pool router for its current routees; it responds with {@link Routees}. Never routed. Routees that a
 * shrink took out of rotation and that are still draining their mailboxes are not listed.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum GetRoutees {
    /** The only instance. */
    INSTANCE
}
