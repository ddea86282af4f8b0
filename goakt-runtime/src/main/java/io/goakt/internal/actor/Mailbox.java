package io.goakt.internal.actor;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.KeepableTurn;
import io.goakt.dispatch.LingerCondition;
import io.goakt.internal.mailbox.SenderLanes;
import io.goakt.internal.mailbox.SlotQueue;
import io.goakt.internal.mailbox.SlotSegment;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

/**
 * The scheduling half of an actor: its two queues, its status word, and the loop a dispatcher thread runs.
 *
 * <h2>The problem</h2>
 * Many threads send to an actor, but only one thread at a time may run it, and an actor with nothing to do must
 * cost no thread at all. A send must therefore decide, without a lock, whether the actor needs to be handed to its
 * dispatcher, and the thread that finishes a turn must never leave a message behind that nobody will run (the lost
 * wake-up).
 *
 * <h2>The approach</h2>
 * One {@code int} status word holds three scheduling bits: {@link #SCHEDULED} (a turn is queued or running, and
 * whoever set the bit owns the consumer side of the queues), {@link #SUSPENDED} (user messages wait; system messages
 * still run) and {@link #CLOSED} (the actor has stopped; anything still arriving becomes a dead letter); two more,
 * {@link #LANES} and {@link #CUSTOM_QUEUE}, only say where sends go (see "The user queue"); bits from
 * {@link #FIRST_CELL_BIT} up are the cell's lifecycle flags, kept in this word only because an idle actor has room
 * for them nowhere else. A send enqueues, then reads
 * the status: if {@code SCHEDULED} is set, the running turn will see the message and the send is done; otherwise it
 * CASes the bit on and, if it won, submits the mailbox: the mailbox is the turn ({@link Runnable}), so a turn handed
 * over to the thread that woke it allocates nothing. It is not a {@code ForkJoinTask}: a dispatcher that queues it in
 * a fork-join pool wraps it in a task of its own for each submission, since a pool's queue must never meet one task
 * object twice (see {@code ForkJoinDispatcher.PoolTurn}).
 *
 * <p>A turn ({@link #run}) processes all system messages, then up to {@code throughput} user messages, checking for
 * system messages after each one. Then it clears {@code SCHEDULED} and <b>re-checks</b> both queues: a sender that
 * enqueued while the bit was still set saw it set and left the message to this turn, so the turn must look again
 * after giving up the bit, and reschedule if anything is there. Both sides use a full fence between their write and
 * their read (on the sender side the enqueue's atomic update: {@code getAndAdd} of the claims word, or the
 * {@code getAndSet} of a linked queue's tail; on the turn side the status {@code getAndBitwiseAnd}), so at least one
 * of them sees the other's write: either the sender sees the bit clear and schedules, or the turn sees the message
 * and reschedules. {@code MailboxLostWakeUpStressTest} checks this: many senders race the end
 * of a turn, round after round, and every message is handled exactly once with no round left waiting; removing the
 * re-check makes it fail.
 *
 * <p>A closed mailbox is never run again; a sender that finds one closed CASes {@code SCHEDULED} on all the same and,
 * owning the consumer side, drains what is queued to dead letters, then repeats the re-check. So a message is either
 * processed or reported, never silently lost, even when it races with the actor's stop.
 *
 * <h2>The dispatcher</h2>
 * A turn talks to its {@link Dispatcher} only through the contract documented there: it may ask the dispatcher to
 * {@linkplain Dispatcher#linger linger} when the queue runs dry mid-turn, to {@linkplain Dispatcher#keepDryTurn keep}
 * a dry turn whose partner runs next, and to queue the next turn {@linkplain Dispatcher#executeBehind behind} other
 * work; a plain executor-backed dispatcher answers each of those with the default (no linger, no keeping, plain
 * {@code execute}) and the mailbox is just as correct, only without those savings. The dispatcher is a final field,
 * so with one dispatcher class in a system these calls inline.
 *
 * <h2>System messages</h2>
 * System messages (stop, restart, watch, child failure) go on a Treiber stack that a turn swaps out whole and
 * reverses. Closing swaps in a sentinel, after which an enqueue fails and the sender handles the message as sent
 * to a dead actor (a watch then answers {@code Terminated} at once).
 *
 * <h2>The user queue</h2>
 * With the default mailbox the user queue lives in this object: a few fields run by the algorithm of
 * {@link SlotQueue}, which keeps a message and its sender without an envelope (the first one right here, in the
 * inline slot, the rest in segments that exist only while messages wait). An idle actor is then one object smaller
 * than with a queue object beside it, and a send touches one object fewer. Any other {@link MessageQueue} (bounded,
 * priority, fair, or an application's own) hangs on the cell's side part, and the status bit {@link #CUSTOM_QUEUE}
 * says so: every queue operation reads the status word first anyway (for {@link #LANES} or {@link #SCHEDULED}), so
 * the default mailbox pays nothing for the choice and keeps no field for it. When several
 * threads keep sending at once, the built-in queue switches for good to {@link SenderLanes} (a queue per group of
 * sending threads, so they stop contending for one tail); the base queue then only holds what was sent across the
 * switch, and is served first.
 *
 * <h2>Threading</h2>
 * {@link #sendUser}, {@link #sendUserAll} and {@link #sendSystem} may be called by any thread. Everything else runs on
 * the thread that owns {@code SCHEDULED}: a dispatcher thread during a turn, the spawning thread during
 * {@code preStart}. The hand-over of that ownership is a volatile write (clearing the bit) followed by a CAS (setting
 * it), so plain fields of the actor are safely published from one turn to the next.
 *
 * <p>Reference: Pekko's {@code Mailbox.run}, which established this turn structure on the JVM.
 */
