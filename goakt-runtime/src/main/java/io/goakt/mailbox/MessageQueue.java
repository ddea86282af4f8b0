package io.goakt.mailbox;

import io.goakt.internal.mailbox.LinkedMessageQueue;

import java.util.concurrent.TimeUnit;

/**
 * The user-message queue of one actor: many producers, one consumer.
 *
 * <p>Contract for implementations (every implementation must pass the shared conformance suite):
 * <ul>
 *   <li>{@link #offer} may be called by any thread at any time, concurrently with everything else.</li>
 *   <li>{@link #poll} and {@link #hasMessages} are called by one consumer thread at a time; the runtime hands the
 *       consumer role from thread to thread with a volatile write and read, so implementations need no extra
 *       fence for that hand-over.</li>
 *   <li>Envelopes offered by one producer are polled in the order offered, unless the queue documents another
 *       order (a priority queue does).</li>
 *   <li>{@link #size()} may be called by any thread and is an estimate under concurrency.</li>
 * </ul>
 */
public interface MessageQueue {

    /**
     * A new unbounded lock-free queue: an intrusive linked list of envelopes (the envelope is the node, so a message
     * costs no allocation beyond its envelope, and an empty queue is two null references). {@link #offer} is
     * wait-free from any thread; {@link #poll} and {@link #hasMessages} are for the single consumer; {@link #size}
     * walks the list. Actors spawned with {@link MailboxFactory#unbounded()} do not use one: their queue lives in
     * the actor's mailbox itself.
     */
    static MessageQueue unbounded() {
        return new LinkedMessageQueue();
    }

    /**
     * Adds an envelope. Returns {@code false} only when the queue refuses it (a bounded queue that is full); the
     * caller then reports the message, it is never dropped silently.
     */
    boolean offer(Envelope envelope);

    /**
     * Adds an envelope, waiting up to {@code timeout} for room if the queue is bounded and full. Unbounded queues
     * never wait. Returns {@code false} if there was still no room.
     */
    default boolean offer(Envelope envelope, long timeout, TimeUnit unit)
            throws InterruptedException {
        return offer(envelope);
    }

    /** The most envelopes the queue holds, or {@link Integer#MAX_VALUE} when unbounded. */
    default int capacity() {
        return Integer.MAX_VALUE;
    }

    /** Removes and returns the next envelope, or {@code null} when the queue is empty. Consumer only. */
    Envelope poll();

    /** True when {@link #poll} would return an envelope, or one is being added right now. Consumer only. */
    boolean hasMessages();

    /** The number of queued envelopes; an estimate under concurrency, and it may cost time linear in the size. */
    int size();
}
