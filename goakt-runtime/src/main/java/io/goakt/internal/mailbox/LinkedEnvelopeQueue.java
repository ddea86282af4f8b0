package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

import java.lang.invoke.VarHandle;

/**
 * An unbounded, intrusive, lock-free multi-producer single-consumer linked queue of envelopes, for any object that
 * holds a {@code head} and a {@code tail} reference: the queue of each {@link SenderLanes} lane and of the public
 * {@link LinkedMessageQueue}. (The default mailbox's own queue is a {@link SlotQueue}, which
 * needs no envelope while a message waits.)
 *
 * <h2>Why an interface</h2>
 * The holders keep the two references in their own fields (a lane pads them onto separate cache lines), and each
 * implements the five accessors with {@link VarHandle}s on them; the algorithm is written once, here.
 *
 * <h2>Algorithm</h2>
 * {@code tail} is the last node, or {@code null} when the queue is empty. A producer swaps itself in as the tail
 * with one atomic exchange; if the previous tail was {@code null} the queue was empty and the producer publishes
 * itself as the {@code head}, otherwise it links the previous tail to itself. The consumer takes the head; when the
 * head has no successor it clears {@code head} and tries to CAS {@code tail} from that node to {@code null}: success
 * means the queue is empty again, failure means a producer has just swapped itself in behind the node, and the
 * consumer waits for its link. (The structure is the MCS lock's queue, used as a mailbox.) There is no stub node,
 * so an empty queue is two null references and retains no message.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #offerLinked}: any thread; wait-free (one {@code getAndSet}, one release store). The exchange is a
 *       full fence, which callers rely on: a read after it cannot see a state older than the enqueue.</li>
 *   <li>{@link #pollLinked}, {@link #hasLinked}: the single consumer only. Between a producer's exchange and its
 *       store of the link (or of the head) the new node is not yet reachable; {@code pollLinked} then spins until it
 *       is (the producer is between two instructions), so a message is never skipped.</li>
 *   <li>{@link #sizeLinked}: any thread; walks the list, so it is linear in the size and only an estimate.</li>
 * </ul>
 */
public interface LinkedEnvelopeQueue extends ConsumerEnd {

    /** Acquire load of the head (the next node to consume), or null. */
    Envelope headAcquire();

    /** Release store of the head. */
    void headRelease(Envelope head);

    /** Volatile load of the tail (the last node), or null when empty. */
    Envelope tailVolatile();

    /** Atomic exchange of the tail (a full fence). */
    Envelope tailGetAndSet(Envelope tail);

    /** Atomic compare-and-set of the tail. */
    boolean tailCompareAndSet(Envelope expect, Envelope update);

    /** Enqueues; any thread. Never refuses. */
    default void offerLinked(Envelope envelope) {
        // Volatile getAndSet: orders the envelope's fields before it becomes the tail.
        linkBehind(tailGetAndSet(envelope), envelope);
    }

    /**
     * Enqueues a chain of envelopes at once, in the chain's order; any thread. {@code first} to {@code last} must be
     * linked through their {@code next} (see {@link #linkChain}) and held by nobody else. One exchange and one release
     * store, as for a single envelope, so no other producer's envelope falls inside the chain.
     */
    default void offerChain(Envelope first, Envelope last) {
        // Volatile getAndSet: orders the chain's fields and links before its last node becomes the tail.
        linkBehind(tailGetAndSet(last), first);
    }

    /**
     * Builds the chain {@link #offerChain} takes: {@code envelopes[0]} to {@code envelopes[n - 1]} linked in order.
     * Plain stores: the chain is published by the exchange and release store of {@code offerChain}.
     */
    static void linkChain(Envelope[] envelopes) {
        for (int i = 1; i < envelopes.length; i++) {
            EnvelopeLinks.NEXT.set(envelopes[i - 1], envelopes[i]);
        }
    }

