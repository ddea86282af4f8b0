package io.goakt.internal.dispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes what a blocked worker of a {@link ForkJoinDispatcher} holds (the task in its hand-off slot, its kept turns)
 * and sends it to the pool, where any worker can run it.
 *
 * <h2>The problem</h2>
 * A worker's slot and kept turns are run by that worker when its turn returns, and the actors in them count as
 * scheduled, so a new message to one of them wakes nobody. A turn that blocks (a latch, a lock, blocking I/O) would
 * hold them with it: an actor that tells b and then waits for b would wait for good, however many workers are idle.
 * The idle workers cannot notice: they are parked, and nothing that happens in the blocked worker wakes them.
 *
 * <h2>The approach</h2>
 * Go's scheduler has the same hazard (a goroutine's {@code runnext} on a P whose thread is stuck in a system call) and
 * the same cure: the slot is stealable, and {@code sysmon}, a thread outside the scheduler, looks at every P now and
 * then and retakes the ones that have not moved on. Here a worker takes its slot and kept turns with a CAS, and this
 * watcher, one daemon thread per dispatcher, looks at every worker each tick: a worker that has started no turn since
 * the previous look and still holds something loses it ({@link ForkJoinDispatcher.Worker#rescueHeld}). Whoever wins
 * the CAS runs or submits the task, so a held task is run exactly once, by its worker or by the pool. A worker that
 * is merely in a long turn loses its slot too; that only moves the actor to another worker, which is what it needs.
 *
 * <h2>Ticks</h2>
 * As Go's {@code sysmon}: a tick every {@value #MIN_DELAY_NANOS} ns while it finds something to take, and after
 * {@value #IDLE_TICKS_BEFORE_BACKOFF} ticks in a row that took nothing, each tick twice as long as the last, up to
 * {@value #MAX_DELAY_NANOS} ns. So an actor held by a blocked worker waits one or two ticks (at most about 20 ms), and
 * an idle dispatcher costs a hundred short wake-ups a second. The hot path pays an ordered store per hand-off, a CAS
 * per take and an opaque store per turn; the watcher reads each worker's fields once a tick. The thread runs while
 * the pool has workers: it starts with the first and ends when the last has ended (the pool retires idle workers),
 * so a dispatcher nobody shut down still leaves no thread behind.
 *
 * <h2>Threading</h2>
 * {@link #add} and {@link #remove} are called by workers as they start and end; everything else runs on the watcher
 * thread.
 */
final class SlotWatcher implements Runnable {

    /** The shortest time between two looks: how long a blocked worker's held tasks wait at best. */
    static final long MIN_DELAY_NANOS = 1_000_000;

    /** The longest time between two looks. */
    static final long MAX_DELAY_NANOS = 10_000_000;

    /** Ticks in a row that took nothing before the ticks start to lengthen. */
    static final int IDLE_TICKS_BEFORE_BACKOFF = 50;

    private final String threadName;
    private final CopyOnWriteArrayList<ForkJoinDispatcher.Worker> workers = new CopyOnWriteArrayList<>();
    /** True while a watcher thread runs (or is about to). */
    private final AtomicBoolean running = new AtomicBoolean();

    SlotWatcher(String threadName) {
        this.threadName = threadName;
    }

    /** A worker started: watch it, and start the watcher thread if none runs. */
    void add(ForkJoinDispatcher.Worker worker) {
        workers.add(worker);
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this, threadName);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The workers watched now; for tests. */
    List<ForkJoinDispatcher.Worker> workers() {
        return List.copyOf(workers);
    }

    /** A worker ended. */
    void remove(ForkJoinDispatcher.Worker worker) {
        workers.remove(worker);
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_NANOS;
        int idleTicks = 0;
        for (;;) {
            if (workers.isEmpty()) {
                running.set(false);
                // A worker that started after the look above either sees running clear and starts a thread of its
                // own, or this one wins running back here and goes on.
                if (workers.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
            LockSupport.parkNanos(this, delay);
            int taken = 0;
            for (ForkJoinDispatcher.Worker w : workers) {
                taken += w.rescueHeld();
            }
            if (taken > 0) {
                delay = MIN_DELAY_NANOS;
                idleTicks = 0;
            } else if (++idleTicks > IDLE_TICKS_BEFORE_BACKOFF) {
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
        }
    }
}
