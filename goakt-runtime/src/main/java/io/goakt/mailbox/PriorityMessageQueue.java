package io.goakt.mailbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded mailbox queue that hands out messages in the order of a comparator, and messages that compare equal
 * in arrival order.
 *
 * <h2>Approach</h2>
 * A binary min-heap kept in two parallel arrays, the envelopes and their arrival numbers, so a message costs no
 * allocation beyond its envelope. The comparator is applied to {@link Envelope#message()}; ties are broken by the
 * arrival number, a counter taken under the lock, which makes the order stable (equal priorities are FIFO). Every
 * operation on the heap runs under one {@link ReentrantLock}: a lock-free priority queue costs far more than the
 * short critical section of a heap insert, and a mailbox sees one consumer. The arrays shrink back when the queue
 * drains, so a burst does not pin a large array for the actor's life.
 *
 * <p>Sift-up and sift-down first find the target slot by comparisons alone and only then move elements, so a
 * comparator that throws cannot corrupt the heap: the sift stops at the slot it reached and the message is queued
 * there all the same, and the failure is logged (once per queue). A message is never lost or refused over a
 * comparator bug, which matters because the runtime queues messages of its own (timer firings, {@code Terminated},
 * messages wrapped with headers) that a comparator written for the application's messages may not expect; the
 * order among the messages involved is then unspecified.
 *
 * <h2>Concurrency contract</h2>
 * <ul>
 *   <li>{@link #offer}: any thread; blocking (takes the lock), never refuses, never throws for the comparator.
 *       The comparator runs under the lock, on the offering thread; it must be fast, side-effect free and
 *       consistent.</li>
 *   <li>{@link #poll}: the single consumer only (it is also safe from any thread, being locked).</li>
 *   <li>{@link #hasMessages}, {@link #size}: any thread, lock-free: a volatile load of the element count, which
 *       is exact when quiescent. The count is written with a volatile store after each insert, which is the
 *       store-then-load order the mailbox relies on between an offer and its read of the actor's status.</li>
 * </ul>
 * Messages from one producer that compare equal are polled in the order offered; otherwise priority wins.
 */
public final class PriorityMessageQueue implements MessageQueue {

    private static final Logger LOG = LoggerFactory.getLogger(PriorityMessageQueue.class);
    private static final int INITIAL_CAPACITY = 16;
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(PriorityMessageQueue.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Comparator<Object> onMessages;
    private final ReentrantLock lock = new ReentrantLock();
    /** The heap; guarded by lock. */
    private Envelope[] heap = new Envelope[INITIAL_CAPACITY];
    /** Arrival numbers, parallel to heap; guarded by lock. */
    private long[] arrivals = new long[INITIAL_CAPACITY];
    /** Whether a comparator failure was logged already; guarded by lock. */
    private boolean failureLogged;
    /** Next arrival number; guarded by lock. */
    private long nextArrival;
    /** Elements in the heap. Written under lock; read lock-free through COUNT. */
    @SuppressWarnings("unused")
    private int count;

    /** An empty queue ordered by {@code onMessages} applied to the envelopes' messages. */
    public PriorityMessageQueue(Comparator<Object> onMessages) {
        this.onMessages = Objects.requireNonNull(onMessages, "onMessages");
    }

    @Override
    public boolean offer(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        lock.lock();
        try {
            int n = (int) COUNT.get(this); // plain load: we hold the lock, the only writer's guard
            if (n == heap.length) {
                grow();
            }
            long arrival = nextArrival++;
            int slot = siftUpTarget(n, envelope, arrival);
            for (int i = n; i > slot; ) {
                int parent = (i - 1) >>> 1;
                heap[i] = heap[parent];
                arrivals[i] = arrivals[parent];
                i = parent;
            }
            heap[slot] = envelope;
            arrivals[slot] = arrival;
            // Volatile store: publishes the count to hasMessages/size (volatile loads), and orders the caller's
            // following volatile read of the mailbox status after it.
            COUNT.setVolatile(this, n + 1);
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** Where an element added at {@code i} comes to rest: the highest ancestor slot it is strictly before. */
    private int siftUpTarget(int i, Envelope e, long arrival) {
        try {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (compare(e, arrival, heap[parent], arrivals[parent]) >= 0) {
                    break;
                }
                i = parent;
            }
        } catch (RuntimeException comparatorFailed) {
            comparatorFailed(comparatorFailed); // keep the message at the slot reached: see the class comment
        }
        return i;
    }

    private void comparatorFailed(RuntimeException e) {
        if (!failureLogged) {
            failureLogged = true;
            LOG.warn("priority mailbox comparator {} threw; the message is kept but its order is unspecified"
                    + " (logged once per mailbox)", onMessages, e);
        }
    }

    @Override
    public Envelope poll() {
        // Volatile load: pairs with the volatile store in offer; an empty queue is answered without the lock.
        if ((int) COUNT.getVolatile(this) == 0) {
            return null;
        }
        lock.lock();
        try {
            int n = (int) COUNT.get(this); // plain load under the lock
            if (n == 0) {
                return null;
            }
            Envelope first = heap[0];
            int last = n - 1;
            Envelope moved = heap[last];
            long movedArrival = arrivals[last];
            heap[last] = null;
            if (last > 0) {
                placeFromRoot(moved, movedArrival, last);
            }
            COUNT.setVolatile(this, last); // volatile store: pairs with the lock-free loads in hasMessages/size
            if (last == 0 && heap.length > INITIAL_CAPACITY) {
                heap = new Envelope[INITIAL_CAPACITY];
                arrivals = new long[INITIAL_CAPACITY];
            }
            return first;
        } finally {
            lock.unlock();
        }
    }

    /** Sift-down of {@code e} from the root over a heap of {@code n} elements; moves happen after the search. */
    private void placeFromRoot(Envelope e, long arrival, int n) {
        int slot = 0;
        try {
            for (;;) {
                int child = 2 * slot + 1;
                if (child >= n) {
                    break;
                }
                int right = child + 1;
                if (right < n && compare(heap[right], arrivals[right], heap[child], arrivals[child]) < 0) {
                    child = right;
                }
                if (compare(e, arrival, heap[child], arrivals[child]) <= 0) {
                    break;
                }
                slot = child;
            }
        } catch (RuntimeException comparatorFailed) {
            comparatorFailed(comparatorFailed); // keep every message: stop at the slot reached
        }
        // Move each ancestor of slot one level up, top down, then put e in the hole left at slot.
        int depth = 0;
        for (int i = slot; i > 0; i = (i - 1) >>> 1) {
            depth++;
        }
        int hole = 0;
        for (int d = depth - 1; d >= 0; d--) {
            int child = ((slot + 1) >>> d) - 1; // the ancestor of slot at depth (depth - d)
            heap[hole] = heap[child];
            arrivals[hole] = arrivals[child];
            hole = child;
        }
        heap[hole] = e;
        arrivals[hole] = arrival;
    }

    private int compare(Envelope a, long arrivalA, Envelope b, long arrivalB) {
        int c = onMessages.compare(a.message(), b.message());
        return c != 0 ? c : Long.compare(arrivalA, arrivalB);
    }

    private void grow() {
        int length = heap.length;
        if (length >= Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("priority mailbox is full at " + length + " messages");
        }
        int newLength = (int) Math.min(Integer.MAX_VALUE - 8L, 2L * length);
        Envelope[] h = new Envelope[newLength];
        long[] a = new long[newLength];
        System.arraycopy(heap, 0, h, 0, length);
        System.arraycopy(arrivals, 0, a, 0, length);
        heap = h;
        arrivals = a;
    }

    @Override
    public boolean hasMessages() {
        return (int) COUNT.getVolatile(this) != 0; // volatile load: pairs with the volatile stores in offer/poll
    }

    @Override
    public int size() {
        return (int) COUNT.getVolatile(this); // volatile load: pairs with the volatile stores in offer/poll
    }

    @Override
    public String toString() {
        return "PriorityMessageQueue[size=" + size() + "]";
    }
}
