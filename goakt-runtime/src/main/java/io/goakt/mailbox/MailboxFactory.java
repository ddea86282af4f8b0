package io.goakt.mailbox;

import java.util.Comparator;
import java.util.Objects;

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

    /**
     * The default: an unbounded lock-free queue (as {@link MessageQueue#unbounded()}). Always the same instance; actors
     * spawned with it keep the queue inside their mailbox, without a separate queue object.
     */
    static MailboxFactory unbounded() {
        return UnboundedFactory.INSTANCE;
    }

    /**
     * A bounded lock-free queue ({@link BoundedMessageQueue}) of {@code capacity} envelopes: a {@code tell} to a full
     * mailbox throws {@code MailboxFullException}, and a {@code tell} with a wait blocks up to its timeout for room.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    static MailboxFactory bounded(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        return () -> new BoundedMessageQueue(capacity);
    }

    /**
     * An unbounded queue ({@link PriorityMessageQueue}) that delivers messages in the order of {@code onMessages},
     * applied to the messages as sent, and messages that compare equal in arrival order. The comparator runs on the
     * sending threads and also sees messages the runtime queues itself, so it must accept any object.
     */
    static MailboxFactory priority(Comparator<Object> onMessages) {
        Objects.requireNonNull(onMessages, "onMessages");
        return () -> new PriorityMessageQueue(onMessages);
    }

    /**
     * An unbounded queue ({@link FairMessageQueue}) that serves senders round-robin, each sender's messages in the
     * order sent, so one flooding sender cannot starve the others.
     */
    static MailboxFactory fair() {
        return FairMessageQueue::new;
    }
}
