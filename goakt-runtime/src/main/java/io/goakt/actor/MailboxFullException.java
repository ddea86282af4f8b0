package io.goakt.actor;

/**
 * Thrown by {@code tell} when the receiver's bounded mailbox is full: the message was not enqueued, and the caller
 * decides what to do with it (retry, wait with {@link ActorRef#tell(Object, ActorRef, java.time.Duration)}, shed
 * load). Thrown from inside an actor it is a failure like any other, for the supervisor.
 */
public class MailboxFullException extends GoaktException {
    private static final long serialVersionUID = 1L;
    private final String path;
    private final int capacity;

    /** For the actor at {@code path} whose mailbox holds {@code capacity} messages. */
    public MailboxFullException(String path, int capacity) {
        super("mailbox of " + path + " is full (capacity " + capacity + ")");
        this.path = path;
        this.capacity = capacity;
    }

    /** The receiver's path. */
    public String path() {
        return path;
    }

    /** The receiver's mailbox capacity. */
    public int capacity() {
        return capacity;
    }
}