abstract class Mailbox implements KeepableTurn, LingerCondition, SlotQueue {

    private static final Logger LOG = LoggerFactory.getLogger(Mailbox.class);

    /** A turn is queued or running; its holder owns the consumer side. */
    static final int SCHEDULED = 1;
    /**
     * User messages wait (a failure is being decided on, the actor or an ancestor is suspended: the cell derives the
     * bit, see {@code FailureHandling}); system messages still run.
     */
    static final int SUSPENDED = 2;
    /** Stopped for good. */
    static final int CLOSED = 4;
    /**
     * The built-in queue has spread its senders over {@link SenderLanes} (set once, never cleared); they are
     * reached through {@link #senderLanes()}.
     */
    static final int LANES = 8;
    /**
     * The user queue is not the built-in one but a {@link MessageQueue} reached through {@link #customQueue()}; set
     * at construction, never changed. A bit rather than a field, so that an actor with the default mailbox carries
     * no pointer for a queue it does not have.
     */
    static final int CUSTOM_QUEUE = 16;
    /**
     * The lowest of the bits the mailbox only carries for the cell (its lifecycle flags, see {@code CellState}):
     * spare bits of a word every actor has, so an idle actor needs no field for them. Bits below are the mailbox's.
     */
    static final int FIRST_CELL_BIT = 1 << 8;

    private static final VarHandle STATUS;
    private static final VarHandle SYSTEM_HEAD;
    private static final VarHandle CLAIMS;
    private static final VarHandle INLINE_MESSAGE;
    private static final VarHandle FIRST;

