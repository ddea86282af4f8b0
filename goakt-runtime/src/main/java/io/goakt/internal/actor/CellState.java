package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.Behavior;
import io.goakt.actor.HealthCheck;
import io.goakt.actor.Passivation;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.SupervisorObserver;
import io.goakt.dispatch.Dispatcher;
import io.goakt.internal.mailbox.SenderLanes;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The top of the {@link ActorCell} chain: what every concern of an actor reads. The actor's identity and options,
 * its lifecycle flags, the instance and the message it is handling, and the two side records that keep an idle actor
 * small ({@link Rare}, {@link Extras}). It also switches the mailbox to sender lanes, the one mailbox hook that needs
 * the side record.
 *
 * <h2>The chain</h2>
 * One actor is one object, but its source is split by concern, each level a package-private abstract class that
 * extends the one above and calls only upward: {@code CellState}, {@link Children}, {@link CellStatistics},
 * {@link StashAndBehaviors}, {@link DeathWatch}, {@link Timers}, {@link ReentrantRequests},
 * {@link HealthAndPassivation}, {@link FailureHandling} (child side), {@link Supervision} (parent side),
 * {@link Lifecycle} (start, restart, stop), {@link MessageDispatch} (system and user messages) and the final
 * {@link ActorCell}, which holds the rest of the {@link ReceiveContext} surface. The order follows the calls: each
 * concern uses only those above it. The one call that must go down ({@code Timers.onRuntimeTimer}) and
 * {@link Mailbox}'s hooks are abstract above and final where implemented, with {@code ActorCell} the only concrete
 * class, so the JIT binds them statically and the per-message path has no more virtual calls than one class had.
 *
 * <h2>Threading</h2>
 * The package-private fields of this class are for the chain only. Plain fields are touched only by the thread that
 * owns the mailbox's consumer side (see {@link Mailbox}); the final fields are safely published by the construction
 * that precedes the cell's publication. The lifecycle flags (terminating, terminated, passivates and the owner's
 * own) are bits of the mailbox's status word: only the owner sets them, by atomic or and and-not; other threads read
 * them by volatile loads (spawners, lookups, parents, snapshots, termination futures), and each such read says what it
 * pairs with. {@link #rare} is published by CAS and read with acquire loads.
 */
abstract class CellState extends Mailbox implements ReceiveContext {

    private static final VarHandle RARE;
    private static final VarHandle CONTENDED;
    private static final VarHandle RARE_LANES;
    private static final VarHandle LAST_MESSAGE;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            RARE = l.findVarHandle(CellState.class, "rare", Rare.class);
            CONTENDED = l.findVarHandle(Rare.class, "contendedSends", int.class);
            RARE_LANES = l.findVarHandle(Rare.class, "lanes", SenderLanes.class);
            LAST_MESSAGE = l.findVarHandle(Extras.class, "lastMessageNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a stopping or restarting cell does once its last child has stopped. */
    enum AfterChildren { NONE, RECREATE, TERMINATE }

    final LocalActorSystem system;
    final ActorCell parent;
    final String name;
    final LocalActorRef self;
    /**
     * The incarnation number {@link LocalActorRef#uid()} answers (unsigned), here so that the ref is the cell pointer
     * alone. Refs to an earlier incarnation of the same path must never reach this one: locally they cannot (a
     * {@code LocalActorRef} points at its own cell, whose mailbox stays closed), but a remote ref, a death watch
     * from another node, and the cluster registry identify an incarnation by path and uid only. So the uid comes
     * from the system's counter ({@link LocalActorSystem#nextUid}), not a random draw: with 32 random bits a stale
     * ref matched a given new incarnation once in 2^32, but a name re-spawned n times carried about
     * n^2 / 2^33 pairs of incarnations with equal uids (more likely than not past 77,000 re-spawns); from the counter,
     * two incarnations in one system share a uid only if 2^32 spawns (of any names) happened between them, and the
     * counter's random start keeps a restarted system at the same address to the 2^-32 chance of a random draw.
     * 32 bits, not 64: 4 bytes less a cell brings it under an alignment step.
     */
    final int uid;
    /**
     * The factory (a {@code Supplier<? extends Actor>} for fresh instances, or the one {@link Actor} instance to
     * reuse) when the actor was spawned with {@link SpawnOptions#defaults()}, else a {@link Spawned} holding the
     * factory and the options. Both are read only when an instance is made and on cold paths ({@link #options()}):
     * the message path tests passivation bits of the status word instead ({@link #PASSIVATES},
     * {@link #IDLE_PASSIVATES}), and reads the options only for an actor with {@link #MESSAGE_LIMIT}. One field for
     * the two takes 4 bytes out of every actor with the default options, which brings the cell under an alignment
     * step; an actor with options of its own carries the 24-byte holder instead.
     */
    private final Object spawned;
    /** Created on first use by {@link #rare()}: see {@link Rare}. */
    @SuppressWarnings("unused") // through RARE
    private volatile Rare rare;

    // Owner-only state below: plain fields.

    Actor actor;
    Object currentMessage;
    ActorRef currentSender;

    CellState(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
              MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(queue != null, dispatcher, !guardian, passivationBits(options));
        this.system = system;
        this.parent = parent;
        this.name = name;
        this.spawned = options == SpawnOptions.defaults() ? factory : new Spawned(factory, options);
        this.uid = system.nextUid();
        this.self = new LocalActorRef((ActorCell) this);
        if (queue != null) {
            rare().customQueue = queue; // few actors have a mailbox of their own: the rest carry no field for it
        }
        ReceiveInterceptor[] combined = combine(system.config().interceptors(), options.interceptors());
        if (combined != null) {
            ext().interceptors = combined; // few actors are intercepted: the rest carry no field for it
        }
    }

    /**
     * What few cells ever need, kept out of the cell so that an idle actor stays small: the termination future
     * (someone waits for the stop), the children table (the actor spawned), the sender lanes (several threads kept
     * sending at once), restart statistics (the actor failed), and a user queue other than the built-in one. Created
     * once by any thread ({@link #rare()}); each field says who touches it.
     */
    static final class Rare {
        /**
         * The user queue when it is not the built-in one (the mailbox's {@code CUSTOM_QUEUE} bit), else null. Plain:
         * stored in the cell's constructor, before the cell is published, and never changed.
         */
        MessageQueue customQueue;
        /** Completed when the cell has stopped; created by {@code terminationFuture()}, any thread, under this. */
        volatile CompletableFuture<Void> termination;
        /** Sends to the base queue that met another sender; any thread, atomic adds through CONTENDED. */
        volatile int contendedSends;
        /** Set once (CAS), before the mailbox's LANES bit; read by senders and the consumer after they see the bit. */
        volatile SenderLanes lanes;
        /**
         * The children by name, null until the first spawn; any thread reads it. Volatile: the owner's store that
         * creates the map pairs with other threads' loads (see {@code Children}).
         */
        volatile ChildMap children;
        /** Times the processed count's low word wrapped; owner's volatile store, snapshots' volatile loads. */
        volatile int processedWraps;
        /** Restarts of this cell, for snapshots: the owner's volatile store pairs with snapshots' volatile loads. */
        volatile int restarts;
        // The parent's bookkeeping for this child, plain, parent's thread only:
        int inWindow;
        long windowStart;
        /** Recreates the parent has asked of the child; a Failed from an older generation is stale. */
        int recreatesIssued;
        /** The owner-only side part, created on first use by {@code ext()}; plain, owner only. */
        Extras extras;
        /**
         * This cell's place among the eviction candidates (see {@code Eviction}): its index in its stripe plus one,
         * 0 when it is not a candidate, {@code Eviction.CHOSEN} once chosen. Guarded by the stripe's monitor.
         */
        int evictionSlot;
    }

    /** The cell's {@link Rare} part, created on first use. Any thread. */
    final Rare rare() {
        Rare r = (Rare) RARE.getAcquire(this); // acquire: pairs with the CAS below that published it
        if (r == null) {
            Rare fresh = new Rare();
            r = (Rare) RARE.compareAndExchange(this, null, fresh); // volatile CAS: one Rare wins for every thread
            if (r == null) {
                r = fresh;
            }
        }
        return r;
    }

    /** The {@link Rare} part if it exists, else null; an acquire load that pairs with the CAS in {@link #rare()}. */
    final Rare rareIfPresent() {
        return (Rare) RARE.getAcquire(this);
    }

    /**
     * The {@link Rare} part if it exists, else null, by a volatile load: unlike an acquire load it cannot move before
     * the caller's preceding volatile store (see {@code Lifecycle.completeTermination}).
     */
    final Rare rareVolatile() {
        return (Rare) RARE.getVolatile(this);
    }

    /**
     * State most actors never use (stash, timers, watches, behaviours, interceptors, supervision bookkeeping,
     * requests), kept out of the cell so that an idle actor stays small. Created on first use and hung on the
     * {@link Rare} part (one pointer in the cell for both); plain fields, owner thread only.
     */
    static final class Extras {
        /**
         * Instances this cell has started through a recreate. It travels in {@code Failed}, so a parent that already
         * ordered a restart of this child (an all-for-one restart triggered by a sibling) can tell that a failure
         * reported before that restart is stale and must not restart it a second time.
         */
        int generation;
        Map<String, String> currentHeaders;
        WithHeaders currentWrapped;
        ArrayDeque<Behavior> behaviorStack;
        ArrayDeque<Envelope> stash;
        ArrayDeque<Envelope> unstashed;
        Map<Object, Timer> timers;
        Set<ActorRef> watchers;
        /** The actors this one watches, each with what to deliver when it stops (see {@code DeathWatch}). */
        Map<ActorRef, Object> watching;
        /** Deliveries queued for watched actors that stopped, each with what to deliver; an unwatch removes one. */
        Map<ActorRef, Object> terminatedQueued;
        AfterChildren afterChildren = AfterChildren.NONE;
        Throwable recreateCause;
        Envelope failedEnvelope;
        /** Children whose failures this cell escalated and that wait for its parent's decision. */
        List<ActorCell> escalatedChildren;
        /**
         * Suspensions of ancestors this cell has been told of ({@code SuspendSubtree}) and not yet told the end of
         * ({@code ResumeSubtree}); user messages wait while it is above zero.
         */
        int ancestorSuspensions;
        long receiveTimeoutNanos;
        /**
         * When the last message arrived (scheduler nanoseconds), kept while idleness matters (receive timeout,
         * idle passivation) or eviction ranks by recency. The owner stores it by {@link #touch} (opaque) and reads
         * it plainly; the evictor reads it by {@link #lastMessageOpaque} from its own thread.
         */
        long lastMessageNanos;
        int healthFailures;
        /** The system's interceptors, then the spawn options', or null for none; set at construction. */
        ReceiveInterceptor[] interceptors;
        MessageDispatch.InterceptorChain chain;
        /** The behaviour that handles messages instead of the instance's {@code receive}, or null. */
        Behavior behavior;
        long passivationCount;
        boolean passivated;
        Map<Long, ReentrantRequests.PendingRequest> requests;
        long requestSeq;
        int blockingRequests;
        ArrayDeque<Envelope> heldForRequests;
    }

    /** The cell's {@link Extras}, created on first use. Owner only. */
    final Extras ext() {
        Rare r = rare();
        Extras e = r.extras; // plain: owner only
        if (e == null) {
            e = r.extras = new Extras();
        }
        return e;
    }

    /**
     * The cell's {@link Extras} if it exists, else null. Owner only (and racy diagnostics): an acquire load of the
     * {@link Rare} pointer (pairs with the CAS that published it), then a plain load of the owner's own field.
     */
    final Extras extras() {
        Rare r = (Rare) RARE.getAcquire(this);
        return r == null ? null : r.extras;
    }

    /** Records a message's arrival for idleness and eviction. Owner only: an opaque store (no fence). */
    final void touch(long nanos) {
        LAST_MESSAGE.setOpaque(ext(), nanos); // opaque: pairs with lastMessageOpaque on the evictor's thread
    }

    /**
     * When the last message arrived, for the evictor on its own thread: an opaque load of a value the owner stores
     * opaquely ({@link #touch}), on an {@link Extras} that the eviction stripe's monitor published (the owner
     * creates it before it registers as a candidate). A stale value only makes the ranking approximate.
     */
    final long lastMessageOpaque(Extras x) {
        return (long) LAST_MESSAGE.getOpaque(x);
    }

    // ---- lifecycle bits, kept in the mailbox's status word (its spare bits: no field in an idle actor)

    /**
     * The options passivate (not {@link io.goakt.actor.Passivation#longLived()}): the one setting every message
     * consults, so that a message to a long-lived actor reads no option at all. Set at construction, never changed.
     */
    static final int PASSIVATES = FIRST_CELL_BIT;
    /** A stop began; set once, by the owner. */
    private static final int TERMINATING = FIRST_CELL_BIT << 1;
    /** The cell has fully stopped; set once, by the owner. */
    private static final int TERMINATED = FIRST_CELL_BIT << 2;
    // Owner-only flags: only the owner stores or reads them, by atomic or and and-not because senders CAS the word.
    private static final int INSTANCE_STARTED = FIRST_CELL_BIT << 3;
    private static final int FAILURE_PENDING = FIRST_CELL_BIT << 4;
    private static final int POST_START_DUE = FIRST_CELL_BIT << 5;
    private static final int INITIAL_POST_START = FIRST_CELL_BIT << 6;
    private static final int CURRENT_STASHED = FIRST_CELL_BIT << 7;
    /**
     * Suspended until reinstated (a {@code SUSPEND} directive or {@code ActorSystem.suspend}). Only the owner stores
     * it; snapshots on any thread read it by a volatile load of the status word.
     */
    private static final int LASTING_SUSPENSION = FIRST_CELL_BIT << 8;
    /** This cell told its children to suspend ({@code SuspendSubtree}) and owes them a {@code ResumeSubtree}. */
    private static final int SUBTREE_SUSPENDED = FIRST_CELL_BIT << 9;
    /**
     * The options passivate after idleness ({@code Passivation.afterIdle}): a message restarts the idle clock. Set at
     * construction with {@link #PASSIVATES}, never changed; read from the status word the turn has loaded anyway.
     */
    static final int IDLE_PASSIVATES = FIRST_CELL_BIT << 10;
    /**
     * The options passivate after a number of messages ({@code Passivation.afterMessages}): each message counts. Set
     * at construction with {@link #PASSIVATES}, never changed.
     */
    static final int MESSAGE_LIMIT = FIRST_CELL_BIT << 11;
    /**
     * The bits {@code nextEnvelope} looks at before handing out a message: one load and one test of the status word
     * for both, so a message after a stash costs nothing more than the check for the first PostStart it already pays.
     */
    static final int BEFORE_NEXT_MESSAGE = INITIAL_POST_START | CURRENT_STASHED;

    /** See {@link #PASSIVATES}. Any thread (the owner on every message): a volatile load of the status word. */
    final boolean passivates() {
        return (statusWord() & PASSIVATES) != 0;
    }

    /**
     * A stop began. Any thread: a volatile load of the status word, which pairs with {@link #markTerminating}'s atomic
     * or (see {@link Children#spawn} for the store-then-load handshake with an add).
     */
    final boolean isTerminating() {
        return (statusWord() & TERMINATING) != 0;
    }

    /** Owner only; an atomic or, a full fence: the store half of the handshakes {@link #isTerminating} names. */
    final void markTerminating() {
        setCellBits(TERMINATING);
    }

    /**
     * The cell has fully stopped. Any thread (snapshots, {@code terminationFuture}): a volatile load that pairs with
     * {@link #markTerminated}'s atomic or.
     */
    final boolean isTerminated() {
        return (statusWord() & TERMINATED) != 0;
    }

    /** Owner only; an atomic or, a full fence (see {@code Lifecycle.terminationFuture} for the handshake). */
    final void markTerminated() {
        setCellBits(TERMINATED);
    }

    private boolean flag(int bit) {
        return (statusWord() & bit) != 0;
    }

    private void flag(int bit, boolean on) {
        if (on) {
            setCellBits(bit);
        } else {
            clearCellBits(bit);
        }
    }

    /** The current instance's {@code preStart} has run and its {@code postStop} has not. */
    final boolean instanceStarted() {
        return flag(INSTANCE_STARTED);
    }

    final void instanceStarted(boolean on) {
        flag(INSTANCE_STARTED, on);
    }

    /** A failure was reported to the parent, whose decision is awaited. */
    final boolean failurePending() {
        return flag(FAILURE_PENDING);
    }

    final void failurePending(boolean on) {
        flag(FAILURE_PENDING, on);
    }

    /**
     * Suspended until reinstated. The owner reads it, and snapshots on any thread: a volatile load of the status
     * word, which pairs with the owner's atomic or and and-not.
     */
    final boolean lastingSuspension() {
        return flag(LASTING_SUSPENSION);
    }

    final void lastingSuspension(boolean on) {
        flag(LASTING_SUSPENSION, on);
    }

    /** The children were told to suspend and not yet to resume. Owner only. */
    final boolean subtreeSuspended() {
        return flag(SUBTREE_SUSPENDED);
    }

    final void subtreeSuspended(boolean on) {
        flag(SUBTREE_SUSPENDED, on);
    }

    /**
     * The current instance has not had its PostStart yet. A restart before the previous instance's PostStart ran
     * leaves that one queued behind the new instance's; it is stale then and skipped, so that each instance gets
     * exactly one.
     */
    final boolean postStartDue() {
        return flag(POST_START_DUE);
    }

    final void postStartDue(boolean on) {
        flag(POST_START_DUE, on);
    }

    /** The first instance's PostStart is still to be handed out by {@code nextEnvelope}. */
    final boolean initialPostStart() {
        return flag(INITIAL_POST_START);
    }

    final void initialPostStart(boolean on) {
        flag(INITIAL_POST_START, on);
    }

    /**
     * The message being handled has been stashed: a second {@code stash()} of it is refused. Set by
     * {@code stash()}, cleared by {@code nextEnvelope} before the next message is handed out.
     */
    final boolean currentStashed() {
        return flag(CURRENT_STASHED);
    }

    final void currentStashed(boolean on) {
        flag(CURRENT_STASHED, on);
    }

    /** Any of {@link #BEFORE_NEXT_MESSAGE} is set: one volatile load of the status word. */
    final boolean anyBeforeNextMessage() {
        return flag(BEFORE_NEXT_MESSAGE);
    }

    // ---- sender lanes: the mailbox asks, any thread

    /**
     * Contended sends to the base queue after which the mailbox switches to {@link SenderLanes}: enough that two
     * senders meeting now and then never cost an actor its lanes (about 600 bytes on two cores), few enough that a
     * mailbox several threads hammer switches within microseconds.
     */
    static final int CONTENDED_SENDS_FOR_LANES = 64;

    @Override
    final void onContendedSend() {
        // Atomic add: concurrent senders each count once.
        if ((int) CONTENDED.getAndAdd(rare(), 1) + 1 == CONTENDED_SENDS_FOR_LANES) {
            switchToLanes();
        }
    }

    /** Spreads the built-in queue's senders over lanes from now on; idempotent, any thread. */
    final void switchToLanes() {
        Rare r = rare();
        if (r.lanes == null) { // volatile load: pairs with the CAS below
            SenderLanes fresh = new SenderLanes(SenderLanes.countFor(Runtime.getRuntime().availableProcessors()));
            // Publish the lanes (volatile CAS), then the bit that sends senders to them; a loser of the CAS leaves
            // both to the winner.
            if (RARE_LANES.compareAndSet(r, null, fresh)) {
                enableLanes();
            }
        }
    }

    @Override
    final MessageQueue customQueue() {
        // Acquire load of the part (pairs with the CAS that published it), then the plain load of a field stored
        // before the cell itself was published.
        return rareIfPresent().customQueue;
    }

    @Override
    final SenderLanes senderLanes() {
        return rare().lanes; // volatile load: pairs with the CAS in switchToLanes, which precedes the LANES bit
    }

    // ---- identity and settings resolved from the options on use (cold paths only)

    /** The path from the root, built on demand (cold paths only). */
    final String path() {
        return parent == null ? "/" + name : parent.path() + "/" + name;
    }

    final SupervisorStrategy strategy() {
        SupervisorStrategy s = options().supervisor();
        return s != null ? s : system.config().defaultSupervisor();
    }

    final RestartPolicy restartPolicy() {
        RestartPolicy p = options().restartPolicy();
        return p != null ? p : RestartPolicy.TRANSIENT;
    }

    final int stashCapacity() {
        int cap = options().stashCapacity();
        return cap > 0 ? cap : system.config().stashCapacity();
    }

    final HealthCheck healthCheck() {
        return options().healthCheck();
    }

    final long passivationIdleNanos() {
        Duration idle = options().passivation().idle();
        return idle == null ? 0 : idle.toNanos();
    }

    final SupervisorObserver observer() {
        return options().observer();
    }

    /** A fresh instance from the factory, or the one instance this actor was spawned with. */
    final Actor newInstance() {
        Object s = spawned;
        Object factory = s instanceof Spawned both ? both.factory : s;
        if (factory instanceof Supplier<?> supplier) {
            return (Actor) supplier.get();
        }
        return (Actor) factory;
    }

    /** The spawn options, shared by every actor spawned with them; defaults are resolved on use. Cold paths only. */
    final SpawnOptions options() {
        return spawned instanceof Spawned both ? both.options : SpawnOptions.defaults();
    }

    /** The factory and the options of an actor spawned with options other than the defaults. Immutable. */
    private record Spawned(Object factory, SpawnOptions options) {
    }

    /** The status bits the options' passivation sets at construction. */
    private static int passivationBits(SpawnOptions options) {
        Passivation p = options.passivation();
        if (p.isLongLived()) {
            return 0;
        }
        int idle = p.idle() != null && p.idle().toNanos() > 0 ? IDLE_PASSIVATES : 0;
        return PASSIVATES | idle | (p.maxMessages() > 0 ? MESSAGE_LIMIT : 0);
    }

    private static ReceiveInterceptor[] combine(List<ReceiveInterceptor> a, List<ReceiveInterceptor> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return null;
        }
        List<ReceiveInterceptor> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return all.toArray(new ReceiveInterceptor[0]);
    }
}
