package io.goakt.benchmarks.jmh;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets a benchmark thread wait, without allocating, until an actor has processed a number of messages.
 *
 * <p>Threading: {@link #processed} is called only by the actor (one thread at a time, as the runtime guarantees);
 * {@link #expect} and {@link #await} only by the one benchmark thread that waits. Waiting parks the thread rather
 * than spinning, because on a small machine a spinning waiter steals the core the actor needs.
 */
final class Completion {

    private static final VarHandle COUNT;
    private static final VarHandle TARGET;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            COUNT = l.findVarHandle(Completion.class, "count", long.class);
            TARGET = l.findVarHandle(Completion.class, "target", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through COUNT
    private long count;
    @SuppressWarnings("unused") // through TARGET
    private long target = Long.MAX_VALUE;
    private volatile Thread waiter;

    /** Called by the waiting thread before it sends: the count at which {@link #await} returns. */
    long expect(long more) {
        waiter = Thread.currentThread();
        long t = (long) COUNT.getVolatile(this) + more;
        // Volatile store: pairs with the actor's volatile load of target after it bumps the count.
        TARGET.setVolatile(this, t);
        return t;
    }

    /** Called by the actor for each message it has handled. */
    void processed() {
        long c = (long) COUNT.getOpaque(this) + 1; // single writer
        // Volatile store, then volatile load of target: together with expect() no wake-up is lost.
        COUNT.setVolatile(this, c);
        if (c == (long) TARGET.getVolatile(this)) {
            LockSupport.unpark(waiter);
        }
    }

    /** Parks until the count reaches {@code t}; fails after {@code timeoutSeconds} so a lost message is visible. */
    void await(long t, long timeoutSeconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while ((long) COUNT.getVolatile(this) < t) {
            LockSupport.parkNanos(this, 1_000_000L);
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out: " + COUNT.getVolatile(this) + " of " + t);
            }
        }
    }
}
