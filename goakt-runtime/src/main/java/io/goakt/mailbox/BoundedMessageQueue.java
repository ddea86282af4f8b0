package io.goakt.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded multi-producer single-consumer mailbox queue: {@link #offer(Envelope)} refuses (returns {@code false})
 * when {@link #capacity()} envelopes are queued, and {@link #offer(Envelope, long, TimeUnit)} waits for room.
 *
 * <h2>Approach</h2>
 * The envelopes live in a {@link MessageQueue#unbounded()} (the envelope is the node, so an idle queue holds no array
 * and a message costs one allocation); the bound is kept by two counters beside it, in the manner of JCTools'
 * {@code MpscArrayQueue}. {@code producerCount} counts slots ever claimed and is advanced only by a producer's CAS,
 * which succeeds only while {@code producerCount - consumerCount < capacity}; {@code consumerCount} counts envelopes
 * ever polled and is written only by the consumer. A producer links its envelope after it has claimed a slot, and
 * the consumer releases a slot only after it has unlinked an envelope, so the number of linked envelopes never
 * exceeds the capacity. Producers cache {@code consumerCount + capacity} in {@code producerLimit} and read the
 * consumer's counter only when the cached limit is reached, so the consumer's cache line is left alone while the
 * queue is far from full.
 *
 * <h2>Waiting for room</h2>
 * A timed offer that finds the queue full registers in {@code waiters}, re-tries, and sleeps on a condition. The
 * consumer, after releasing a slot, reads {@code waiters} and only when it is non-zero takes the lock to signal one
 * waiter; with nobody waiting, a poll costs the list poll, one volatile store and one volatile load. The two sides
 * form a Dekker pair: the waiter writes {@code waiters} (full-fence RMW) then reads {@code consumerCount}; the
 * consumer writes {@code consumerCount} (volatile store) then reads {@code waiters}; so either the waiter sees the
 * freed slot or the consumer sees the waiter. Waiters get no priority over producers that do not wait: a freed slot
 * goes to whoever claims it first, and a signalled waiter that loses the race sleeps again.
 *
 * <h2>Concurrency contract</h2>
 * <ul>
 *   <li>{@link #offer(Envelope)}: any thread; lock-free (a CAS loop that retries only when another producer claimed
 *       a slot meanwhile), never blocks. Returns {@code false} only when the queue is full.</li>
 *   <li>{@link #offer(Envelope, long, TimeUnit)}: any thread; blocking, up to the timeout, interruptible.</li>
 *   <li>{@link #poll}, {@link #hasMessages}: the single consumer only. {@code poll} is lock-free except when a timed
 *       offer is waiting, then it takes a lock briefly to signal it.</li>
 *   <li>{@link #size}: any thread; claimed minus polled slots, between 0 and the capacity. A slot claimed by a
 *       producer that has not yet linked its envelope counts, so it is an estimate under concurrency and exact
 *       when quiescent. Constant time.</li>
 *   <li>{@link #capacity()}: any thread; the fixed capacity.</li>
 * </ul>
 */
public final class BoundedMessageQueue implements MessageQueue {

    private static final VarHandle PRODUCER_COUNT;
    private static final VarHandle PRODUCER_LIMIT;
    private static final VarHandle CONSUMER_COUNT;
    private static final VarHandle WAITERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER_COUNT = l.findVarHandle(BoundedMessageQueue.class, "producerCount", long.class);
            PRODUCER_LIMIT = l.findVarHandle(BoundedMessageQueue.class, "producerLimit", long.class);
            CONSUMER_COUNT = l.findVarHandle(BoundedMessageQueue.class, "consumerCount", long.class);
            WAITERS = l.findVarHandle(BoundedMessageQueue.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int capacity;
    private final MessageQueue list = MessageQueue.unbounded();

    /** Slots ever claimed. Reached through PRODUCER_COUNT only; advanced by producers' CAS. */
    @SuppressWarnings("unused")
    private long producerCount;
    /** A lower bound of {@code consumerCount + capacity}; producers claim below it without reading consumerCount. */
    @SuppressWarnings("unused")
    private long producerLimit;
    /** Envelopes ever polled. Reached through CONSUMER_COUNT only; written by the consumer alone. */
    @SuppressWarnings("unused")
    private long consumerCount;
    /** Timed offers currently registered to wait for room. Reached through WAITERS only. */
    @SuppressWarnings("unused")
    private int waiters;

    /** Created on the first timed offer that has to wait; guards nothing but the condition. */
    private volatile ReentrantLock lock;
    private volatile Condition notFull;

    /**
     * An empty queue that holds at most {@code capacity} envelopes.
     *
     * @throws IllegalArgumentException if {@code capacity < 1}
     */
    public BoundedMessageQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        PRODUCER_LIMIT.set(this, (long) capacity);
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public boolean offer(Envelope envelope) {
        if (!claimSlot()) {
            return false;
        }
        // The list's getAndSet is the full fence the mailbox's status read after offer relies on.
        return list.offer(envelope);
    }

    /**
     * Claims one slot, or returns false when all {@code capacity} slots are taken. Fast path, assuming the queue is
     * usually far from full: the cached limit answers, and the consumer's counter is read only near the bound.
     */
    private boolean claimSlot() {
        // Volatile load: pairs with the release store in refreshLimit (a stale value is only a lower bound).
        long limit = (long) PRODUCER_LIMIT.getVolatile(this);
        for (;;) {
            // Volatile load: pairs with the CAS below of other producers.
            long claimed = (long) PRODUCER_COUNT.getVolatile(this);
            if (claimed >= limit) {
                limit = refreshLimit();
                if (claimed >= limit) {
                    return false;
                }
            }
            // CAS: the one write of producerCount; a full fence.
            if (PRODUCER_COUNT.compareAndSet(this, claimed, claimed + 1)) {
                return true;
            }
        }
    }

    /** Slow path: the cached limit is reached; read the consumer's progress and cache the new limit. */
    private long refreshLimit() {
        // Volatile load: pairs with the consumer's volatile store in poll; a waiter's re-check depends on it.
        long limit = (long) CONSUMER_COUNT.getVolatile(this) + capacity;
        // Release store: any value written is consumerCount + capacity for some past consumerCount, so racing
        // writers can only leave a limit that is too low, never one that lets the queue overfill.
        PRODUCER_LIMIT.setRelease(this, limit);
        return limit;
    }

    @Override
    public boolean offer(Envelope envelope, long timeout, TimeUnit unit) throws InterruptedException {
        if (offer(envelope)) {
            return true;
        }
        long nanos = unit.toNanos(timeout);
        if (nanos <= 0) {
            return false;
        }
        return awaitRoom(envelope, nanos);
    }

    /** Slow path of the timed offer: the queue was full. */
    private boolean awaitRoom(Envelope envelope, long nanos) throws InterruptedException {
        ReentrantLock l = lock();
        l.lockInterruptibly();
        try {
            // Full-fence RMW: pairs with the consumer's volatile store of consumerCount then load of waiters.
            WAITERS.getAndAdd(this, 1);
            try {
                for (;;) {
                    if (offer(envelope)) {
                        return true;
                    }
                    if (nanos <= 0) {
                        return false;
                    }
                    try {
                        nanos = notFull.awaitNanos(nanos);
                    } catch (InterruptedException e) {
                        // We may have taken a signal meant for a slot; pass it on so no other waiter sleeps past it.
                        notFull.signal();
                        throw e;
                    }
                }
            } finally {
                WAITERS.getAndAdd(this, -1);
            }
        } finally {
            l.unlock();
        }
    }

    /** The lock, created on first need so that a bounded queue nobody waits on stays small. */
    private ReentrantLock lock() {
        ReentrantLock l = lock;
        if (l == null) {
            synchronized (this) {
                l = lock;
                if (l == null) {
                    l = new ReentrantLock();
                    notFull = l.newCondition(); // written before lock is published
                    lock = l;
                }
            }
        }
        return l;
    }

    @Override
    public Envelope poll() {
        Envelope e = list.poll();
        if (e == null) {
            return null;
        }
        // Plain load: only this (consumer) thread writes consumerCount.
        long polled = (long) CONSUMER_COUNT.get(this) + 1;
        // Volatile store: releases the slot to producers (pairs with the volatile load in refreshLimit) and orders
        // the load of waiters after it (the Dekker pair with awaitRoom).
        CONSUMER_COUNT.setVolatile(this, polled);
        if ((int) WAITERS.getVolatile(this) != 0) {
            signalWaiter();
        }
        return e;
    }

    /** Slow path of poll: a timed offer waits for room. */
    private void signalWaiter() {
        ReentrantLock l = lock; // non-null: a waiter created it before registering
        l.lock();
        try {
            notFull.signal();
        } finally {
            l.unlock();
        }
    }

    @Override
    public boolean hasMessages() {
        return list.hasMessages();
    }

    @Override
    public int size() {
        // Volatile loads, producer count first: it is at most (consumer count at that time) + capacity, and the
        // consumer count only grows, so the difference read in this order never exceeds the capacity (deliberately
        // not clamped there: the tests check the bound through it). It can be negative if the consumer overtakes
        // producers between the two loads.
        long claimed = (long) PRODUCER_COUNT.getVolatile(this);
        long polled = (long) CONSUMER_COUNT.getVolatile(this);
        return (int) Math.max(0, claimed - polled);
    }

    @Override
    public String toString() {
        return "BoundedMessageQueue[size=" + size() + ", capacity=" + capacity + "]";
    }
}
