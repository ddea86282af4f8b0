package io.goakt.dispatch;

import java.time.Duration;

/**
 * Runs scheduled actors: the contract between an actor's mailbox and the threads that run it.
 *
 * <h2>The problem</h2>
 * An actor whose mailbox goes from idle to scheduled is handed to its dispatcher once; a dispatcher thread then runs
 * one <em>turn</em> of it (its system messages, then up to the system's {@code throughput} user messages) and the
 * mailbox either queues another turn (more work) or goes idle. Any executor can do that. A dispatcher that knows
 * more about its threads can do it cheaper: actors that talk in pairs make one actor runnable per message, and
 * handing that actor to the very thread that just woke it, or keeping a turn open for a reply that is microseconds
 * away, saves a queue, a wake-up and a context switch per message. Those tricks need the mailbox's cooperation,
 * because only the mailbox knows when a turn ran dry and whom its last message came from.
 *
 * <h2>The approach</h2>
 * The cooperation is this interface: a turn calls into its dispatcher at the few points where a smarter scheduler can
 * save work, and every such call has a default that is correct for a plain executor. A dispatcher that implements
 * only {@link #name}, {@link #execute} and {@link #shutdown} is therefore complete: its turns run one at a time, end
 * when their mailbox runs dry, never linger and are never kept. The runtime's default dispatcher (see
 * {@link Dispatchers#forkJoin}) overrides the rest, and starts the turns it queued through its own {@link #runTurn},
 * which may run the turns it is handed meanwhile right after, on the same thread. The calls a turn makes, in the order
 * a turn meets them:
 * <ol>
 *   <li>{@link #linger}: the mailbox ran dry in the middle of a turn; the dispatcher may spin briefly until
 *       {@link LingerCondition#workArrived} says there is something to do again, if its thread has nothing else to
 *       do. Default: do not linger.</li>
 *   <li>{@link #runsNext}: whether the actor the turn's last message came from is the next thing this thread runs
 *       (request and reply on one thread). Default: no.</li>
 *   <li>{@link #keepDryTurn}: the turn ran dry after running messages and its partner runs next: the dispatcher may
 *       keep the turn, still scheduled, so that the partner's reply finds it scheduled and costs no scheduling. Default:
 *       do not keep it (the mailbox goes idle at once).</li>
 *   <li>{@link #execute} or {@link #executeBehind}: the turn ended with work left, and queues the next turn of its
 *       mailbox while still scheduled; {@code executeBehind} when that work is a message a sender is still adding, so
 *       that other actors run first. Default of {@code executeBehind}: {@code execute}.</li>
 * </ol>
 * One call belongs to the thread rather than to a turn: code about to block a dispatcher thread (waiting on an
 * {@code ask}) first calls {@link HeldTurns#releaseHeldTurns} if the thread implements {@link HeldTurns}, so that a
 * turn only that thread could run is not left waiting for the thread to wake.
 *
 * <h2>What a dispatcher promises the mailbox</h2>
 * <ul>
 *   <li>{@link #execute} never runs the task on the calling thread before it returns, and never drops a task it
 *       accepted; after {@link #shutdown} it may throw a {@link RuntimeException} instead (the mailbox then goes idle
 *       and reports further messages as dead letters). Called from inside one of its own turns, it may run the task
 *       on the calling thread after the current turn ends (a hand-off); such a task is run, or handed back to the
 *       dispatcher's queue, before the thread parks for want of work and when {@link HeldTurns#releaseHeldTurns} is
 *       called.</li>
 *   <li>Each accepted task runs once per {@code execute}. Together with the mailbox's promise below this means two
 *       turns of one mailbox never run at once.</li>
 *   <li>When {@link #keepDryTurn} returns true, the dispatcher later does exactly one of two things with the turn, on
 *       the thread that kept it: {@link KeepableTurn#run} (a new turn) or {@link KeepableTurn#releaseKept} (the
 *       mailbox goes idle and re-checks its queues). It does so before that thread parks, before it leaves the turns
 *       it runs back to back, and when {@link HeldTurns#releaseHeldTurns} is called, so a message to a kept turn
 *       never waits for a thread that moved on.</li>
 *   <li>{@link #linger} returns within a bounded time, and returns true only when the condition said so.</li>
 *   <li>A task submitted from outside the dispatcher's threads is not starved by turns that keep handing work to one
 *       another: how that is ensured is the dispatcher's affair (the default dispatcher polls outside submissions
 *       every few dozen turns).</li>
 * </ul>
 *
 * <h2>What the mailbox promises the dispatcher</h2>
 * <ul>
 *   <li>It submits itself only after winning its scheduled state, so at most one submission of a mailbox is
 *       outstanding: the dispatcher never holds the same turn twice.</li>
 *   <li>It calls {@link #linger}, {@link #runsNext}, {@link #keepDryTurn} and {@link #executeBehind} only from
 *       inside one of this dispatcher's turns, on the thread running it.</li>
 *   <li>A turn does not block for long, except at blocking points that first release the thread's held turns.</li>
 *   <li>{@link LingerCondition#workArrived} is cheap and has no side effect; {@link KeepableTurn#run} and
 *       {@link KeepableTurn#releaseKept} are safe to call from the keeping thread at any point after the keep.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * {@link #execute} may be called by any thread, also from inside a task it runs. {@link #shutdown} is called once,
 * by the owning system. Everything else is called as described above, on a thread inside a turn.
 *
 * <h2>Performance</h2>
 * A mailbox holds its dispatcher in a final field and a system usually runs one dispatcher class, so each of these
 * calls has one receiver type and inlines; none of them allocates. References: Go's scheduler, whose "run next" slot
 * and spinning threads the default dispatcher applies to actor turns; Pekko's {@code Mailbox.run}.
 */
