package io.goakt.internal.dispatch;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.HeldTurns;
import io.goakt.dispatch.KeepableTurn;
import io.goakt.dispatch.LingerCondition;
import io.goakt.dispatch.Spinning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * ends, the worker runs the slot's task at once: no queue, no wake-up, a warm cache. Every {@value #MAX_CHAIN}
 * turns of a chain of hand-offs the worker looks whether other tasks wait for it (in its own queue, or submitted from
 * outside the pool); if so the chain is cut and the task then waiting goes to the pool, so one busy pair cannot
 * monopolise a worker; other workers can always steal what is in the worker's own queue. If nothing waits, the chain
 * goes on: cutting it then only pushed the task to the pool and woke a parked worker to steal it. This is the "run
 * next" slot of Go's scheduler, applied to actor turns.
 *
 * <h2>Kept turns</h2>
 * A turn that ends dry gives up its actor's scheduled state with an atomic update, and the next message to the actor
 * wins it back with a CAS. In request and reply on one worker (the request goes through the slot) both happen for
 * every message, although the reply comes from the very next turn on the same thread. So a turn that ran messages
 * and ends dry while the worker has something to run next may let the worker {@linkplain #keepDryTurn keep} it, still
 * scheduled (two at most): a reply to it then finds it scheduled and costs nothing beyond its enqueue, and once the
 * slot is empty (or, if the slot never empties, every {@value #MAX_CHAIN} turns) the worker runs the kept turn again,
 * as a new turn that sees the reply. A kept turn that finds nothing goes idle as usual, and when the chain ends or is
 * cut, or before the worker blocks, every kept turn is {@linkplain KeepableTurn#releaseKept released}: it goes
 * idle and re-checks its queues like any other turn, so no message waits for a worker that has moved on.
 *
 * <p>The pool wakes a parked worker only when a task lands in an empty queue. A worker whose actors live in its slot
 * and kept turns pushes to its queue only when the chain is cut because tasks wait there already, so the pool would
 * never hear of them; on such a cut the worker therefore wakes an idle worker itself ({@link Worker#wakeIdleWorker}).
 *
 * <h2>Lingering</h2>
 * When an actor's mailbox runs dry, its worker would go back to the pool and, finding nothing, park; the next
 * message then pays for a wake-up (a futex call, and on a virtual machine the wake-up of an idle virtual CPU, tens
 * of microseconds). Request-reply traffic hits this on every message: the actor answers, goes idle, and the next
 * request arrives a microsecond later. So a worker whose actor ran dry may {@linkplain #linger linger}: keep the
 * actor's turn open and spin for up to {@value #LINGER_NANOS} ns waiting for its next message, as Go's scheduler
 * keeps a few threads spinning before they sleep. The spin stops at once when the pool has other work, at most
 * {@code max(1, parallelism / 2)} workers linger at a time, and a worker whose lingers keep timing out (slow senders,
 * an idle system) backs off exponentially, so lingering only ever uses a core that had nothing to do and only where
 * it keeps paying off. A linger ended by other work arriving is no miss: the worker was awake when it came, and did
 * not have to be woken for it.
 *
 * <p>Lingering adapts to the machine through its {@link SpinGate}, whose class comment gives the rules: misses in a
 * row over all workers close the gate for a while (the dispatcher-wide back-off over the per-worker one), and a
 * lingering worker that finds it was taken off its CPU mid-spin closes it for some milliseconds, since on an
 * oversubscribed machine the spinner takes the CPU from the thread that would send the awaited message; that worker
 * also backs off as far as a worker can. The gate admits no more lingerers than half the processors, however many
 * workers the pool has. {@link Spinning} chooses the budget: {@code ADAPTIVE} as above, {@code REDUCED} one
 * lingerer for a few microseconds, {@code OFF} no lingering at all ({@link #linger} returns false at once).
 *
 * <h2>Fairness</h2>
 * A worker drains its own queue before it looks at tasks submitted from outside the pool, and a chatty pair keeps
 * that queue busy for good. So every {@value #FAIRNESS_TURNS} top-level turns without a break, and whenever it cuts a
 * chain for waiting work, a worker takes one outside submission and runs it itself ({@link #runTurn}); this policy is
 * the dispatcher's, the mailbox knows nothing of it.
 *
 * <h2>Threading</h2>
 * This class implements the turn contract of {@link Dispatcher}. {@link #execute} may be called from any thread;
 * only a worker of this dispatcher inside {@link #runTurn} uses its slot and its kept turns, and only that worker
 * reads or writes them, so they are plain fields. A task must not block for long inside a turn, as with any pooled
 * dispatcher; the runtime's own blocking points (waiting on an {@code ask}'s future) first hand the slot to the pool
 * with {@link Worker#releaseHeldTurns}, so an actor that blocks on a reply from the actor it just woke does not wait
 * for itself. Actors that block on anything else belong on the {@code virtual} dispatcher.
 */
public final class ForkJoinDispatcher implements Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ForkJoinDispatcher.class);

    /**
     * Turns one worker runs back to back through its slot before it checks for other waiting tasks (and, if there are
     * any, lets the task in its slot go to the pool, and gives one outside submission a turn). Each cut costs a pool
     * task, a push and a take, and the release of the kept turns: at 256 turns, about 10 us of a busy pair, the
     * broker workload runs about 8% faster than at 64, and ping-pong is unchanged.
     */
    static final int MAX_CHAIN = 256;

    /** Top-level turns of a worker between two turns it gives an outside submission (see "Fairness"). */
    static final int FAIRNESS_TURNS = 64;

    /** Turns a worker keeps at most (see {@link Worker#kept0}, {@link Worker#kept1}). */
    static final int MAX_KEPT_TURNS = 2;

    /** After {@code n} misses in a row a worker skips {@code 2^n - 1} chances to linger, with n capped here. */
    static final int MAX_LINGER_BACKOFF_SHIFT = 10;

    /** Longest a worker spins waiting for the actor it just ran to get another message. */
    static final long LINGER_NANOS = 20_000;

    /** {@link #spinForWork}: the condition held. */
    private static final int SPIN_HIT = 0;
    /** {@link #spinForWork}: the time was up, or the gate refused and one last look found nothing. */
    private static final int SPIN_MISS = 1;
    /** {@link #spinForWork}: other work waits for the worker; neither a hit nor a miss. */
    private static final int SPIN_ENDED = 2;
    /** {@link #spinForWork}: the worker was taken off its CPU mid-spin; the gate closed for everyone. */
    private static final int SPIN_OFF_CPU = 3;

    /** A blocker that never blocks: see {@link Worker#wakeIdleWorker}. */
    private static final ForkJoinPool.ManagedBlocker WAKE_ONE = new ForkJoinPool.ManagedBlocker() {
        @Override
        public boolean block() {
            return true;
        }

        @Override
        public boolean isReleasable() {
            return false;
        }
    };

    private final String name;
    private final ForkJoinPool pool;
    /** Lets at most half the workers linger at once, and closes when lingering stops paying. */
    private final SpinGate lingerGate;

    /** A pool of {@code parallelism} daemon workers named {@code threadPrefix-N} that spin {@link Spinning#ADAPTIVE}. */
    public ForkJoinDispatcher(String name, int parallelism, String threadPrefix) {
        this(name, parallelism, threadPrefix, Spinning.ADAPTIVE);
    }

    /** A pool of {@code parallelism} daemon workers named {@code threadPrefix-N} that linger as {@code spinning} says. */
    public ForkJoinDispatcher(String name, int parallelism, String threadPrefix, Spinning spinning) {
        this(name, parallelism, threadPrefix, SpinGate.forSpinning(spinning, parallelism / 2, LINGER_NANOS));
    }

    /** As above, with the gate given: tests use one with their own clock. */
    ForkJoinDispatcher(String name, int parallelism, String threadPrefix, SpinGate lingerGate) {
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
        this.lingerGate = lingerGate;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void execute(Runnable task) {
        Worker w = workerInTurn();
        if (w != null) {
            Runnable previous = w.next;
            w.next = task;
            if (previous == null) {
                return;
            }
            task = previous;
        }
        submit(task);
    }

    /** Into the pool even from inside a turn: behind the work already waiting, not into the worker's slot. */
    @Override
    public void executeBehind(Runnable task) {
        submit(task);
    }

    /** {@link #submit} that logs instead of throwing (the pool was shut down while a turn ran). */
    private void submitQuietly(Runnable task) {
        try {
            submit(task);
        } catch (RuntimeException e) {
            LOG.debug("dispatcher {} refused a handed-off turn", name, e);
        }
    }

    /**
     * Into the pool: a turn (a {@link KeepableTurn}: a mailbox) as a {@link PoolTurn} of its own, which runs it
     * through {@link #runTurn}; any other task as the pool wraps it, which runs it alone.
     */
    private void submit(Runnable task) {
        pool.execute(task instanceof KeepableTurn ? new PoolTurn(task) : task);
    }

    /** The calling thread as a worker of this dispatcher inside a turn, or null. */
    private Worker workerInTurn() {
        return Thread.currentThread() instanceof Worker w && w.inTurn && w.dispatcher == this ? w : null;
    }

    /**
     * Runs one turn of {@code turn} on the calling worker, then whatever the turn handed off through the worker's
     * slot, until a turn hands off nothing or, checked every {@value #MAX_CHAIN} turns, other tasks wait for this
     * worker. Every {@value #FAIRNESS_TURNS} top-level turns, and after such a cut, the worker then gives one task
     * submitted from outside the pool a turn (see "Fairness" in the class comment). On any other thread, or nested in
     * a turn, it only runs the turn.
     */
    @Override
    public void runTurn(Runnable turn) {
        if (!(Thread.currentThread() instanceof Worker w) || w.inTurn || w.dispatcher != this) {
            turn.run();
            return;
        }
        if (runChain(w, turn)) {
            ForkJoinTask<?> outside = OutsideSubmissions.poll();
            if (outside instanceof Runnable r) {
                runChain(w, r);
            } else if (outside != null) {
                outside.fork();
            }
        }
    }

    /**
     * The chain of {@link #runTurn}: returns true when the worker has run {@value #FAIRNESS_TURNS} top-level turns, or
     * cut a chain for waiting work, and an outside submission is due a turn.
     */
    private static boolean runChain(Worker w, Runnable turn) {
        w.inTurn = true;
        try {
            turn.run();
            for (int chain = 1; ; chain++) {
                if (chain >= MAX_CHAIN) {
                    if (w.othersWait()) {
                        w.wakeIdleWorker();
                        return true; // the slot and the kept turns go to the pool below
                    }
                    // Nothing waits for this worker: cutting the chain would only push the task to the pool and wake
                    // a parked worker to steal it (a futex call, and the pair split over two cores).
                    chain = 0;
                    KeepableTurn kept = w.pollKept();
                    if (kept != null) {
                        // A kept turn holds its actor's scheduled state, so a message sent to it meanwhile shows up
                        // nowhere else; a chain that never empties the slot must not keep it waiting for good.
                        kept.run();
                        continue;
                    }
                }
                Runnable next = w.next;
                if (next != null) {
                    w.next = null;
                } else if ((next = w.pollKept()) == null) {
                    return ++w.localTurns % FAIRNESS_TURNS == 0;
                }
                next.run();
            }
        } finally {
            w.inTurn = false;
            Runnable left = w.next;
            if (left != null) {
                w.next = null;
                w.dispatcher.submitQuietly(left);
            }
            w.releaseKept();
        }
    }

    /**
     * Keeps {@code turn} (still scheduled) to run it again, or release it, after the turns this worker is about to
     * run, if there is room ({@value #MAX_KEPT_TURNS} kept turns at most) and the worker has something to run next.
     * The caller asks only when the task its last message came from is what this worker runs next ({@link #runsNext}):
     * request and reply between two actors on one worker, where the reply then costs its sender no scheduling at all.
     * Any other turn goes idle as usual: a kept turn can only run on this worker, so keeping one whose next message
     * comes from elsewhere would make that message wait for whatever this worker runs next, however long it takes (an
     * actor that blocks, say). False on any other thread.
     */
    @Override
    public boolean keepDryTurn(KeepableTurn turn) {
        Worker w = workerInTurn();
        if (w == null || (w.next == null && w.kept0 == null)) {
            return false;
        }
        return w.offerKept(turn);
    }

    /** The task in the calling worker's slot, or one of its kept turns. */
    @Override
    public boolean runsNext(Runnable turn) {
        if (turn == null) {
            return false;
        }
        Worker w = workerInTurn();
        return w != null && (w.next == turn || w.kept0 == turn || w.kept1 == turn);
    }

    /**
     * Spins for up to {@value #LINGER_NANOS} ns (a few microseconds under {@link Spinning#REDUCED}) until
     * {@code condition} says work arrived, while the pool has nothing else to run. Returns false at once when
     * spinning is {@link Spinning#OFF} (or the JVM sees one processor), the caller is not this dispatcher's worker
     * inside a turn, the worker has a handed-off task or a kept turn waiting, its own queue or the pool's submissions
     * from outside hold tasks, its back-off skips this chance, or the gate is full or closed (see {@link SpinGate}).
     */
    @Override
    public boolean linger(LingerCondition condition) {
        if (lingerGate.closedForGood()) {
            return false;
        }
        Worker w = workerInTurn();
        if (w == null || w.next != null || w.kept0 != null) {
            return false;
        }
        if (w.lingerSkips > 0) {
            w.lingerSkips--;
            return false;
        }
        if (w.hasOtherWork()) {
            return false; // other work waits already: no point spinning, and no miss
        }
        int spin = spinForWork(w, condition);
        if (spin == SPIN_HIT) {
            w.lingerMisses = 0;
            return true;
        }
        if (spin == SPIN_OFF_CPU) {
            // Taken off its CPU mid-spin: the machine is oversubscribed, and the gate is closed for all workers. This
            // worker backs off as far as it can too, so it will not be first to spin again when the gate opens.
            w.lingerMisses = MAX_LINGER_BACKOFF_SHIFT;
            w.lingerSkips = (1 << MAX_LINGER_BACKOFF_SHIFT) - 1;
            return false;
        }
        if (spin == SPIN_ENDED || w.hasOtherWork()) {
            return false; // other work arrived: the worker stayed awake for it, which is no waste and no miss
        }
        // A miss: nothing came within the linger time, so lingering was a waste (a slow sender, or an idle
        // system). Back off exponentially, up to 2^MAX_LINGER_BACKOFF_SHIFT - 1 turns, before trying again.
        int misses = Math.min(w.lingerMisses + 1, MAX_LINGER_BACKOFF_SHIFT);
        w.lingerMisses = misses;
        w.lingerSkips = (1 << misses) - 1;
        return false;
    }

    /**
     * The spin of {@link #linger}: {@link #SPIN_HIT} as soon as {@code condition} holds, else how it ended. Tells the
     * gate of hits, misses and a spin taken off its CPU (see {@link SpinGate}).
     */
    private int spinForWork(Worker w, LingerCondition condition) {
        SpinGate gate = lingerGate;
        if (!gate.tryEnter()) {
            return condition.workArrived() ? SPIN_HIT : SPIN_MISS;
        }
        try {
            long start = 0;
            long last = 0;
            for (int poll = 0; ; poll++) {
                if (condition.workArrived()) {
                    if (poll != 0) {
                        gate.hit(); // work there at the first look needed no spin, and says nothing of spinning
                    }
                    return SPIN_HIT;
                }
                if (SpinGate.clockDue(poll)) {
                    if (w.hasOtherWork()) {
                        return SPIN_ENDED;
                    }
                    long now = gate.now();
                    if (poll == 0) {
                        start = now;
                    } else if (gate.offCpu(last, now)) {
                        return SPIN_OFF_CPU;
                    } else if (now - start > gate.spinNanos()) {
                        gate.miss(now);
                        return SPIN_MISS;
                    }
                    last = now;
                }
                Thread.onSpinWait();
            }
        } finally {
            gate.exit();
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

    /** The gate of lingering workers; for tests and diagnostics. */
    public SpinGate lingerGate() {
        return lingerGate;
    }

    /** Worker threads the pool has now; for tests. */
    int poolSize() {
        return pool.getPoolSize();
    }

    @Override
    public String toString() {
        return "ForkJoinDispatcher[" + name + ", parallelism=" + pool.getParallelism() + "]";
    }

    /**
     * One submission of a turn to the pool, a new object every time, which runs the turn as a top-level
     * {@link #runTurn} and completes.
     *
     * <p>A mailbox is submitted again every time its actor becomes runnable, and the pool's queues must not see one
     * task object twice. A thief takes a task from another worker's queue by reading the queue's base index and the
     * task in that slot, checking the base again, then swapping the slot to null with a CAS on that task, then
     * writing the base it read plus one. If the thief is descheduled between its check and its CAS while the owner
     * cycles its ring of slots (256 at first) and the same task is pushed into that very slot again, the CAS succeeds
     * on the new push and the thief writes a base one lap behind. The owner then reads null at its base for good and
     * spins in {@code ForkJoinPool.WorkQueue.nextLocalTask}, and the tasks in its queue never run: seen on JDK 17.0.15
     * when the mailbox was its own {@code ForkJoinTask}, as a hang of the matchmaker benchmark (base 6,499, top 6,755,
     * a 256-slot ring, 14 actors stranded). A task object used once cannot be met again. The cost is 24 bytes per
     * submission to the pool; turns handed over through the slot or kept, most of them, allocate nothing.
     */
    @SuppressWarnings("serial")
    static final class PoolTurn extends ForkJoinTask<Void> implements Runnable {
        private final Runnable turn;

        PoolTurn(Runnable turn) {
            this.turn = turn;
        }

        /** The turn itself, as a chain runs it ({@link #runTurn} takes outside submissions out of the pool). */
        @Override
        public void run() {
            turn.run();
        }

        @Override
        protected boolean exec() {
            try {
                if (Thread.currentThread() instanceof Worker w) {
                    w.dispatcher.runTurn(turn);
                } else {
                    turn.run();
                }
            } catch (Throwable t) {
                LOG.error("unexpected failure around the turn of {}", turn, t);
            }
            return true;
        }

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }
    }

    /**
     * Reaches {@link ForkJoinTask}'s protected {@code pollSubmission}, which only code in a task subclass may call.
     * Never instantiated.
     */
    @SuppressWarnings("serial")
    private abstract static class OutsideSubmissions extends ForkJoinTask<Void> {

        /** A task submitted from outside the calling worker's pool, taken out of the pool, or null. */
        static ForkJoinTask<?> poll() {
            return pollSubmission();
        }
    }

    /**
     * A pool worker with its hand-off slot and its kept turns. Every field but {@link #dispatcher} is plain and read
     * and written by this worker only (a field a turn reaches through {@code Thread.currentThread()}), so none needs
     * an ordering.
     */
    static final class Worker extends ForkJoinWorkerThread implements HeldTurns {
        final ForkJoinDispatcher dispatcher;
        /** The hand-off slot: the task a turn made runnable, run by this worker when the turn ends. */
        Runnable next;
        /** Turns kept by {@link #keepDryTurn}, oldest first; {@code kept1} is set only when {@code kept0} is. */
        KeepableTurn kept0;
        KeepableTurn kept1;
        /** True while this worker runs a chain of turns ({@link #runTurn}); the slot is in use only then. */
        boolean inTurn;
        /** Top-level turns run by this worker, to give outside submissions a turn now and then. */
        long localTurns;
        /** Lingers in a row that saw no message come. */
        int lingerMisses;
        /** Chances to linger still to skip after the last miss. */
        int lingerSkips;

        Worker(ForkJoinPool pool, ForkJoinDispatcher dispatcher) {
            super(pool);
            this.dispatcher = dispatcher;
        }

        /**
         * True when something else waits for this worker, which ends a linger: its slot, a kept turn, its own queue,
         * or the pool's submissions from outside. Not the other workers' queues: summing them
         * ({@code ForkJoinPool.getQueuedTaskCount}) reads every queue's indices, cache misses on lines the other
         * workers keep writing, and it showed as the top frame of workers that run one message per turn over many
         * actors. A task queued by another worker waits at most one linger for this one to steal it.
         */
        boolean hasOtherWork() {
            return next != null || kept0 != null || othersWait();
        }

        boolean offerKept(KeepableTurn turn) {
            if (kept0 == null) {
                kept0 = turn;
                return true;
            }
            if (kept1 == null) {
                kept1 = turn;
                return true;
            }
            return false;
        }

        KeepableTurn pollKept() {
            KeepableTurn k = kept0;
            kept0 = kept1;
            kept1 = null;
            return k;
        }

        /** Releases the turns this worker kept; each is submitted again if work arrived for it. */
        void releaseKept() {
            for (KeepableTurn k; (k = pollKept()) != null; ) {
                try {
                    k.releaseKept();
                } catch (RuntimeException e) {
                    LOG.error("dispatcher {} failed to release a kept turn", dispatcher.name, e);
                }
            }
        }

        /**
         * Hands the slot to the pool, so another worker can run it, and releases the kept turns. Called before this
         * worker blocks (an actor waiting on an {@code ask}): the slot is private, and a task left in it while its
         * worker waits for that very task would never run.
         */
        @Override
        public void releaseHeldTurns() {
            releaseKept(); // may hand a task to the slot, which goes to the pool next
            Runnable n = next;
            if (n != null) {
                next = null;
                dispatcher.submit(n);
            }
        }

        /**
         * Wakes a parked worker of the pool, if there is one, when this worker's own queue holds tasks. The pool wakes
         * a worker only when a task lands in an empty queue; a worker that keeps its turns in its slot and its kept
         * turns pushes to its queue only when it is not empty (the chain is cut because tasks wait there), so
         * without this a worker that parked once could stay parked while the other runs every actor. Waking it goes
         * through {@link ForkJoinPool#managedBlock} with a blocker that does not block: the pool's way to activate an
         * idle worker for a worker that is about to block. Costs a read of the pool's control word when no worker
         * is idle. This worker only.
         */
        void wakeIdleWorker() {
            ForkJoinPool p = dispatcher.pool;
            if (ForkJoinTask.getQueuedTaskCount() > 0 && p.getActiveThreadCount() < p.getParallelism()) {
                try {
                    ForkJoinPool.managedBlock(WAKE_ONE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Tasks in this worker's own queue, or submitted from outside the pool; the slot aside. This worker only. */
        boolean othersWait() {
            return ForkJoinTask.getQueuedTaskCount() > 0 || dispatcher.pool.hasQueuedSubmissions();
        }
    }
}
