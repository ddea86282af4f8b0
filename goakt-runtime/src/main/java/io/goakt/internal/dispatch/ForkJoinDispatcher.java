package io.goakt.internal.dispatch;

import io.goakt.dispatch.Dispatcher;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The default dispatcher: a {@link ForkJoinPool} in async (FIFO) mode whose workers hand work to themselves.
 *
 * <h2>The problem</h2>
 * Actors that talk in pairs or chains (ping-pong, request-reply, pipelines) make one actor runnable per message.
 * Submitting it to the pool pushes it on a work queue and, whenever a worker is parked, wakes one: a futex call and
 * a context switch per message. Profiles of eight ping-pong pairs on two cores showed {@code LockSupport.unpark}
 * as the top frame.
 *
 * <h2>The approach</h2>
 * Each worker has a one-task hand-off slot. While a worker runs an actor's turn, an actor it makes runnable goes
 * into the slot instead of the pool (if the slot was full, the older task goes to the pool as usual). When the turn
 * ends, the worker runs the slot's task at once: no queue, no wake-up, a warm cache. A chain of hand-offs is cut
 * after {@value #MAX_CHAIN} turns, and the task then waiting goes to the pool, so one busy pair cannot monopolise
 * a worker; other workers can always steal what is in the worker's own queue. This is the "run next" slot of Go's
 * scheduler, applied to actor turns.
 *
 * <h2>Threading</h2>
 * {@link #execute} may be called from any thread; only a worker of this dispatcher inside {@link #runTurn} uses its
 * slot, and only that worker reads or writes its slot. A task must not block for long inside a turn, as with any
 * pooled dispatcher.
 */
public final class ForkJoinDispatcher implements Dispatcher {

    /** Most turns one worker runs back to back through its slot before the waiting task goes to the pool. */
    static final int MAX_CHAIN = 64;

    private final String name;
    private final ForkJoinPool pool;

    /** A pool of {@code parallelism} daemon workers named {@code threadPrefix-N}. */
    public ForkJoinDispatcher(String name, int parallelism, String threadPrefix) {
        this.name = name;
        AtomicInteger counter = new AtomicInteger();
        String prefix = threadPrefix == null ? "goakt-" + name : threadPrefix;
        ForkJoinPool.ForkJoinWorkerThreadFactory factory = p -> {
            Worker w = new Worker(p, this);
            w.setName(prefix + "-" + counter.incrementAndGet());
            w.setDaemon(true);
            return w;
        };
        this.pool = new ForkJoinPool(parallelism, factory, null, true);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void execute(Runnable task) {
        Thread t = Thread.currentThread();
        if (t instanceof Worker w && w.dispatcher == this && w.inTurn) {
            Runnable previous = w.next;
            w.next = task;
            if (previous == null) {
                return;
            }
            task = previous;
        }
        submit(task);
    }

    private void submit(Runnable task) {
        if (task instanceof ForkJoinTask<?> f) {
            pool.execute(f);
        } else {
            pool.execute(task);
        }
    }

    /**
     * Runs one turn of {@code turn} on the calling thread, then whatever the turn handed off through this worker's
     * slot, up to {@value #MAX_CHAIN} turns. The runtime's mailboxes call this from their {@code exec}.
     *
     * @return true when the worker has run {@value #MAX_CHAIN} turns without a break: the caller should then give
     *         a task submitted from outside the pool a turn, because a worker drains its own queue before it looks
     *         at outside submissions, and a chatty pair would otherwise keep them waiting for good
     */
    public static boolean runTurn(Runnable turn) {
        Thread t = Thread.currentThread();
        if (!(t instanceof Worker w) || w.inTurn) {
            turn.run();
            return false;
        }
        w.inTurn = true;
        try {
            turn.run();
            for (int chain = 1; ; chain++) {
                Runnable next = w.next;
                if (next == null) {
                    return ++w.localTurns % MAX_CHAIN == 0;
                }
                w.next = null;
                if (chain >= MAX_CHAIN) {
                    w.dispatcher.submit(next);
                    return true;
                }
                next.run();
            }
        } finally {
            w.inTurn = false;
            Runnable left = w.next;
            if (left != null) {
                w.next = null;
                w.dispatcher.submit(left);
            }
        }
    }

    @Override
    public void shutdown(Duration timeout) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "ForkJoinDispatcher[" + name + ", parallelism=" + pool.getParallelism() + "]";
    }

    /** A pool worker with its hand-off slot; the slot is touched only by the worker itself. */
    static final class Worker extends ForkJoinWorkerThread {
        final ForkJoinDispatcher dispatcher;
        Runnable next;
        boolean inTurn;
        /** Top-level turns run by this worker, to give outside submissions a turn now and then. */
        long localTurns;

        Worker(ForkJoinPool pool, ForkJoinDispatcher dispatcher) {
            super(pool);
            this.dispatcher = dispatcher;
        }
    }
}