    /**
     * {@link #offerLinked}, and says whether it met another producer: false when the tail it exchanged was another
     * producer's node that was not there when it read the tail just before. (The consumer emptying the queue in
     * between is no contention and returns true.) A cheap sign of contention; the read costs nothing extra when the
     * caller has just read a field on the same line.
     */
    default boolean offerLinkedSensing(Envelope envelope) {
        Envelope seen = tailVolatile();
        Envelope prev = tailGetAndSet(envelope);
        linkBehind(prev, envelope);
        return prev == seen || prev == null;
    }

    /** A producer's second store: makes {@code envelope}, just swapped in behind {@code prev}, reachable. */
    private void linkBehind(Envelope prev, Envelope envelope) {
        if (prev == null) {
            // The queue was empty. Release store: pairs with the consumer's acquire load of head.
            headRelease(envelope);
        } else {
            // Release store: pairs with the consumer's acquire load of next.
            EnvelopeLinks.NEXT.setRelease(prev, envelope);
        }
    }

    /** Dequeues the oldest envelope, or returns null when empty; consumer only. */
    default Envelope pollLinked() {
        Envelope h = headAcquire();
        if (h == null) {
            if (tailVolatile() == null) {
                return null;
            }
            h = EnvelopeLinks.awaitHead(this); // a producer found the queue empty and is about to publish the head
        }
        Envelope next = (Envelope) EnvelopeLinks.NEXT.getAcquire(h);
        if (next == null) {
            // h looks like the last node: clear head first, so a producer that finds the queue empty after our CAS
            // publishes a head we will not overwrite.
            headRelease(null);
            if (tailCompareAndSet(h, null)) {
                return h;
            }
            next = EnvelopeLinks.awaitLink(h); // a producer swapped itself in behind h
        }
        headRelease(next);
        EnvelopeLinks.NEXT.setRelease(h, null);
        return h;
    }

    /**
     * Like {@link #pollLinked()}, but never waits for a producer: when the next envelope is being added right now (a
     * producer has swapped itself in as the tail but not yet made itself reachable) it returns null and leaves the
     * queue as it was, and {@link #hasLinked()} then says true. Consumer only.
     *
     * <p>The window between a producer's exchange and its store is two instructions long, but a producer that is
     * descheduled right there (an interrupt lands at the end of the costly exchange) holds it open for a whole time
     * slice; a consumer that waits for it then waits milliseconds, with other actors' work at hand.
     */
    default Envelope pollLinkedNoWait() {
        Envelope h = headAcquire();
        if (h == null) {
            return null; // empty, or a producer found it empty and has yet to publish the head
        }
        Envelope next = (Envelope) EnvelopeLinks.NEXT.getAcquire(h);
        if (next == null) {
            headRelease(null); // see pollLinked
            if (tailCompareAndSet(h, null)) {
                return h;
            }
            next = (Envelope) EnvelopeLinks.NEXT.getAcquire(h);
            if (next == null) {
                // A producer swapped itself in behind h and has yet to link it. The tail is not null, so no producer
                // writes the head meanwhile: put h back and come again later.
                headRelease(h);
                return null;
            }
        }
        headRelease(next);
        EnvelopeLinks.NEXT.setRelease(h, null);
        return h;
    }

    /** True when an envelope is queued or being linked in right now; consumer only (a volatile read of the tail). */
    default boolean hasLinked() {
        return tailVolatile() != null;
    }

    /** The number of queued envelopes; any thread, an estimate, linear in the size. */
    default int sizeLinked() {
        Envelope n = headAcquire();
        int count = 0;
        while (n != null && count < Integer.MAX_VALUE) {
            count++;
            n = (Envelope) EnvelopeLinks.NEXT.getOpaque(n);
        }
        return count;
    }

    @Override
    default Envelope pollNoWait() {
        return pollLinkedNoWait();
    }

    @Override
    default boolean hasQueued() {
        return hasLinked();
    }
}