    /** Marks a closed system stack. */
    private static final SystemMessage SYSTEM_CLOSED = new SystemMessage() {
    };

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATUS = l.findVarHandle(Mailbox.class, "status", int.class);
            SYSTEM_HEAD = l.findVarHandle(Mailbox.class, "systemHead", SystemMessage.class);
            CLAIMS = l.findVarHandle(Mailbox.class, "claims", long.class);
            INLINE_MESSAGE = l.findVarHandle(Mailbox.class, "inlineMessage", Object.class);
            FIRST = l.findVarHandle(Mailbox.class, "first", SlotSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Reached through STATUS only. */
    @SuppressWarnings("unused")
    private volatile int status;
    /** Reached through SYSTEM_HEAD only. */
    @SuppressWarnings("unused")
    private volatile SystemMessage systemHead;

    // The built-in user queue (see SlotQueue): the claims word, the inline slot, the first segment in use, and the
    // consumer's count of positions taken.
    /** Reached through CLAIMS only. */
    @SuppressWarnings("unused")
    private long claims;
    /** Reached through INLINE_MESSAGE only. */
    @SuppressWarnings("unused")
    private Object inlineMessage;
    private Object inlineSender;
    /** Reached through FIRST only. */
    @SuppressWarnings("unused")
    private SlotSegment first;
    private int taken;

    final Dispatcher dispatcher;

    /**
     * @param customQueue    true when the user queue is not the built-in one: the subclass then answers
     *                       {@link #customQueue()} from its constructor on
     * @param initiallyOwned true to start with {@code SCHEDULED} set, so that the creating thread owns the consumer
     *                       side (to run {@code preStart}) and sends cannot schedule a turn before it lets go
     * @param cellBits       the cell's initial bits, {@link #FIRST_CELL_BIT} and up
     */
    Mailbox(boolean customQueue, Dispatcher dispatcher, boolean initiallyOwned, int cellBits) {
        this.dispatcher = dispatcher;
        // Plain store: the mailbox is published to other threads (through its actor ref) with the ref itself, which
        // the spawning code hands over safely; no sender can see the mailbox before that.
        STATUS.set(this, (initiallyOwned ? SCHEDULED : 0) | (customQueue ? CUSTOM_QUEUE : 0) | cellBits);
    }

    // ---------------------------------------------------------------- status transitions

    /** Volatile load of the status word; pairs with every atomic update of it below. */
    private int status() {
        return (int) STATUS.getVolatile(this);
    }

    /**
     * CAS of the status word; the winner of {@code 0 -> SCHEDULED} owns the consumer side. Pairs with the
     * {@link #setIdle} of the previous owner: the new owner sees every plain write the previous turn made.
     */
    private boolean casStatus(int expect, int update) {
        return STATUS.compareAndSet(this, expect, update);
    }

    /**
     * Gives up the consumer side. A full fence (atomic and-not), so the re-check that follows cannot be reordered
     * before it; pairs with the full fence of a sender's enqueue.
     */
    final void setIdle() {
        STATUS.getAndBitwiseAnd(this, ~SCHEDULED);
    }

    /**
     * Stops user-message processing until {@link #resume()}; owner only. Atomic or: senders may CAS other bits at the
     * same time; pairs with the status loads of the turn and of {@link #scheduleSlow}.
     */
    final void suspend() {
        STATUS.getAndBitwiseOr(this, SUSPENDED);
    }

    /**
     * Lets user messages run again; owner only. The turn's re-check picks up waiting messages. Atomic and-not, for
     * the same reason and with the same pairing as {@link #suspend}.
     */
    final void resume() {
        STATUS.getAndBitwiseAnd(this, ~SUSPENDED);
    }

    /**
     * Closes for good; owner only. Later sends drain to dead letters. Atomic or; pairs with the status load of a
     * sender's {@link #scheduleSlow}, which then drains instead of scheduling.
     */
    final void close() {
        STATUS.getAndBitwiseOr(this, CLOSED);
    }

    /** Volatile load of the status word, for the cell's bits; pairs with {@link #setCellBits} and its inverse. */
    final int statusWord() {
        return status();
    }

    /**
     * Sets cell bits ({@link #FIRST_CELL_BIT} and up). Atomic or, as senders CAS the same word: a full fence, at least
     * as strong as a volatile store; pairs with {@link #statusWord}'s volatile load.
     */
    final void setCellBits(int bits) {
        STATUS.getAndBitwiseOr(this, bits);
    }

    /** Clears cell bits; atomic and-not, as {@link #setCellBits}. */
    final void clearCellBits(int bits) {
        STATUS.getAndBitwiseAnd(this, ~bits);
    }

    final boolean isSuspended() {
        return (status() & SUSPENDED) != 0;
    }

    final boolean isClosed() {
        return (status() & CLOSED) != 0;
    }

    /** True while a turn is queued, running or kept by the dispatcher. Any thread; for tests and diagnostics. */
    final boolean isScheduled() {
        return (status() & SCHEDULED) != 0;
    }

    // ---------------------------------------------------------------- the user queue

    /**
     * Takes the next envelope from the user queue (not the unstashed ones), or null. Consumer only. With the built-in
     * queue it does not wait for a sender that is in the middle of adding one: it returns null while
     * {@link #queueHasMessages()} says true, and the turn comes back to the actor later. The built-in queue puts the
     * message in {@code reuse} when it is not null: a cleared envelope the caller owns and nobody else holds.
     */
    final Envelope pollQueue(Envelope reuse) {
        int s = status();
        if ((s & (CUSTOM_QUEUE | LANES)) == 0) {
            return pollSlotNoWait(reuse);
        }
        return (s & CUSTOM_QUEUE) != 0 ? customQueue().poll() : senderLanes().pollNoWait(this);
    }

    /** Takes the next envelope from the user queue, waiting for one a sender is adding. For draining. */
    final Envelope pollQueueWaiting() {
        if (isCustomQueue()) {
            return customQueue().poll();
        }
        Envelope e = pollSlot();
        return e != null || !isLanesEnabled() ? e : senderLanes().pollWaiting();
    }

    /** True when the user queue has an envelope or one is being added. Consumer side. */
    final boolean queueHasMessages() {
        int s = status();
        if ((s & CUSTOM_QUEUE) != 0) {
            return customQueue().hasMessages();
        }
        return hasSlots() || ((s & LANES) != 0 && senderLanes().hasMessages());
    }

    /** Envelopes in the user queue; an estimate, linear in the size. Any thread. */
    final int queueSize() {
        if (isCustomQueue()) {
            return customQueue().size();
        }
        long n = sizeSlots() + (isLanesEnabled() ? senderLanes().size() : 0);
        return (int) Math.min(Integer.MAX_VALUE, n);
    }

    /**
     * Adds to the built-in queue: to the base queue, which keeps message and sender without an envelope, or to the
     * sender's lane once the mailbox has {@link #LANES}, as {@code status} (the caller's volatile load, which also
     * ruled out {@link #CUSTOM_QUEUE}) says. Reading the status first costs no extra cache miss: it shares a line with
     * the claims word the send increments. A sender that read the status just before another set {@code LANES}
     * still adds to the base queue, which the consumer serves first.
     */
    private void offerBuiltIn(int status, Object message, Object sender) {
        if ((status & LANES) != 0) {
            senderLanes().offer(new Envelope(message, sender));
        } else if (!offerSlot(message, sender)) {
            onContendedSend();
        }
    }

    /** True when the user queue is a {@link MessageQueue} of its own ({@link #CUSTOM_QUEUE}). Any thread. */
    final boolean isCustomQueue() {
        return (status() & CUSTOM_QUEUE) != 0;
    }

    /** True once the built-in queue has spread its senders over lanes. Any thread. */
    final boolean isLanesEnabled() {
        return (status() & LANES) != 0;
    }

    /**
     * Sets {@link #LANES} once {@code lanes} are reachable through {@link #senderLanes()}. Any thread, once. Atomic or,
     * a release of the lanes; pairs with the volatile status load of {@link #isLanesEnabled}.
     */
    final void enableLanes() {
        STATUS.getAndBitwiseOr(this, LANES);
    }

    /** The user queue's capacity, {@link Integer#MAX_VALUE} when unbounded. */
    final int queueCapacity() {
        return isCustomQueue() ? customQueue().capacity() : Integer.MAX_VALUE;
    }

    // SlotQueue's accessors over the fields above: each does the access its name says, and SlotQueue states what
    // each pairs with.

    @Override
    public final long claimsVolatile() {
        return (long) CLAIMS.getVolatile(this);
    }

    @Override
    public final long claimsGetAndIncrement() {
        return (long) CLAIMS.getAndAdd(this, 1L);
    }

    @Override
    public final long claimsGetAndAdd(int n) {
        return (long) CLAIMS.getAndAdd(this, (long) n);
    }

    @Override
    public final boolean claimsCompareAndSet(long expect, long update) {
        return CLAIMS.compareAndSet(this, expect, update);
    }

    @Override
    public final Object inlineMessageAcquire() {
        return INLINE_MESSAGE.getAcquire(this);
    }

    @Override
    public final void inlineMessageRelease(Object message) {
        INLINE_MESSAGE.setRelease(this, message);
    }

    @Override
    public final Object inlineSender() {
        return inlineSender;
    }

    @Override
    public final void inlineSender(Object sender) {
        inlineSender = sender;
    }

    @Override
    public final SlotSegment firstAcquire() {
        return (SlotSegment) FIRST.getAcquire(this);
    }

    @Override
    public final boolean firstCompareAndSet(SlotSegment expect, SlotSegment update) {
        return FIRST.compareAndSet(this, expect, update);
    }

    @Override
    public final void firstRelease(SlotSegment segment) {
        FIRST.setRelease(this, segment);
    }

    @Override
    public final int taken() {
        return taken;
    }

    @Override
    public final void taken(int count) {
        taken = count;
    }

    // ---------------------------------------------------------------- sending

    /**
     * Enqueues a user message and makes sure a turn will see it. Any thread.
     *
     * <p>Fast path, assuming the actor is usually busy or its mailbox near empty: one enqueue and one status read.
     *
     * @return false when the queue refused the envelope (a full bounded mailbox); nothing else happened then
     */
    final boolean sendUser(Envelope envelope) {
        int s = status();
        if ((s & CUSTOM_QUEUE) == 0) {
            offerBuiltIn(s, envelope.message(), envelope.sender());
        } else if (!customQueue().offer(envelope)) {
            return false;
        }
        if ((status() & SCHEDULED) == 0) {
            scheduleSlow(true);
        }
        return true;
    }

    /**
     * {@link #sendUser(Envelope)} for a message and its sender: the built-in queue stores them without an envelope,
     * any other queue gets one made here.
     */
    final boolean sendUser(Object message, Object sender) {
        int s = status();
        if ((s & CUSTOM_QUEUE) == 0) {
            offerBuiltIn(s, message, sender);
        } else if (!customQueue().offer(new Envelope(message, sender))) {
            return false;
        }
        if ((status() & SCHEDULED) == 0) {
            scheduleSlow(true);
        }
        return true;
    }

    /**
     * Enqueues a batch of user messages, in their order, and makes sure a turn will see them: one status check and at
     * most one schedule for the whole batch. The sender of {@code messages[i]} is {@code senders[i]}, or
     * {@code sender} when {@code senders} is null. Any thread.
     *
     * <p>The built-in queue takes the batch in one atomic operation: one claim of consecutive positions
     * ({@link SlotQueue#offerSlots}), so no other sender's message falls between two of its messages, or, once the
     * mailbox has {@link #LANES}, one exchange that links a chain of envelopes into the sender's lane
     * ({@link SenderLanes#offerAll}), where the consumer may serve other lanes between two of them (order within the
     * batch holds either way). Any other queue is offered the messages one by one, in order, and the first
     * refusal (a full bounded queue) ends the batch there: the messages before it are queued, it and those after it
     * are not, so what the actor gets is always a prefix of the batch.
     *
     * @return how many messages, from the first, were queued: {@code messages.length} unless a queue refused one
     */
    final int sendUserAll(Object[] messages, Object[] senders, Object sender) {
        int n = messages.length;
        int accepted = n;
        int s = status();
        if ((s & CUSTOM_QUEUE) == 0) {
            if ((s & LANES) != 0) {
                Envelope[] chain = new Envelope[n];
                for (int i = 0; i < n; i++) {
                    chain[i] = new Envelope(messages[i], senders == null ? sender : senders[i]);
                }
                senderLanes().offerAll(chain);
            } else {
                offerSlots(messages, senders, sender);
            }
        } else {
            MessageQueue q = customQueue();
            for (int i = 0; i < n; i++) {
                if (!q.offer(new Envelope(messages[i], senders == null ? sender : senders[i]))) {
                    accepted = i;
                    break;
                }
            }
        }
        // The last enqueue's atomic update is the full fence this status read relies on, as for a single send.
        if (accepted > 0 && (status() & SCHEDULED) == 0) {
            scheduleSlow(true);
        }
        return accepted;
    }

    /**
     * Like {@link #sendUser(Envelope)}, but a queue that is full may make the caller wait up to {@code timeoutNanos}
     * for room. Returns false if there was still no room.
     */
    final boolean sendUser(Envelope envelope, long timeoutNanos) throws InterruptedException {
        int s = status();
        if ((s & CUSTOM_QUEUE) == 0) {
            offerBuiltIn(s, envelope.message(), envelope.sender());
        } else if (!customQueue().offer(envelope, timeoutNanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        if ((status() & SCHEDULED) == 0) {
            scheduleSlow(true);
        }
        return true;
    }

    /** Enqueues a system message and makes sure a turn will see it; returns false if the mailbox is closed. */
    final boolean sendSystem(SystemMessage message) {
        for (;;) {
            SystemMessage head = (SystemMessage) SYSTEM_HEAD.getVolatile(this); // pairs with closeSystemQueue
            if (head == SYSTEM_CLOSED) {
                onDeadSystemMessage(message);
                return false;
            }
            message.next = head;
            // CAS publishes message.next; pairs with the getAndSet in takeSystemMessages.
            if (SYSTEM_HEAD.compareAndSet(this, head, message)) {
                break;
            }
        }
        if ((status() & SCHEDULED) == 0) {
            scheduleSlow(true);
        }
        return true;
    }

    /**
     * Slow path of scheduling: the status was seen without {@code SCHEDULED}. Submits the mailbox if this call wins
     * the bit and there is work a turn may do; drains to dead letters if the mailbox is closed.
     *
     * @param knownWork true when the caller just enqueued something (a sender), false for the re-check after a turn
     */
    private void scheduleSlow(boolean knownWork) {
        for (;;) {
            int s = status();
            if ((s & SCHEDULED) != 0) {
                return;
            }
            if ((s & CLOSED) != 0) {
                if (!hasUserWork() && !hasSystemMessages()) {
                    return;
                }
                if (casStatus(s, s | SCHEDULED)) {
                    drainClosed();
                    setIdle();
                    knownWork = false; // re-check: something may have arrived during the drain
                }
                continue;
            }
            boolean system = hasSystemMessages();
            // User messages that cannot run (suspended, or stopping while children stop) are no work: counting them
            // would resubmit a turn that does nothing, then again from its own re-check, a busy loop that lasts
            // until the stop completes.
            if (((s & SUSPENDED) != 0 || !canProcessUserMessages()) && !system) {
                return;
            }
            if (!knownWork && !system && !hasUserWork()) {
                return;
            }
            if (casStatus(s, s | SCHEDULED)) {
                submit();
                return;
            }
        }
    }

    private void submit() {
        try {
            dispatcher.execute(this);
        } catch (RuntimeException e) {
            // The dispatcher is gone (shutdown): nothing can run this actor any more.
            LOG.debug("dispatcher {} refused a turn of {}", dispatcher.name(), this, e);
            setIdle();
        }
    }

    /**
     * Lets go of the consumer side after the creating thread ran {@code preStart}, scheduling a turn if messages
     * arrived meanwhile (the {@code PostStart} always has).
     */
    final void releaseInitialOwnership() {
        setIdle();
        scheduleSlow(false);
    }

    // ---------------------------------------------------------------- the turn

    @Override
    public final void run() {
        int end = DRY;
        try {
            if (!isClosed()) {
                processSystemMessages();
                end = processUserMessages();
            } else {
                drainClosed();
            }
        } catch (Throwable t) {
            // Actor code failures are caught in invoke; reaching here is a runtime bug. Keep the thread alive.
            LOG.error("unexpected failure in the turn of {}", this, t);
        } finally {
            if (Thread.interrupted()) {
                // Actor code left the thread interrupted (say, re-interrupting after an InterruptedException). The
                // flag belongs to this turn, not to the next actor run on this thread (right away, through the
                // dispatcher's hand-off slot), whose first blocking call would otherwise fail for nothing.
                LOG.warn("{} left its dispatcher thread interrupted; the flag is cleared", this);
            }
            int why = end & ~(WORKED | PARTNER_NEXT);
            if (why != DRY && (status() & (SUSPENDED | CLOSED)) == 0) {
                // The turn ended on its throughput with messages still queued, or on a message a sender is still
                // adding: stay scheduled and queue the next turn. Giving up SCHEDULED here would open a window in
                // which a sender sees the bit clear, wins it, and submits the mailbox to the pool from outside (a
                // wake-up of another worker, and the actor moving between threads), only for this turn's re-check
                // to find the bit taken.
                resubmitOwned(why == BLOCKED);
            } else if (end != (DRY | WORKED | PARTNER_NEXT) || (status() & (SUSPENDED | CLOSED)) != 0
                    || !dispatcher.keepDryTurn(this)) {
                // (A turn that ran dry after running messages may let its dispatcher keep it, still scheduled: see
                // Dispatcher.keepDryTurn. The dispatcher then runs it again or calls releaseKept.)
                releaseKept();
            }
        }
    }

    /**
     * The turn of the actor behind {@code sender} (an actor ref), or null: what a dry turn's last message came from,
     * for {@link Dispatcher#runsNext}. Owner only.
     */
    abstract Runnable partnerOf(Object sender);

    /** Gives up the consumer side at the end of a turn, then re-checks both queues (see the class comment). */
    @Override
    public final void releaseKept() {
        setIdle();
        scheduleSlow(false);
    }

    /**
     * Queues another turn while still holding {@code SCHEDULED}; the next turn inherits the consumer side.
     *
     * @param behind true to queue it behind the work already waiting (the actor waits for a sender to finish adding
     *               a message), false to let the dispatcher run it next
     */
    private void resubmitOwned(boolean behind) {
        try {
            if (behind) {
                dispatcher.executeBehind(this);
            } else {
                dispatcher.execute(this);
            }
        } catch (RuntimeException e) {
            // The dispatcher is gone (shutdown): let go as any turn would, so sends keep turning into dead letters.
            LOG.debug("dispatcher {} refused a turn of {}", dispatcher.name(), this, e);
            setIdle();
            scheduleSlow(false);
        }
    }

    /** {@link #processUserMessages} ran dry, or user messages may not run now. */
    private static final int DRY = 0;
    /** {@link #processUserMessages} used up its throughput with messages still queued. */
    private static final int MORE = 1;
    /** {@link #processUserMessages} stopped at a message a sender is still adding to the queue. */
    private static final int BLOCKED = 2;
    /** Added to {@link #processUserMessages}'s answer when it ran at least one message. */
    private static final int WORKED = 4;
    /**
     * Added to {@link #processUserMessages}'s answer when the sender of the last message it ran is the actor its
     * thread runs next: then a dry turn may be kept (see {@link Dispatcher#keepDryTurn}).
     */
    private static final int PARTNER_NEXT = 8;

    /**
     * Runs up to {@code throughput} user messages and says why it stopped: {@link #MORE} and {@link #BLOCKED} let
     * the caller schedule the next turn without letting go of the consumer side; {@link #WORKED} is added when at
     * least one message ran.
     */
    private int processUserMessages() {
        int left = throughput();
        int done = 0;
        int counted = 0;
        int end = MORE;
        // An envelope that has been handled is cleared and held by nobody: the built-in queue refills it for the next
        // message of this turn instead of allocating one per message.
        Envelope spare = null;
        Object from = null;
        while (left-- > 0) {
            if ((status() & (SUSPENDED | CLOSED)) != 0 || !canProcessUserMessages()) {
                end = DRY;
                break;
            }
            Envelope e = nextEnvelope(spare);
            if (e == null) {
                if (hasUserWork()) {
                    // A sender is between the two stores of its enqueue (most likely descheduled right there). Do
                    // not wait for it with other actors' work at hand: come back to this one after that work.
                    end = BLOCKED;
                    break;
                }
                // Ran dry: keep the turn open a moment if the worker has nothing else to do (request-reply traffic
                // sends the next message within microseconds; catching it here saves a park and a wake-up).
                if (!dispatcher.linger(this)) {
                    end = DRY;
                    break;
                }
                if (SYSTEM_HEAD.getVolatile(this) != null) { // pairs with the CAS in sendSystem
                    processSystemMessages();
                }
                continue; // the empty look counts against throughput, so a turn still ends
            }
            from = e.sender();
            counted += invoke(e);
            spare = e;
            done++;
            if (SYSTEM_HEAD.getVolatile(this) != null) { // pairs with the CAS in sendSystem
                processSystemMessages();
            }
        }
        if (done > 0) {
            afterBatch(counted);
            end |= WORKED;
        }
        if ((end & ~WORKED) == MORE && !hasUserWork()) {
            end = DRY | (end & WORKED); // used up its throughput on exactly what was there
        }
        if ((end & WORKED) != 0 && dispatcher.runsNext(partnerOf(from))) {
            end |= PARTNER_NEXT; // the actor the last message came from runs next on this thread
        }
        return end;
    }

    final void processSystemMessages() {
        for (;;) {
            SystemMessage list = takeSystemMessages();
            if (list == null) {
                return;
            }
            for (SystemMessage m = list; m != null; ) {
                SystemMessage next = m.next;
                m.next = null;
                try {
                    processSystem(m);
                } catch (Throwable t) {
                    LOG.error("failure while handling {} in {}", m.getClass().getSimpleName(), this, t);
                }
                m = next;
            }
        }
    }

    /** Swaps out the system stack and returns it oldest first, or null if empty or closed. */
    private SystemMessage takeSystemMessages() {
        // Volatile load first, so an empty stack costs no atomic write; the getAndSet then acquires every message
        // pushed so far (pairs with the CAS in sendSystem).
        SystemMessage head = (SystemMessage) SYSTEM_HEAD.getVolatile(this);
        if (head == null || head == SYSTEM_CLOSED) {
            return null;
        }
        head = (SystemMessage) SYSTEM_HEAD.getAndSet(this, null);
        return reverse(head);
    }

    /** Closes the system stack and returns what was left on it, oldest first. Owner only, once. */
    final SystemMessage closeSystemQueue() {
        // getAndSet: takes what was pushed (pairs with the CAS in sendSystem); a later push sees the sentinel.
        return reverse((SystemMessage) SYSTEM_HEAD.getAndSet(this, SYSTEM_CLOSED));
    }

    private static SystemMessage reverse(SystemMessage head) {
        SystemMessage reversed = null;
        while (head != null && head != SYSTEM_CLOSED) {
            SystemMessage next = head.next;
            head.next = reversed;
            reversed = head;
            head = next;
        }
        return reversed;
    }

    /**
     * True when a lingering turn has something to do again: a system message, or a user message it may run. Only for
     * {@link Dispatcher#linger}, on the thread that owns the turn.
     */
    @Override
    public final boolean workArrived() {
        return hasSystemMessages() || (hasUserWork() && (status() & (SUSPENDED | CLOSED)) == 0 && canProcessUserMessages());
    }

    final boolean hasSystemMessages() {
        SystemMessage h = (SystemMessage) SYSTEM_HEAD.getVolatile(this); // pairs with the CAS in sendSystem
        return h != null && h != SYSTEM_CLOSED;
    }

    // ---------------------------------------------------------------- the actor's side

    /** Most user messages per turn; read once a turn (not kept per mailbox: an idle actor is 4 bytes smaller). */
    abstract int throughput();

    /**
     * Handles one user message. Must not throw. Owner only. Must not keep {@code envelope}: it is cleared at the end
     * and may be refilled with the next message (copy it to keep it, as stash and failure handling do).
     *
     * @return 1 when the message counts as processed, 0 for a {@code PostStart} (the runtime's signal, not a message
     *         anyone sent)
     */
    abstract int invoke(Envelope envelope);

    /**
     * Called once per turn that ran at least one user message, {@code count} of which count as processed
     * (statistics). Owner only.
     */
    abstract void afterBatch(int count);

    /** Handles one system message. Owner only. */
    abstract void processSystem(SystemMessage message);

    /** The next user envelope: unstashed messages first, then the queue. Owner only. */
    abstract Envelope nextEnvelope(Envelope reuse);

    /**
     * True while user messages may run (false once the actor is stopping). Any thread: the scheduling slow path
     * asks it too, so it must read only volatile state, and once false it must stay false (the turn that closes
     * the mailbox then drains what waits).
     */
    abstract boolean canProcessUserMessages();

    /** True when {@link #nextEnvelope} would return something. Consumer side, but tolerant of a stale answer. */
    abstract boolean hasUserWork();

    /** Reports every queued user message as a dead letter. Called with the consumer side owned. */
    abstract void drainClosed();

    /** A system message arrived after the mailbox closed. */
    abstract void onDeadSystemMessage(SystemMessage message);

    /**
     * The user queue of a mailbox with {@link #CUSTOM_QUEUE}; only then. Any thread, from the end of the cell's
     * constructor on.
     */
    abstract MessageQueue customQueue();

    /** The sender lanes; only after {@link #LANES} is set. Any thread. */
    abstract SenderLanes senderLanes();

    /**
     * A send to the base queue met another sender; enough of these switch the mailbox to lanes (see
     * {@link SenderLanes}). Any thread.
     */
    abstract void onContendedSend();
}