public interface Dispatcher {

    /** The name actors use to select this dispatcher in {@code SpawnOptions}. */
    String name();

    /** Runs {@code task} soon on one of this dispatcher's threads, never on the calling thread before returning. */
    void execute(Runnable task);

    /**
     * Stops taking tasks and waits up to {@code timeout} for running ones to end. Called once by the owning system
     * after all actors have stopped.
     */
    void shutdown(Duration timeout);

    /**
     * Like {@link #execute}, but behind the work already waiting, never into a hand-off to the calling thread. For a
     * turn that has to wait for something (a sender still adding its message) and should let other actors run first.
     */
    default void executeBehind(Runnable task) {
        execute(task);
    }

    /**
     * Runs {@code turn} on the calling thread, and then, if the dispatcher hands off, the turns it handed to this
     * thread meanwhile. How a dispatcher that queues turns starts one it took from its queue; the default just runs
     * it.
     */
    default void runTurn(Runnable turn) {
        turn.run();
    }

    /**
     * Called by a turn whose mailbox ran dry: may spin for a short while until {@code condition} says that there is
     * something to do again, while this thread has nothing else to run.
     *
     * @return true when {@code condition} said so (the turn goes on), false when the dispatcher did not linger or
     *         nothing came in time
     */
    default boolean linger(LingerCondition condition) {
        return false;
    }

    /**
     * True when the calling thread, inside a turn, runs {@code turn} next (it was handed to this thread, or is kept by
     * it). False for {@code null}.
     */
    default boolean runsNext(Runnable turn) {
        return false;
    }

    /**
     * Called by a turn that ran dry after running messages, whose last message came from the turn this thread runs
     * next ({@link #runsNext}), instead of giving up its scheduled state.
     *
     * @return true when the dispatcher keeps {@code turn}, still scheduled, and will run or release it exactly once on
     *         this thread; false when the turn must go idle itself
     */
    default boolean keepDryTurn(KeepableTurn turn) {
        return false;
    }
}
