package io.goakt.internal.actor;

import io.goakt.actor.SupervisorObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands supervision callbacks to {@link SupervisorObserver}s on a thread of their own, so an observer can neither
 * block nor crash the actor (a supervisor) that produced the callback.
 *
 * <p>The hand-over is a bounded queue offered to without waiting: when observers fall {@value #CAPACITY} callbacks
 * behind, new callbacks are dropped and counted rather than slowing actors down. The thread starts with the first
 * callback, so a system without observers has none.
 *
 * <p>Threading: {@link #emit} from any thread; callbacks run on the relay thread, one at a time, in emit order.
 */
final class ObserverRelay {

    private static final Logger LOG = LoggerFactory.getLogger(ObserverRelay.class);
    private static final int CAPACITY = 65_536;
    private static final Runnable STOP = () -> { };

    private final String systemName;
    private final List<SupervisorObserver> systemObservers;
    private final ArrayBlockingQueue<Runnable> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private Thread thread;
    private boolean closed;

    ObserverRelay(String systemName, List<SupervisorObserver> systemObservers) {
        this.systemName = systemName;
        this.systemObservers = systemObservers;
    }

    /** True when a callback for an actor with {@code actorObserver} would reach anyone. */
    boolean active(SupervisorObserver actorObserver) {
        return actorObserver != null || !systemObservers.isEmpty();
    }

    /** Queues {@code call} for the system's observers and {@code actorObserver}. Never blocks. */
    void emit(SupervisorObserver actorObserver, Consumer<SupervisorObserver> call) {
        if (!active(actorObserver)) {
            return;
        }
        Runnable task = () -> {
            for (SupervisorObserver o : systemObservers) {
                invoke(o, call);
            }
            if (actorObserver != null) {
                invoke(actorObserver, call);
            }
        };
        if (!ensureThread() || !queue.offer(task)) {
            long n = dropped.incrementAndGet();
            if (n == 1 || n % 10_000 == 0) {
                LOG.warn("supervisor observers of {} are too slow; {} callbacks dropped so far", systemName, n);
            }
        }
    }

    private static void invoke(SupervisorObserver o, Consumer<SupervisorObserver> call) {
        try {
            call.accept(o);
        } catch (RuntimeException e) {
            LOG.warn("supervisor observer {} threw", o, e);
        }
    }

    private synchronized boolean ensureThread() {
        if (closed) {
            return false;
        }
        if (thread == null) {
            thread = new Thread(this::loop, "goakt-" + systemName + "-observers");
            thread.setDaemon(true);
            thread.start();
        }
        return true;
    }

    private void loop() {
        try {
            for (;;) {
                Runnable r = queue.take();
                if (r == STOP) {
                    return;
                }
                r.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what is queued (waiting up to two seconds), then ends the thread. */
    void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        try {
            if (!queue.offer(STOP, 2, TimeUnit.SECONDS)) {
                t.interrupt();
            }
            t.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Callbacks dropped because observers fell behind. */
    long dropped() {
        return dropped.get();
    }
}
