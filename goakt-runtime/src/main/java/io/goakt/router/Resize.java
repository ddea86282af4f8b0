package io.goakt.router;

/**
 * Changes the number of routees of a pool router at run time. Growing spawns new routees at once; shrinking takes
 * the newest routees out of rotation and sends each a {@link io.goakt.actor.PoisonPill}, so every message already
 * queued for them is still handled before they stop. Never routed; no reply.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param size the new number of routees, at least 1
 */
public record Resize(int size) {
    /** Checks the size. */
    public Resize {
        if (size < 1) {
            throw new IllegalArgumentException("a pool needs at least 1 routee, was " + size);
        }
    }
}
