package io.goakt.actor;

/** Thrown by {@link ReceiveContext#stash()} when the stash is full; the actor's supervisor handles it. */
public class StashOverflowException extends GoaktException {
    private static final long serialVersionUID = 1L;

    /** For an actor whose stash holds {@code capacity} messages. */
    public StashOverflowException(String path, int capacity) {
        super("stash of " + path + " is full (capacity " + capacity + ")");
    }
}
