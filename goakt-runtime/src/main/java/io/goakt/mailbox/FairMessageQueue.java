package io.goakt.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An unbounded mailbox queue that takes turns between senders, so one sender that floods an actor cannot starve the
 * others.
 *
 * <h2>Approach</h2>
 * Envelopes are kept in one FIFO lane per sender ({@link Envelope#sender()}, compared with {@code equals}; all
 * envelopes without a sender share one lane). Lanes that hold envelopes form a ring; {@link #poll} takes one
 * envelope from the lane at the front of the ring and moves that lane to the back, so with {@code k} active senders
 * each is served at least once every {@code k} polls however deep the other lanes are. A lane that empties is
 * removed from the ring and from the sender index at once, so the queue's footprint follows the number of senders
 * with queued messages, not the number of senders ever seen (the index itself is replaced by a small one when it
 * drains after a crowd of senders). A lane links its envelopes through the envelopes themselves, so a message
 * costs no allocation beyond its envelope; a new lane costs one small object and a map entry.
 *
 * <p>All structure is guarded by one {@link ReentrantLock}: the critical sections are a map lookup and a few
 * pointer moves, and a lock keeps the lane life cycle (create, drain, drop while a sender adds) simple to reason
 * about.
 *
 * <h2>Concurrency contract</h2>
 * <ul>
 *   <li>{@link #offer}: any thread; blocking (takes the lock), never refuses. Uses the sender's {@code hashCode}
 *       and {@code equals} under the lock.</li>
 *   <li>{@link #poll}: the single consumer only (it is also safe from any thread, being locked).</li>
 *   <li>{@link #hasMessages}, {@link #size}: any thread, lock-free: a volatile load of the element count, exact
 *       when quiescent. The count is written with a volatile store after each insert, the store-then-load order
 *       the mailbox relies on between an offer and its read of the actor's status.</li>
 * </ul>
 * Envelopes with the same sender are polled in the order offered (per producer thread); envelopes of different
 * senders are interleaved round-robin.
 */
public final class FairMessageQueue implements MessageQueue {

    private static final VarHandle COUNT;
    /** A drained sender index that once held more lanes than this is replaced by a small one. */
    private static final int SHRINK_ABOVE = 64;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(FairMessageQueue.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The queued envelopes of one sender, and its place in the ring. All fields guarded by the queue's lock. */
    private static final class Lane {
        final Object sender;
        Envelope first;
        Envelope last;
        /** The next lane in the ring, or null for the last. */
        Lane next;

        Lane(Object sender) {
            this.sender = sender;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Non-empty lanes by sender ({@code null} key for envelopes without a sender); guarded by lock. */
    private Map<Object, Lane> lanes = new HashMap<>();
    /** The most lanes {@code lanes} has held since it was last replaced; guarded by lock. */
    private int lanesPeak;
    /** The ring of non-empty lanes, front to back; guarded by lock. */
    private Lane front;
    private Lane back;
    /** Queued envelopes. Written under lock; read lock-free through COUNT. */
    @SuppressWarnings("unused")
    private int count;

    /** An empty queue. */
    public FairMessageQueue() {
    }

    @Override
    public boolean offer(Envelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        Object sender = envelope.sender();
        lock.lock();
        try {
            Lane lane = lanes.get(sender);
            if (lane == null) {
                lane = new Lane(sender);
                lanes.put(sender, lane);
                lanesPeak = Math.max(lanesPeak, lanes.size());
                lane.first = envelope;
                enqueueLane(lane);
            } else {
                // Release store, more than the lock needs: Envelope offers no plain accessor for its link.
                lane.last.setNextRelease(envelope);
            }
            lane.last = envelope;
            // Volatile store: publishes the count to hasMessages/size (volatile loads), and orders the caller's
            // following volatile read of the mailbox status after it.
            COUNT.setVolatile(this, (int) COUNT.get(this) + 1);
        } finally {
            lock.unlock();
        }
        return true;
    }

    @Override
    public Envelope poll() {
        // Volatile load: pairs with the volatile store in offer; an empty queue is answered without the lock.
        if ((int) COUNT.getVolatile(this) == 0) {
            return null;
        }
        lock.lock();
        try {
            Lane lane = front;
            if (lane == null) {
                return null;
            }
            front = lane.next;
            if (front == null) {
                back = null;
            }
            lane.next = null;
            Envelope e = lane.first;
            Envelope rest = e.nextAcquire(); // acquire load, more than the lock needs (no plain accessor)
            e.setNextRelease(null);
            if (rest == null) {
                // Drained: drop the lane so idle senders cost nothing.
                lanes.remove(lane.sender);
                lane.first = null;
                lane.last = null;
                if (lanes.isEmpty() && lanesPeak > SHRINK_ABOVE) {
                    // A HashMap never shrinks its table: after a crowd of senders, start over small.
                    lanes = new HashMap<>();
                    lanesPeak = 0;
                }
            } else {
                lane.first = rest;
                enqueueLane(lane); // round robin: to the back of the ring
            }
            COUNT.setVolatile(this, (int) COUNT.get(this) - 1); // volatile store: pairs with hasMessages/size
            return e;
        } finally {
            lock.unlock();
        }
    }

    private void enqueueLane(Lane lane) {
        if (back == null) {
            front = lane;
        } else {
            back.next = lane;
        }
        back = lane;
    }

    @Override
    public boolean hasMessages() {
        return (int) COUNT.getVolatile(this) != 0; // volatile load: pairs with the volatile stores in offer/poll
    }

    @Override
    public int size() {
        return (int) COUNT.getVolatile(this); // volatile load: pairs with the volatile stores in offer/poll
    }

    /** The number of senders with queued envelopes; any thread, takes the lock. For tests and diagnostics. */
    public int activeSenders() {
        lock.lock();
        try {
            return lanes.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "FairMessageQueue[size=" + size() + "]";
    }
}
