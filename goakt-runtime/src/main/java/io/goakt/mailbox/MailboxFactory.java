package io.goakt.mailbox;

/**
 * Creates the user-message queue of each actor spawned with it. Chosen per actor in {@code SpawnOptions}, or for
 * the whole system in its config.
 *
 * <p>Implementations must be thread-safe: actors are spawned from any thread.
 */
@FunctionalInterface
public interface MailboxFactory {

    /** A new, empty queue for one actor. */
    MessageQueue create();

    /** The default: an unbounded lock-free queue ({@link UnboundedMessageQueue}). */
    static MailboxFactory unbounded() {
        return UnboundedMessageQueue::new;
    }
}
