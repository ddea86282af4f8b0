package io.goakt.dispatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The default {@link Scheduler}: a hashed timing wheel driven by one thread that ticks at a fixed rate.
 *
 * <h2>Why a wheel</h2>
 * Every {@code ask} arms a timeout and almost always cancels it a few microseconds later. With a
 * {@code ScheduledThreadPoolExecutor} each such timeout becomes the head of the delay queue and wakes the timer
 * thread (a lock, a signal, a context switch on a machine with few cores), which showed up directly in ask latency.
 * Here scheduling and cancelling never wake anyone: a new timeout is pushed on a lock-free stack, a cancel flips
 * its state and pushes it on a second stack, and the ticking thread moves both into the wheel, or out of it, once
 * per tick. Deadlines are honoured to within one tick (default 10 ms), the precision actor timers and ask
 * timeouts need.
 *
 * <h2>Threading</h2>
 * {@link #schedule}, {@link Cancellable#cancel} and {@link #nanoTime} may be called by any thread; they are
 * lock-free. The wheel's buckets are touched only by the ticking thread, which also runs the expired tasks (the
 * runtime's tasks only enqueue a message; a task that throws is logged). A cancelled timeout is unlinked from its
 * bucket within one tick, so cancelled timeouts do not accumulate.
 */
public final class WheelScheduler implements Scheduler {

    private static final Logger LOG = LoggerFactory.getLogger(WheelScheduler.class);

    private static final VarHandle INCOMING;
    private static final VarHandle CANCELLED;
    private static final VarHandle STATE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            INCOMING = l.findVarHandle(WheelScheduler.class, "incoming", Timeout.class);
            CANCELLED = l.findVarHandle(WheelScheduler.class, "cancelled", Timeout.class);
            STATE = l.findVarHandle(Timeout.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int PENDING = 0;
    private static final int DONE = 1;
    private static final int CANCELLED_STATE = 2;

    private final long tickNanos;
    private final Bucket[] wheel;
    private final int mask;
    private final long startNanos;
    private final Thread worker;
    /** Set once by {@link #shutdown}; volatile, read by {@link #schedule} and the ticking loop. */
    private volatile boolean stopped;

    /** Lock-free stack of timeouts not yet placed in the wheel. Reached through INCOMING. */
    @SuppressWarnings("unused")
    private volatile Timeout incoming;
    /** Lock-free stack of cancelled timeouts to unlink. Reached through CANCELLED. */
    @SuppressWarnings("unused")
    private volatile Timeout cancelled;

    /** Scheduled and neither run nor cancelled-and-unlinked yet. */
    private final AtomicLong pending = new AtomicLong();

    /** Most buckets a wheel may have (a power of two): a million empty buckets is already megabytes. */
    static final int MAX_BUCKETS = 1 << 20;
    /** A shutdown waits this many ticks for the timer thread to end, plus {@link #SHUTDOWN_WAIT_EXTRA_MILLIS}. */
    private static final long SHUTDOWN_WAIT_TICKS = 10;
    /** Slack for a timer thread that is running a long task when the shutdown comes. */
    private static final long SHUTDOWN_WAIT_EXTRA_MILLIS = 1_000;

    /** Wall-clock milliseconds as of the last tick. */
    private volatile long coarseMillis = System.currentTimeMillis();

    /** Ticks passed; ticking thread only. */
    private long tick;

    /**
     * A wheel of {@code buckets} slots (rounded up to a power of two) ticking every {@code tick}, on a daemon thread
     * named {@code threadName}.
     */
    public WheelScheduler(String threadName, Duration tick, int buckets) {
        if (tick.toNanos() < TimeUnit.MILLISECONDS.toNanos(1)) {
            throw new IllegalArgumentException("tick must be at least 1ms, was " + tick);
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be within [1, " + MAX_BUCKETS + "], was " + buckets);
        }
        this.tickNanos = tick.toNanos();
        int size = Integer.highestOneBit(buckets - 1 == 0 ? 1 : (buckets - 1) << 1);
        this.wheel = new Bucket[size];
        for (int i = 0; i < size; i++) {
            wheel[i] = new Bucket();
        }
        this.mask = size - 1;
        this.startNanos = System.nanoTime();
        this.worker = new Thread(this::run, threadName);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        long deadline = System.nanoTime() - startNanos + Math.max(0, delay.toNanos());
        Timeout t = new Timeout(this, task, deadline);
        if (stopped) { // volatile load; pairs with the store in shutdown
            t.state = DONE; // not yet shared: nobody else can see t
            return t;
        }
        pending.incrementAndGet(); // atomic; pairs with the decrements on the ticking thread, read by pending()
        push(INCOMING, t);
        return t;
    }

    /**
     * Timeouts scheduled and not yet run or released after a cancel. A cancelled timeout is released within one
     * tick; a test can use this to show that nothing accumulates.
     */
    public long pending() {
        return pending.get();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /**
     * Wall-clock milliseconds as of the last tick: one volatile read, for callers that want a timestamp on a hot
     * path and can live with the tick's precision.
     */
    public long coarseMillis() {
        return coarseMillis;
    }

    @Override
    public void shutdown() {
        stopped = true;
        LockSupport.unpark(worker);
        if (Thread.currentThread() != worker) {
            try {
                worker.join(TimeUnit.NANOSECONDS.toMillis(tickNanos) * SHUTDOWN_WAIT_TICKS + SHUTDOWN_WAIT_EXTRA_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Pushes {@code t} on the stack at {@code head} (Treiber push; CAS publishes t.next). */
    private void push(VarHandle head, Timeout t) {
        for (;;) {
            Timeout h = (Timeout) head.getVolatile(this); // pairs with the getAndSet that takes the stack
            if (head == INCOMING) {
                t.nextIncoming = h;
            } else {
                t.nextCancelled = h;
            }
            if (head.compareAndSet(this, h, t)) {
                return;
            }
        }
    }

    private void run() {
        long nextTick = tickNanos;
        while (!stopped) {
            long sleep = nextTick - (System.nanoTime() - startNanos);
            if (sleep > 0) {
                LockSupport.parkNanos(this, sleep);
                continue;
            }
            coarseMillis = System.currentTimeMillis(); // volatile store; pairs with the load in coarseMillis()
            unlinkCancelled();
            placeIncoming();
            expire(wheel[(int) (tick & mask)], nextTick);
            tick++;
            nextTick += tickNanos;
        }
        // Shut down: pending tasks are dropped, as the Scheduler contract says.
    }

    private void placeIncoming() {
        Timeout t = (Timeout) INCOMING.getAndSet(this, null); // takes the stack; pairs with the CAS in push
        while (t != null) {
            Timeout next = t.nextIncoming;
            t.nextIncoming = null;
            t.placed = true;
            if ((int) STATE.getVolatile(t) == PENDING) { // pairs with the CAS in cancel
                long ticks = Math.max(t.deadline / tickNanos, tick); // never in the past
                t.rounds = (ticks - tick) / wheel.length;
                wheel[(int) (ticks & mask)].add(t);
            } else if (!t.released) {
                t.released = true; // cancelled before it reached the wheel
                pending.decrementAndGet();
            }
            t = next;
        }
    }

    private void unlinkCancelled() {
        Timeout t = (Timeout) CANCELLED.getAndSet(this, null); // takes the stack; pairs with the CAS in push
        while (t != null) {
            Timeout next = t.nextCancelled;
            t.nextCancelled = null;
            // A timeout not placed yet is still on the incoming stack; placeIncoming releases it.
            if (t.placed && !t.released) {
                if (t.bucket != null) {
                    t.bucket.remove(t);
                }
                t.released = true;
                pending.decrementAndGet();
            }
            t = next;
        }
    }

    private void expire(Bucket bucket, long now) {
        Timeout t = bucket.head;
        while (t != null) {
            Timeout next = t.next;
            if (t.rounds <= 0 && t.deadline <= now) {
                bucket.remove(t);
                if (!t.released) {
                    t.released = true;
                    pending.decrementAndGet();
                }
                if (STATE.compareAndSet(t, PENDING, DONE)) { // exactly one of run and cancel wins
                    try {
                        t.task.run();
                    } catch (Throwable e) {
                        LOG.warn("scheduled task {} threw", t.task, e);
                    }
                }
            } else if (t.rounds > 0) {
                t.rounds--;
            }
            t = next;
        }
    }

    /** A doubly linked list of timeouts; ticking thread only. */
    private static final class Bucket {
        Timeout head;
        Timeout tail;

        void add(Timeout t) {
            t.bucket = this;
            t.prev = tail;
            t.next = null;
            if (tail == null) {
                head = t;
            } else {
                tail.next = t;
            }
            tail = t;
        }

        void remove(Timeout t) {
            if (t.bucket != this) {
                return;
            }
            if (t.prev == null) {
                head = t.next;
            } else {
                t.prev.next = t.next;
            }
            if (t.next == null) {
                tail = t.prev;
            } else {
                t.next.prev = t.prev;
            }
            t.prev = null;
            t.next = null;
            t.bucket = null;
        }
    }

    private static final class Timeout implements Cancellable {
        final WheelScheduler owner;
        final Runnable task;
        /** Nanoseconds since the wheel started. */
        final long deadline;
        /** PENDING, DONE or CANCELLED_STATE; reached through STATE. */
        volatile int state;
        Timeout nextIncoming;
        Timeout nextCancelled;
        /** Counted out of {@code pending}; ticking thread only. */
        boolean released;
        /** Placed in the wheel (or skipped there); ticking thread only. */
        boolean placed;
        // Wheel links: ticking thread only.
        Bucket bucket;
        Timeout prev;
        Timeout next;
        long rounds;

        Timeout(WheelScheduler owner, Runnable task, long deadline) {
            this.owner = owner;
            this.task = task;
            this.deadline = deadline;
        }

        @Override
        public boolean cancel() {
            if (STATE.compareAndSet(this, PENDING, CANCELLED_STATE)) { // exactly one of run and cancel wins
                owner.push(CANCELLED, this);
                return true;
            }
            return false;
        }
    }
}
