package io.goakt.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The default mailbox queue: an unbounded, intrusive, lock-free multi-producer single-consumer linked queue.
 *
 * <h2>Why this shape</h2>
 * An actor's mailbox is almost always near empty, is written by many threads and read by one, and a system may
 * hold a million of them. The queue therefore has to be cheap to create and small when idle (two references and
 * one stub node, no padding, no pre-sized array), and the producer path must not loop under contention. This is
 * Dmitry Vyukov's intrusive MPSC queue: a producer swaps itself in as the tail with one atomic exchange and then
 * links the previous tail to itself; the consumer follows {@code next} links from the head. The envelope is the
 * node, so a message costs one allocation.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #offer}: any thread; wait-free (one {@code getAndSet}, one release store).</li>
 *   <li>{@link #poll}, {@link #hasMessages}: the single consumer only. Between a producer's exchange and its link
 *       the queue is briefly not linearizable: the tail has moved but the node is not reachable. {@code poll} then
 *       spins until the link appears (the producer is between two instructions), so a message is never skipped.</li>
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

    /** Consumer-owned; the node whose successor is the next message. Reached through HEAD. */
    @SuppressWarnings("unused")
    private Envelope head;
    /** Producers swap it; reached through TAIL. */
    @SuppressWarnings("unused")
    private Envelope tail;

    /** An empty queue. */
    public UnboundedMessageQueue() {
        Envelope stub = new Envelope(null, null);
        HEAD.set(this, stub);
        TAIL.set(this, stub);
    }

    @Override
    public boolean offer(Envelope envelope) {
        // Volatile getAndSet: orders the envelope's fields before it becomes the tail, and is the full fence the
        // caller's later status read relies on to not miss a consumer that is going idle.
        Envelope prev = (Envelope) TAIL.getAndSet(this, envelope);
        // Release store: pairs with the consumer's acquire load of next in poll.
        prev.setNextRelease(envelope);
        return true;
    }

    @Override
    public Envelope poll() {
        Envelope h = (Envelope) HEAD.get(this); // plain: consumer-owned
        Envelope next = h.nextAcquire();
        if (next == null) {
            if (h == TAIL.getVolatile(this)) {
                return null;
            }
            next = awaitLink(h);
        }
        // Release store: lets size() on other threads see a consistent head; free on x86.
        HEAD.setRelease(this, next);
        return next;
    }

    /** Slow path: a producer has swapped the tail but not yet linked its node. */
    private static Envelope awaitLink(Envelope h) {
        Envelope next;
        int spins = 0;
        while ((next = h.nextAcquire()) == null) {
            if (++spins < 128) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        return next;
    }

    @Override
    public boolean hasMessages() {
        // Volatile load of tail: a message in the middle of being linked counts as present.
        return HEAD.get(this) != TAIL.getVolatile(this);
    }

    @Override
    public int size() {
        Envelope n = ((Envelope) HEAD.getAcquire(this)).nextOpaque();
        int count = 0;
        while (n != null && count < Integer.MAX_VALUE) {
            count++;
            n = n.nextOpaque();
        }
        return count;
    }
}
