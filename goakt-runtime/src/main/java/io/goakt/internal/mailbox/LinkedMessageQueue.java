package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

/**
 * The unbounded queue of {@link io.goakt.mailbox.MessageQueue#unbounded()}: an intrusive, lock-free multi-producer
 * single-consumer linked queue of envelopes, as an object of its own.
 *
 * <h2>Why this shape</h2>
 * An actor's mailbox is almost always near empty, is written by many threads and read by one, and a system may
 * hold a million of them. The queue therefore has to be cheap to create and small when idle (two references, no
 * stub node, no padding, no pre-sized array), and the producer path must not loop under contention. The envelope
 * is the node, so a message costs one allocation, and a consumed envelope is unlinked at once, so an idle queue
 * retains no message. The algorithm (the MCS lock's queue, used as a mailbox) is described in
 * {@link LinkedEnvelopeQueue}; the two references are {@link EnvelopeQueue}'s, so the queue is one object.
 *
 * <p>Actors created with the default mailbox ({@code MailboxFactory.unbounded()}) do not get an instance of this
 * class: the runtime keeps their queue in the actor's own mailbox, with an algorithm that stores message and sender
 * without an envelope per waiting message. This class is for code that asks for a queue object explicitly, and the
 * building block of {@code BoundedMessageQueue}.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #offer}: any thread; wait-free (one {@code getAndSet}, one release store). The exchange is a full
 *       fence: a read after the offer cannot see a state older than the enqueue.</li>
 *   <li>{@link #poll}, {@link #hasMessages}: the single consumer only; a message being linked in by a producer
 *       counts as present, and {@code poll} waits the few instructions until it is reachable.</li>
 *   <li>{@link #size}: any thread; walks the list, so it is linear in the size and only an estimate.</li>
 * </ul>
 */
public final class LinkedMessageQueue extends EnvelopeQueue implements MessageQueue {

    /** An empty queue. */
    public LinkedMessageQueue() {
    }

    @Override
    public boolean offer(Envelope envelope) {
        offerLinked(envelope);
        return true;
    }

    @Override
    public Envelope poll() {
        return pollLinked();
    }

    @Override
    public boolean hasMessages() {
        return hasLinked();
    }

    @Override
    public int size() {
        return sizeLinked();
    }
}
