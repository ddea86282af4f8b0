package io.goakt.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The default mailbox queue: an unbounded, intrusive, lock-free multi-producer single-consumer linked queue.
 *
 * <h2>Why this shape</h2>
 * An actor's mailbox is almost always near empty, is written by many threads and read by one, and a system may
 * hold a million of them. The queue therefore has to be cheap to create and small when idle (two references, no
 * stub node, no padding, no pre-sized array), and the producer path must not loop under contention. The envelope
 * is the node, so a message costs one allocation, and a consumed envelope is unlinked at once, so an idle queue
 * retains no message.
 *
 * <h2>Algorithm</h2>
 * {@code tail} is the last node, or {@code null} when the queue is empty. A producer swaps itself in as the tail
 * with one atomic exchange; if the previous tail was {@code null} the queue was empty and the producer publishes
 * itself as the {@code head}, otherwise it links the previous tail to itself. The consumer takes the head; when the
 * head has no successor it clears {@code head} and tries to CAS {@code tail} from that node to {@code null}: success
 * means the queue is empty again, failure means a producer has just swapped itself in behind the node, and the
 * consumer waits for its link. (The structure is the MCS lock's queue, used as a mailbox.)
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #offer}: any thread; wait-free (one {@code getAndSet}, one release store).</li>
 *   <li>{@link #poll}, {@link #hasMessages}: the single consumer only. Between a producer's exchange and its store
 *       of the link (or of the head) the new node is not yet reachable; {@code poll} then spins until it is (the
 *       producer is between two instructions), so a message is never skipped.</li>
 *   <li>{@link #size}: any thread; walks the list, so it is linear in the size and only an estimate.</li>
 * </ul>
 */
public final class UnboundedMessageQueue implements MessageQueue {

    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(UnboundedMessageQueue.class, "tail", Envelope.class);
            HEAD = l.findVarHandle(UnboundedMessageQueue.class, "head", Envelope.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The next node to consume, or null. Written by the consumer, and by a producer that found the queue empty. */
    @SuppressWarnings("unused")
    private Envelope head;
    /** The last node, or null when empty. Producers swap it; the consumer CASes it back to null. */
    @SuppressWarnings("unused")
    private Envelope tail;

    /** An empty queue. */
    public UnboundedMessageQueue() {
    }

    @Override
    public boolean offer(Envelope envelope) {
        // Volatile getAndSet: orders the envelope's fields before it becomes the tail, and is the full fence the
        // caller's later status read relies on to not miss a consumer that is going idle.
        Envelope prev = (Envelope) TAIL.getAndSet(this, envelope);
        if (prev == null) {
            // Release store: pairs with the consumer's acquire load of head.
            HEAD.setRelease(this, envelope);
        } else {
            // Release store: pairs with the consumer's acquire load of next.
            prev.setNextRelease(envelope);
        }
        return true;
    }

    @Override
    public Envelope poll() {
        Envelope h = (Envelope) HEAD.getAcquire(this);
        if (h == null) {
            if (TAIL.getVolatile(this) == null) {
                return null;
            }
            h = awaitHead(); // a producer found the queue empty and is about to publish itself as the head
        }
        Envelope next = h.nextAcquire();
        if (next == null) {
            // h looks like the last node: clear head first, so a producer that finds the queue empty after our CAS
            // publishes a head we will not overwrite.
            HEAD.setRelease(this, null);
            if (TAIL.compareAndSet(this, h, null)) {
                return h;
            }
            next = awaitLink(h); // a producer swapped itself in behind h
        }
        HEAD.setRelease(this, next);
        h.setNextRelease(null);
        return h;
    }

    /** Slow path: the tail is set but the head not yet. */
    private Envelope awaitHead() {
        Envelope h;
        int spins = 0;
        while ((h = (Envelope) HEAD.getAcquire(this)) == null) {
            backOff(++spins);
        }
        return h;
    }

    /** Slow path: a producer has swapped the tail but not yet linked its node. */
    private static Envelope awaitLink(Envelope h) {
        Envelope next;
        int spins = 0;
        while ((next = h.nextAcquire()) == null) {
            backOff(++spins);
        }
        return next;
    }

    private static void backOff(int spins) {
        if (spins < 128) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Override
    public boolean hasMessages() {
        // Volatile load of tail: a message in the middle of being linked counts as present.
        return TAIL.getVolatile(this) != null;
    }

    @Override
    public int size() {
        Envelope n = (Envelope) HEAD.getAcquire(this);
        int count = 0;
        while (n != null && count < Integer.MAX_VALUE) {
            count++;
            n = n.nextOpaque();
        }
        return count;
    }
}
