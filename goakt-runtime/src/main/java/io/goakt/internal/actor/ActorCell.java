package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorAlreadyExistsException;
import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorInitializationException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorUnhealthyException;
import io.goakt.actor.Behavior;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.HealthCheck;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.Passivation;
import io.goakt.actor.PoisonPill;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.actor.ReceiveTimeout;
import io.goakt.actor.Reentrancy;
import io.goakt.actor.RequestCallback;
import io.goakt.actor.RequestLimitException;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.StashOverflowException;
import io.goakt.actor.Status;
import io.goakt.actor.SupervisorObserver;
import io.goakt.actor.Terminated;
import io.goakt.actor.TimerMode;
import io.goakt.dispatch.Dispatcher;
import io.goakt.eventstream.ActorFailed;
import io.goakt.eventstream.ActorPassivated;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.eventstream.ActorSuspended;
import io.goakt.eventstream.ActorUnhealthy;
import io.goakt.internal.mailbox.SenderLanes;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One actor: its instance, behaviour stack, children, watches, stash, timers and supervision state, and the
 * {@link ReceiveContext} its code sees (one object, reused for every message, so handling a message allocates
 * nothing).
 *
 * <h2>Threading</h2>
 * Plain fields are touched only by the thread that owns the mailbox's consumer side (see {@link Mailbox}). Fields
 * other threads read are marked: {@link #children} (a concurrent map, since {@code ActorSystem.spawn} adds to the
 * guardian from any thread and lookups read it), {@link #terminating} and {@link #terminated} (volatile).
 *
 * <h2>Stopping</h2>
 * A stop (system message {@code Terminate}) marks the cell terminating, which ends user-message processing, and
 * asks every child to stop; once the last {@code ChildTerminated} arrives the cell runs {@code postStop}, closes
 * the mailbox, reports what is still queued as dead letters, tells its watchers and its parent. A restart walks the
 * same path for the children, then swaps the instance and keeps the mailbox.
 *
 * <h2>Supervision</h2>
 * A throw from actor code suspends the cell and sends {@code Failed} to the parent, which applies the failed
 * child's {@link SupervisorStrategy} on its own thread and answers with {@code Resume}, {@code Recreate} (possibly
 * after a backoff), {@code Terminate}, or escalates by failing itself.
 */
final class ActorCell extends Mailbox implements ReceiveContext {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    private static final Object RECEIVE_TIMEOUT_KEY = new Object() {
        @Override
        public String toString() {
            return "receive-timeout";
        }
    };
    private static final Object HEALTH_CHECK_KEY = new Object() {
        @Override
        public String toString() {
            return "health-check";
        }
    };
    private static final Object PASSIVATION_KEY = new Object() {
        @Override
        public String toString() {
            return "passivation";
        }
    };

    private enum AfterChildren { NONE, RECREATE, TERMINATE }

    private static final VarHandle PROCESSED;
    private static final VarHandle LAST_BATCH;
    private static final VarHandle RARE;
    private static final VarHandle CONTENDED;
    private static final VarHandle RARE_LANES;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PROCESSED = l.findVarHandle(ActorCell.class, "processedCount", long.class);
            LAST_BATCH = l.findVarHandle(ActorCell.class, "lastBatchSeconds", int.class);
            RARE = l.findVarHandle(ActorCell.class, "rare", Rare.class);
            CONTENDED = l.findVarHandle(Rare.class, "contendedSends", int.class);
            RARE_LANES = l.findVarHandle(Rare.class, "lanes", SenderLanes.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final LocalActorSystem system;
    final ActorCell parent;
    final String name;
    final LocalActorRef self;
    /** A {@code Supplier<? extends Actor>} for fresh instances, or the one {@link Actor} instance to reuse. */
    private final Object factory;
    /** The spawn options, shared by every actor spawned with them; defaults are resolved on use. */
    private final SpawnOptions options;
    /**
     * The options passivate (not {@link io.goakt.actor.Passivation#longLived()}): the one setting every message
     * consults, kept here so that a message to a long-lived actor reads no option at all. Fills a gap in the cell's
     * layout.
     */
    private final boolean passivates;
    private final ReceiveInterceptor[] interceptors;

    /** Children by name; created on first spawn. Any thread reads; adds from the owner or, for the guardian, anyone. */
    private volatile ChildMap children;
    /** Set once a stop began; read by spawners and lookups on other threads. */
    private volatile boolean terminating;
    /** Set once the cell has fully stopped. */
    private volatile boolean terminated;
    /** Created on first use by {@link #rare()}: the termination future and restart statistics. */
    @SuppressWarnings("unused") // through RARE
    private volatile Rare rare;

    // ---- owner-only state below

    private Actor actor;
    private boolean instanceStarted;
    private Behavior behavior;
    private Object currentMessage;
    private ActorRef currentSender;
    private boolean failurePending;
    /**
     * The current instance has not had its PostStart yet. A restart before the previous instance's PostStart ran
     * leaves that one queued behind the new instance's; it is stale then and skipped, so that each instance gets
     * exactly one.
     */
    private boolean postStartDue;
    /** The first instance's PostStart is still to be handed out by {@link #nextEnvelope}; owner only. */
    private boolean initialPostStart;

    private Extras extras;

    // ---- statistics: written by the owner, read by any thread for snapshots (opaque reads suffice)
    // Plain fields written by the owner with release stores (no fence on x86) and read by snapshots with acquire
    // loads: a per-turn volatile store with its full fence showed in one-message turns.
    private long processedCount;
    /** Seconds after the system's start when the last batch ended, plus one (0: never); 4 bytes, not 8. */
    private int lastBatchSeconds;

    /**
     * What few cells ever need, kept out of the cell so that an idle actor stays small: the termination future
     * (someone waits for the stop), and restart statistics (the actor failed). Created once by any thread
     * ({@link #rare()}); each field says who touches it.
     */
    private static final class Rare {
        /** Completed when the cell has stopped; created by {@link #terminationFuture()}, any thread. */
        volatile CompletableFuture<Void> termination;
        /** Sends to the base queue that met another sender; any thread, through CONTENDED. */
        volatile int contendedSends;
        /** Set once (CAS), before the mailbox's LANES bit; read by senders and the consumer after they see the bit. */
        volatile SenderLanes lanes;
        /** Restarts of this cell, for snapshots; written by the cell's owner, read by any thread. */
        volatile int restarts;
        // The parent's bookkeeping for this child, parent's thread only:
        int inWindow;
        long windowStart;
        /** Recreates the parent has asked of the child; a Failed from an older generation is stale. */
        int recreatesIssued;
    }

    /** The cell's {@link Rare} part, created on first use. Any thread. */
    private Rare rare() {
        Rare r = (Rare) RARE.getAcquire(this);
        if (r == null) {
            Rare fresh = new Rare();
            r = (Rare) RARE.compareAndExchange(this, null, fresh);
            if (r == null) {
                r = fresh;
            }
        }
        return r;
    }

    /**
     * Contended sends to the base queue after which the mailbox switches to {@link SenderLanes}: enough that two
     * senders meeting now and then never cost an actor its lanes (about 600 bytes on two cores), few enough that a
     * mailbox several threads hammer switches within microseconds.
     */
    static final int CONTENDED_SENDS_FOR_LANES = 64;

    @Override
    void onContendedSend() {
        if ((int) CONTENDED.getAndAdd(rare(), 1) + 1 == CONTENDED_SENDS_FOR_LANES) {
            switchToLanes();
        }
    }

    /** Spreads the built-in queue's senders over lanes from now on; idempotent, any thread. */
    void switchToLanes() {
        Rare r = rare();
        if (r.lanes == null) {
            SenderLanes fresh = new SenderLanes(SenderLanes.countFor(Runtime.getRuntime().availableProcessors()));
            // Publish the lanes, then the bit that sends senders to them; a loser of the CAS leaves both to the winner.
            if (RARE_LANES.compareAndSet(r, null, fresh)) {
                enableLanes();
            }
        }
    }

    @Override
    SenderLanes senderLanes() {
        return rare().lanes;
    }

    /** This parent's bookkeeping for {@code child}; parent's thread only. */
    private static Rare statsOf(ActorCell child) {
        return child.rare();
    }

    ActorCell(LocalActorSystem system, ActorCell parent, String name, Object factory,
              SpawnOptions options, MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(queue, dispatcher, !guardian);
        this.system = system;
        this.parent = parent;
        this.name = name;
        this.factory = factory;
        this.self = new LocalActorRef(this, nonZeroUid());
        this.options = options;
        this.passivates = !options.passivation().isLongLived();
        this.interceptors = combine(system.config().interceptors(), options.interceptors());
        if (guardian) {
            this.children = new ChildMap(16);
            // The guardian is never started (no preStart, no PostStart), but messages can reach it (a top-level
            // actor telling ctx.parent()): its instance must exist so that they end as unhandled dead letters.
            this.actor = newInstance();
        }
    }

    // Settings resolved from the options on use: they are read on cold paths only.

    private SupervisorStrategy strategy() {
        SupervisorStrategy s = options.supervisor();
        return s != null ? s : system.config().defaultSupervisor();
    }

    private RestartPolicy restartPolicy() {
        RestartPolicy p = options.restartPolicy();
        return p != null ? p : RestartPolicy.TRANSIENT;
    }

    private int stashCapacity() {
        int cap = options.stashCapacity();
        return cap > 0 ? cap : system.config().stashCapacity();
    }

    private HealthCheck healthCheck() {
        return options.healthCheck();
    }

    private long passivationIdleNanos() {
        Duration idle = options.passivation().idle();
        return idle == null ? 0 : idle.toNanos();
    }

    private SupervisorObserver observer() {
        return options.observer();
    }

    private static long nonZeroUid() {
        long uid;
        do {
            uid = ThreadLocalRandom.current().nextLong();
        } while (uid == 0);
        return uid;
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

    // =================================================================== spawning

    /**
     * Spawns a child. Callable by this cell's owner, or by any thread when this is the guardian. Runs the child's
     * factory and {@code preStart} on the calling thread, which owns the child's mailbox until it returns.
     */
    ActorCell spawn(String childName, Object childFactory, SpawnOptions options) {
        Objects.requireNonNull(childFactory, "factory");
        Objects.requireNonNull(options, "options");
        Names.validate(childName);
        if (terminating) {
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        Dispatcher childDispatcher = system.dispatcher(options.dispatcher());
        MailboxFactory mailbox = options.mailbox() != null ? options.mailbox() : system.config().defaultMailbox();
        // The default queue lives inside the mailbox itself (null here): no queue object per actor.
        MessageQueue childQueue = mailbox == MailboxFactory.unbounded() ? null : mailbox.create();
        ActorCell child = new ActorCell(system, this, childName, childFactory, options, childQueue,
                childDispatcher, false);
        ChildMap map = childrenForWrite();
        if (map.putIfAbsent(child) != null) {
            throw new ActorAlreadyExistsException(childPath(childName));
        }
        // Volatile read after the put: pairs with handleTerminate's write of terminating then read of children.
        if (terminating) {
            map.remove(child);
            child.abandonUnstarted();
            sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        ObserverRelay relay = system.observerRelay();
        if (relay.active(child.observer())) {
            ActorRef childRef = child.self;
            relay.emit(child.observer(), o -> o.registered(childRef));
        }
        child.start();
        return child;
    }

    private String childPath(String childName) {
        return path() + "/" + childName;
    }

    /** The path from the root, built on demand (cold paths only). */
    String path() {
        return parent == null ? "/" + name : parent.path() + "/" + name;
    }

    private ChildMap childrenForWrite() {
        ChildMap map = children;
        if (map == null) {
            // Only the owner adds children to a non-guardian cell, so no race creates two maps.
            map = new ChildMap(2);
            children = map;
        }
        return map;
    }

    /** A fresh instance from the factory, or the one instance this actor was spawned with. */
    private Actor newInstance() {
        if (factory instanceof Supplier<?> supplier) {
            return (Actor) supplier.get();
        }
        return (Actor) factory;
    }

    /** First start, on the spawning thread (which owns the mailbox). */
    private void start() {
        // PostStart comes first, before anything preStart sends, without going through the queue: it must not take
        // a bounded mailbox's slot nor be reordered by a priority mailbox.
        postStartDue = true;
        initialPostStart = true;
        try {
            actor = newInstance();
            if (actor == null) {
                throw new NullPointerException("actor factory returned null");
            }
            actor.preStart(this);
            instanceStarted = true;
        } catch (Throwable t) {
            failStart(t);
            throw new ActorInitializationException(self.path(), t);
        }
        system.actorStarted();
        startHealthCheck();
        startPassivation();
        ObserverRelay relay = system.observerRelay();
        if (relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.started(me));
        }
        if (system.eventStream().hasSubscribers(ActorStarted.class)) {
            system.eventStream().publish(new ActorStarted(self));
        }
        releaseInitialOwnership();
    }

    /** preStart failed on the spawning thread: undo the spawn; children it made are stopped. */
    private void failStart(Throwable cause) {
        terminating = true;
        parent.children.remove(this);
        ChildMap kids = children;
        if (kids != null) {
            for (ActorCell c : kids.values()) {
                c.sendSystem(new SystemMessage.Terminate(false));
            }
        }
        cancelAllTimers();
        Extras x = extras;
        if (x != null && x.watching != null) {
            // Withdraw the watches preStart made, as finishTerminate does: else each watched actor keeps this dead
            // cell in its watcher set for as long as it lives.
            for (ActorRef w : x.watching) {
                if (w instanceof InternalActorRef r) {
                    r.sendUnwatch(self);
                }
            }
            x.watching = null;
        }
        close();
        SystemMessage rest = closeSystemQueue();
        handleDeadSystemMessages(rest);
        drainClosed();
        terminated = true;
        completeTermination();
        LOG.debug("actor {} failed to start", self.path(), cause);
        // Let go with the re-check, not a bare setIdle: a sender that found the mailbox owned after the drain
        // above (say, from a callback of the termination future) left its message to us; the re-check drains it.
        releaseInitialOwnership();
        // A parent that began to stop after the put in spawn counts this child among those it waits for (the
        // guardian, spawned into from any thread, during shutdown): it must hear of the stop like any other.
        parent.sendSystem(new SystemMessage.ChildTerminated(this));
    }

    /** A child that lost the race with its parent's stop before it started. */
    private void abandonUnstarted() {
        terminating = true;
        close();
        handleDeadSystemMessages(closeSystemQueue());
        terminated = true;
        completeTermination();
        releaseInitialOwnership(); // the re-check reports what reached the child through a lookup meanwhile
    }

    // =================================================================== user messages

    @Override
    Envelope nextEnvelope(Envelope reuse) {
        if (initialPostStart) {
            initialPostStart = false;
            return new Envelope(PostStart.INSTANCE, null);
        }
        Extras x = extras;
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        if (front != null && !front.isEmpty()) {
            return front.pollFirst();
        }
        return pollQueue(reuse);
    }

    @Override
    Runnable partnerOf(Object sender) {
        return sender instanceof LocalActorRef r ? r.cell : null;
    }

    @Override
    boolean hasUserWork() {
        if (initialPostStart) {
            return true;
        }
        Extras x = extras;
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        return (front != null && !front.isEmpty()) || queueHasMessages();
    }

    @Override
    boolean canProcessUserMessages() {
        return !terminating;
    }

    @Override
    void invoke(Envelope envelope) {
        Object message = envelope.message();
        ActorRef sender = (ActorRef) envelope.sender();
        if (message instanceof WithHeaders w) {
            Extras e = ext();
            e.currentHeaders = w.headers();
            e.currentWrapped = w;
            message = w.message();
        }
        currentMessage = message;
        currentSender = sender;
        Extras x = extras;
        try {
            if (message instanceof InternalMessage
                    && !(x != null && x.blockingRequests > 0 && reachesActorCode((InternalMessage) message))) {
                invokeInternal((InternalMessage) message);
            } else if (message == PostStart.INSTANCE && !postStartDue) {
                LOG.trace("{} skips the PostStart of an instance replaced before it ran", self.path());
            } else if (x != null && x.blockingRequests > 0) {
                // A stash-non-reentrant request is waiting: this message waits too, in arrival order.
                holdForRequests(x.currentWrapped != null ? x.currentWrapped : message, sender);
            } else if (message == PoisonPill.INSTANCE) {
                sendSystem(new SystemMessage.Terminate(true));
            } else {
                if ((x != null && x.receiveTimeoutNanos > 0) || (passivates && passivationIdleNanos() > 0)) {
                    // Idleness counts from the arrival of the last message, before the actor's code runs.
                    ext().lastMessageNanos = system.scheduler().nanoTime();
                }
                if (message == PostStart.INSTANCE) {
                    postStartDue = false;
                }
                deliver();
                if (passivates && message != PostStart.INSTANCE) {
                    long maxMessages = options.passivation().maxMessages();
                    if (maxMessages > 0 && ++ext().passivationCount >= maxMessages) {
                        passivate();
                    }
                }
            }
        } catch (Throwable t) {
            handleFailure(message instanceof InternalMessage ? null : envelope, t);
        } finally {
            currentMessage = null;
            currentSender = null;
            if (x != null && x.currentWrapped != null) {
                x.currentWrapped = null;
                x.currentHeaders = null;
            }
            envelope.clear();
        }
    }

    private void deliver() throws Exception {
        if (interceptors == null) {
            receiveCurrent();
        } else {
            InterceptorChain c = ext().chain;
            if (c == null) {
                c = ext().chain = new InterceptorChain();
            }
            c.start();
        }
    }

    private void receiveCurrent() throws Exception {
        Behavior b = behavior;
        if (b == null) {
            actor.receive(this);
        } else {
            b.receive(this);
        }
    }

    /** Runs the interceptors outermost first, then the behaviour. Reused for every message: no allocation. */
    private final class InterceptorChain implements ReceiveInterceptor.Next {
        private int index;

        void start() throws Exception {
            index = 0;
            proceed();
        }

        @Override
        public void proceed() throws Exception {
            int i = index;
            if (i < interceptors.length) {
                index = i + 1;
                interceptors[i].intercept(ActorCell.this, this);
            } else {
                receiveCurrent();
            }
        }
    }

    private void invokeInternal(InternalMessage message) throws Exception {
        if (message instanceof Timer t) {
            onTimer(t);
        } else if (message instanceof RequestReply r) {
            onRequestReply(r);
        } else if (message instanceof TerminatedDelivery d) {
            if (ext().terminatedQueued != null && ext().terminatedQueued.remove(d.actor)) {
                currentMessage = new Terminated(d.actor);
                currentSender = d.actor;
                deliver();
            }
        }
    }

    @Override
    void afterBatch(int count) {
        // Owner-only writes of volatile fields, once per turn rather than per message.
        PROCESSED.setRelease(this, processedCount + count);
        LAST_BATCH.setRelease(this, system.secondsSinceStart() + 1);
    }

    /** A snapshot for operators. Any thread. */
    ActorInfo info() {
        ActorInfo.State state;
        if (terminated) {
            state = ActorInfo.State.STOPPED;
        } else if (terminating) {
            state = ActorInfo.State.STOPPING;
        } else if (isSuspended()) {
            state = ActorInfo.State.SUSPENDED;
        } else {
            state = ActorInfo.State.RUNNING;
        }
        List<String> kids = new ArrayList<>();
        for (ActorCell c : childCells()) {
            if (!c.terminating) {
                kids.add(c.self.path());
            }
        }
        Actor a = actor; // racy read of a reference: fine for a snapshot
        int lastSeconds = (int) LAST_BATCH.getAcquire(this);
        long last = lastSeconds == 0 ? 0 : system.startTime().toEpochMilli() + (lastSeconds - 1) * 1000L;
        return new ActorInfo(self, a == null ? null : a.getClass().getName(), state, queueSize(),
                (long) PROCESSED.getAcquire(this), restarts(), kids, last == 0 ? null : Instant.ofEpochMilli(last),
                dispatcher.name());
    }

    /** The class name of the current instance, or null. Any thread; racy. */
    String kind() {
        Actor a = actor;
        return a == null ? null : a.getClass().getName();
    }

    // =================================================================== ReceiveContext

    @Override
    public Object message() {
        return currentMessage;
    }

    @Override
    public ActorRef sender() {
        return currentSender;
    }

    @Override
    public Map<String, String> headers() {
        Extras x = extras;
        Map<String, String> h = x == null ? null : x.currentHeaders;
        return h == null ? Map.of() : h;
    }

    @Override
    public ActorRef self() {
        return self;
    }

    @Override
    public ActorRef parent() {
        return parent == null ? null : parent.self;
    }

    @Override
    public ActorSystem system() {
        return system;
    }

    @Override
    public void respond(Object reply) {
        Objects.requireNonNull(reply, "reply");
        ActorRef to = currentSender;
        if (to == null) {
            system.deadLetter(reply, self, null, DeadLetter.Reason.NO_SENDER,
                    "reply from " + self.path() + " to a message without a sender");
        } else {
            to.tell(reply, self);
        }
    }

    @Override
    public void forward(ActorRef to) {
        to.tell(currentMessage, currentSender);
    }

    @Override
    public void unhandled() {
        Object m = currentMessage;
        if (m == null || m == PostStart.INSTANCE) {
            return;
        }
        system.deadLetter(m, currentSender, self, DeadLetter.Reason.UNHANDLED,
                self.path() + " did not handle " + m.getClass().getName());
    }

    @Override
    public void tell(ActorRef to, Object message) {
        to.tell(message, self);
    }

    @Override
    public CompletionStage<Object> ask(ActorRef to, Object message, Duration timeout) {
        return system.ask(to, message, timeout);
    }

    @Override
    public void pipeTo(CompletionStage<?> stage, ActorRef recipient) {
        Objects.requireNonNull(recipient, "recipient");
        ActorRef from = self;
        stage.whenComplete((value, error) -> {
            if (error != null) {
                recipient.tell(new Status.Failure(LocalActorSystem.unwrap(error)), from);
            } else {
                recipient.tell(value != null ? value : new Status.Success(null), from);
            }
        });
    }

    @Override
    public ActorRef spawnChild(String childName, Supplier<? extends Actor> childFactory, SpawnOptions options) {
        return spawn(childName, childFactory, options).self;
    }

    @Override
    public ActorRef spawnChild(String childName, Actor instance, SpawnOptions options) {
        Objects.requireNonNull(instance, "actor");
        return spawn(childName, (Object) instance, options).self;
    }

    @Override
    public Collection<ActorRef> children() {
        ChildMap map = children;
        if (map == null || map.isEmpty()) {
            return List.of();
        }
        List<ActorRef> refs = new ArrayList<>(map.size());
        for (ActorCell c : map.values()) {
            if (!c.terminating) {
                refs.add(c.self);
            }
        }
        return refs;
    }

    @Override
    public Optional<ActorRef> child(String childName) {
        ActorCell c = childCell(childName);
        return c == null || c.terminating ? Optional.empty() : Optional.of(c.self);
    }

    ActorCell childCell(String childName) {
        ChildMap map = children;
        return map == null ? null : map.get(childName);
    }

    Collection<ActorCell> childCells() {
        ChildMap map = children;
        return map == null ? List.of() : map.values();
    }

    @Override
    public void stop(ActorRef child) {
        if (child instanceof LocalActorRef l && l.cell.parent == this) {
            l.cell.sendSystem(new SystemMessage.Terminate(false));
        } else {
            throw new IllegalArgumentException(child + " is not a child of " + self.path());
        }
    }

    @Override
    public void stop() {
        sendSystem(new SystemMessage.Terminate(true));
    }

    @Override
    public void watch(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.equals(self)) {
            return;
        }
        if (ext().watching == null) {
            ext().watching = new HashSet<>();
        }
        if (!ext().watching.add(ref)) {
            return;
        }
        if (!(ref instanceof InternalActorRef r) || !r.sendWatch(self)) {
            // Not a live local actor: it is already dead, so the watcher learns it at once.
            sendSystem(new SystemMessage.DeathWatchNotification(ref));
        }
    }

    @Override
    public void unwatch(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        boolean was = ext().watching != null && ext().watching.remove(ref);
        if (ext().terminatedQueued != null) {
            ext().terminatedQueued.remove(ref);
        }
        if (was && ref instanceof InternalActorRef r) {
            r.sendUnwatch(self);
        }
    }

    @Override
    public void become(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        Extras x = extras;
        if (x != null && x.behaviorStack != null && !x.behaviorStack.isEmpty()) {
            x.behaviorStack.pop();
            x.behaviorStack.push(next);
        }
        behavior = next;
    }

    @Override
    public void becomeStacked(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        if (ext().behaviorStack == null) {
            ext().behaviorStack = new ArrayDeque<>();
        }
        ext().behaviorStack.push(next);
        behavior = next;
    }

    @Override
    public void unbecome() {
        Extras x = extras;
        if (x != null && x.behaviorStack != null && !x.behaviorStack.isEmpty()) {
            x.behaviorStack.pop();
            behavior = x.behaviorStack.peek();
        } else {
            behavior = null;
        }
    }

    @Override
    public void stash() {
        Object m = currentMessage;
        if (m == null) {
            throw new IllegalStateException("stash() is only valid while handling a message");
        }
        if (ext().stash == null) {
            ext().stash = new ArrayDeque<>();
        }
        int capacity = stashCapacity();
        if (ext().stash.size() >= capacity) {
            throw new StashOverflowException(self.path(), capacity);
        }
        // A copy: the queue's envelope is cleared once this message is handled. Headers stay with the message.
        Object wrapped = ext().currentWrapped;
        ext().stash.addLast(new Envelope(wrapped != null ? wrapped : m, currentSender));
    }

    @Override
    public boolean unstash() {
        if (ext().stash == null || ext().stash.isEmpty()) {
            return false;
        }
        front().addLast(ext().stash.pollFirst());
        return true;
    }

    @Override
    public void unstashAll() {
        if (ext().stash == null || ext().stash.isEmpty()) {
            return;
        }
        ArrayDeque<Envelope> f = front();
        Envelope e;
        while ((e = ext().stash.pollFirst()) != null) {
            f.addLast(e);
        }
    }

    @Override
    public int stashSize() {
        Extras x = extras;
        return x == null || x.stash == null ? 0 : x.stash.size();
    }

    private ArrayDeque<Envelope> front() {
        if (ext().unstashed == null) {
            ext().unstashed = new ArrayDeque<>();
        }
        return ext().unstashed;
    }

    // =================================================================== timers

    @Override
    public void scheduleOnce(Object key, Object message, Duration delay) {
        startTimer(key, message, delay, null, null);
    }

    @Override
    public void scheduleRepeatedly(Object key, Object message, Duration initialDelay, Duration interval,
                                   TimerMode mode) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(mode, "mode");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("timer interval must be positive, was " + interval);
        }
        startTimer(key, message, initialDelay, interval, mode);
    }

    private void startTimer(Object key, Object message, Duration delay, Duration interval, TimerMode mode) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(delay, "delay");
        if (terminating) {
            return;
        }
        if (ext().timers == null) {
            ext().timers = new HashMap<>(4);
        }
        Timer t = new Timer(this, key, message, mode, interval == null ? 0 : interval.toNanos());
        Timer old = ext().timers.put(key, t);
        if (old != null) {
            old.cancel();
        }
        t.start(delay);
    }

    @Override
    public boolean cancelTimer(Object key) {
        Extras x = extras;
        Timer t = x == null || x.timers == null ? null : x.timers.remove(key);
        if (t == null) {
            return false;
        }
        t.cancel();
        return true;
    }

    @Override
    public boolean isTimerActive(Object key) {
        Extras x = extras;
        return x != null && x.timers != null && x.timers.containsKey(key);
    }

    private void cancelAllTimers() {
        Extras x = extras;
        if (x != null && x.timers != null) {
            for (Timer t : x.timers.values()) {
                t.cancel();
            }
            x.timers.clear();
        }
    }

    @Override
    public void setReceiveTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            if (extras != null) {
                extras.receiveTimeoutNanos = 0;
            }
            cancelTimer(RECEIVE_TIMEOUT_KEY);
            return;
        }
        ext().receiveTimeoutNanos = timeout.toNanos();
        ext().lastMessageNanos = system.scheduler().nanoTime();
        startTimer(RECEIVE_TIMEOUT_KEY, ReceiveTimeout.INSTANCE, timeout, null, null);
    }

    /** A timer fired and its firing reached the head of the queue. */
    private void onTimer(Timer t) throws Exception {
        if (ext().timers == null || ext().timers.get(t.key) != t) {
            return; // cancelled or replaced since it fired
        }
        if (t.key == RECEIVE_TIMEOUT_KEY) {
            long idle = system.scheduler().nanoTime() - ext().lastMessageNanos;
            long left = ext().receiveTimeoutNanos - idle;
            if (left > 0) {
                t.start(Duration.ofNanos(left));
                return;
            }
            t.start(Duration.ofNanos(ext().receiveTimeoutNanos));
            currentMessage = ReceiveTimeout.INSTANCE;
            currentSender = null;
            deliver();
            return;
        }
        if (t.key == PASSIVATION_KEY) {
            long left = passivationIdleNanos() - (system.scheduler().nanoTime() - ext().lastMessageNanos);
            if (left > 0) {
                t.start(Duration.ofNanos(left));
            } else {
                ext().timers.remove(PASSIVATION_KEY);
                passivate();
            }
            return;
        }
        if (t.key == HEALTH_CHECK_KEY) {
            t.start(healthCheck().interval());
            runHealthProbe();
            return;
        }
        if (t.mode == null) {
            ext().timers.remove(t.key);
        } else if (t.mode == TimerMode.FIXED_DELAY) {
            t.start(Duration.ofNanos(t.intervalNanos));
        }
        currentMessage = t.message;
        currentSender = null;
        deliver();
    }

    // =================================================================== passivation

    private void startPassivation() {
        if (passivationIdleNanos() > 0) {
            ext().lastMessageNanos = system.scheduler().nanoTime();
            startTimer(PASSIVATION_KEY, PASSIVATION_KEY, Duration.ofNanos(passivationIdleNanos()), null, null);
        }
    }

    private void passivate() {
        if (ext().passivated || terminating) {
            return;
        }
        ext().passivated = true;
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorPassivated.class)) {
            events.publish(new ActorPassivated(self));
        }
        sendSystem(new SystemMessage.Terminate(false));
    }

    // =================================================================== reentrant requests

    @Override
    public void request(ActorRef to, Object message, Duration timeout, RequestCallback callback) {
        request(to, message, timeout, options.reentrancy().mode(), callback);
    }

    @Override
    public void request(ActorRef to, Object message, Duration timeout, Reentrancy.Mode mode,
                        RequestCallback callback) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(callback, "callback");
        if (ext().requests == null) {
            ext().requests = new HashMap<>();
        } else if (ext().requests.size() >= options.reentrancy().maxInFlight()) {
            throw new RequestLimitException(self.path(), options.reentrancy().maxInFlight());
        }
        long id = ++ext().requestSeq;
        CompletionStage<Object> reply = system.ask(to, message, timeout);
        ext().requests.put(id, new PendingRequest(to, callback, mode));
        if (mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            ext().blockingRequests++;
        }
        reply.whenComplete((value, error) -> {
            Envelope e = new Envelope(new RequestReply(id, value,
                    error == null ? null : LocalActorSystem.unwrap(error)), null);
            if (!sendUser(e)) {
                sendSystem(new SystemMessage.DeliverFront(e)); // a full bounded mailbox must not lose a reply
            }
        });
    }

    private void onRequestReply(RequestReply r) throws Exception {
        PendingRequest p = ext().requests == null ? null : ext().requests.remove(r.id);
        if (p == null) {
            return; // dropped by a restart
        }
        if (p.mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            ext().blockingRequests--;
        }
        try {
            currentMessage = r.value;
            currentSender = p.target;
            p.callback.onReply(this, r.value, r.error);
        } finally {
            if (ext().blockingRequests == 0) {
                releaseHeld();
            }
        }
    }

    /**
     * True for a runtime message that hands the actor a message of its own (a timer's message, ReceiveTimeout,
     * Terminated): while a stash-non-reentrant request waits it is held like any other, as the mode promises.
     * Replies, the health probe and the passivation check run at once. Held, it comes back as the same internal
     * message, so a timer cancelled meanwhile is still dropped then.
     */
    private static boolean reachesActorCode(InternalMessage m) {
        return m instanceof TerminatedDelivery
                || (m instanceof Timer t && t.key != HEALTH_CHECK_KEY && t.key != PASSIVATION_KEY);
    }

    private void holdForRequests(Object message, ActorRef sender) {
        if (ext().heldForRequests == null) {
            ext().heldForRequests = new ArrayDeque<>();
        }
        ext().heldForRequests.addLast(new Envelope(message, sender));
    }

    private void releaseHeld() {
        ArrayDeque<Envelope> held = ext().heldForRequests;
        if (held != null && !held.isEmpty()) {
            ArrayDeque<Envelope> f = front();
            Envelope e;
            while ((e = held.pollFirst()) != null) {
                f.addLast(e);
            }
        }
    }

    private void dropRequests() {
        ext().requests = null;
        ext().blockingRequests = 0;
        releaseHeld();
    }

    private record PendingRequest(ActorRef target, RequestCallback callback, Reentrancy.Mode mode) {
    }

    /** The answer to a {@code request}, on its way through the user queue. */
    private static final class RequestReply extends InternalMessage {
        private final long id;
        private final Object value;
        private final Throwable error;

        RequestReply(long id, Object value, Throwable error) {
            this.id = id;
            this.value = value;
            this.error = error;
        }

        long id() {
            return id;
        }

        Object value() {
            return value;
        }

        Throwable error() {
            return error;
        }
    }

    // =================================================================== dependencies

    @Override
    public <T> T dependency(Class<T> type) {
        for (Object d : options.dependencies()) {
            if (type.isInstance(d)) {
                return type.cast(d);
            }
        }
        throw new IllegalStateException(self.path() + " has no dependency of type " + type.getName());
    }

    // =================================================================== health check

    private void startHealthCheck() {
        if (healthCheck() != null) {
            ext().healthFailures = 0;
            startTimer(HEALTH_CHECK_KEY, HEALTH_CHECK_KEY, healthCheck().interval(), null, null);
        }
    }

    private void runHealthProbe() {
        boolean healthy;
        Throwable error = null;
        try {
            healthy = healthCheck().probe().healthy(actor);
        } catch (Throwable t) {
            healthy = false;
            error = t;
        }
        if (healthy) {
            ext().healthFailures = 0;
            return;
        }
        ext().healthFailures++;
        system.eventStream().publish(new ActorUnhealthy(self, ext().healthFailures, error));
        if (healthCheck().failureThreshold() > 0 && ext().healthFailures >= healthCheck().failureThreshold()) {
            int n = ext().healthFailures;
            ext().healthFailures = 0;
            throw new ActorUnhealthyException(self.path() + " failed its health check " + n + " times in a row",
                    error);
        }
    }

    // =================================================================== failures (child side)

    /** Actor code threw: suspend and ask the parent. {@code failed} is null for internal messages. */
    private void handleFailure(Envelope failed, Throwable cause) {
        if (terminating) {
            LOG.warn("{} failed while stopping; the stop goes on", self.path(), cause);
            return;
        }
        if (failed != null) {
            Envelope copy = new Envelope(failed.message(), failed.sender());
            if (ext().failedEnvelope != null) {
                reportFailedEnvelope("failed again: " + cause);
            }
            ext().failedEnvelope = copy;
        }
        failurePending = true;
        suspend();
        LOG.debug("{} failed", self.path(), cause);
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorFailed.class)) {
            events.publish(new ActorFailed(self, cause, failed == null ? null : failed.message()));
        }
        if (events.hasSubscribers(ActorSuspended.class)) {
            events.publish(new ActorSuspended(self, cause));
        }
        if (parent == null) {
            LOG.error("the root guardian of {} failed; resuming it", system.name(), cause);
            resumeAfterFailure();
            return;
        }
        parent.sendSystem(new SystemMessage.Failed(this, cause, ext().generation));
    }

    /** Reports the message the actor failed on, if one is kept; {@code outcome} says what became of the actor. */
    private void reportFailedEnvelope(Object outcome) {
        Extras x = extras;
        Envelope e = x == null ? null : x.failedEnvelope;
        if (x != null) {
            x.failedEnvelope = null;
        }
        if (e != null) {
            system.deadLetter(WithHeaders.unwrap(e.message()), (ActorRef) e.sender(), self, DeadLetter.Reason.FAILED,
                    self.path() + " failed on it, then " + outcome);
        }
    }

    private void resumeAfterFailure() {
        failurePending = false;
        resume();
    }

    // =================================================================== system messages

    @Override
    void processSystem(SystemMessage m) {
        if (terminated) {
            // Taken in the same batch as the Terminate that just finished: answer as a dead actor would.
            onDeadSystemMessage(m);
            return;
        }
        if (m instanceof SystemMessage.Failed f) {
            onChildFailed(f.child, f.cause, f.generation);
        } else if (m instanceof SystemMessage.ChildTerminated c) {
            onChildTerminated(c.child);
        } else if (m instanceof SystemMessage.Terminate t) {
            handleTerminate(t.selfInitiated);
        } else if (m instanceof SystemMessage.Recreate r) {
            handleRecreate(r.cause);
        } else if (m instanceof SystemMessage.Resume) {
            handleResume();
        } else if (m instanceof SystemMessage.Watch w) {
            if (!w.watcher.equals(self)) {
                if (ext().watchers == null) {
                    ext().watchers = new HashSet<>();
                }
                ext().watchers.add(w.watcher);
            }
        } else if (m instanceof SystemMessage.Unwatch u) {
            if (ext().watchers != null) {
                ext().watchers.remove(u.watcher);
            }
        } else if (m instanceof SystemMessage.DeathWatchNotification d) {
            onWatchedTerminated(d.actor);
        } else if (m instanceof SystemMessage.DeliverFront f) {
            front().addLast(f.envelope);
        }
    }

    private void onWatchedTerminated(ActorRef dead) {
        if (ext().watching == null || !ext().watching.remove(dead) || terminating) {
            return;
        }
        if (ext().terminatedQueued == null) {
            ext().terminatedQueued = new HashSet<>();
        }
        ext().terminatedQueued.add(dead);
        // Through the user queue, so Terminated keeps its place after messages the dead actor sent before it died;
        // a full bounded mailbox must not lose it, so then it goes ahead of the queue instead.
        Envelope e = new Envelope(new TerminatedDelivery(dead), dead);
        if (!sendUser(e)) {
            front().addLast(e);
        }
    }

    private void handleResume() {
        if (!failurePending) {
            return;
        }
        reportFailedEnvelope("was resumed");
        List<ActorCell> escalated = ext().escalatedChildren;
        ext().escalatedChildren = null;
        resumeAfterFailure();
        if (escalated != null) {
            for (ActorCell c : escalated) {
                c.sendSystem(new SystemMessage.Resume());
            }
        }
    }

    private void handleRecreate(Throwable cause) {
        if (terminating) {
            return;
        }
        if (hasLiveChildren()) {
            ext().recreateCause = cause;
            ext().afterChildren = AfterChildren.RECREATE;
            // No user messages until the new instance runs (a restart an operator asked for finds the cell
            // running): the old instance could spawn a child that nobody asks to stop, and the restart would wait
            // for it for ever. finishRecreate resumes.
            suspend();
            stopAllChildren();
            return;
        }
        finishRecreate(cause);
    }

    private void finishRecreate(Throwable cause) {
        ext().generation++;
        ObserverRelay relay = system.observerRelay();
        if (relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.restarting(me, cause));
        }
        dropRequests();
        ext().afterChildren = AfterChildren.NONE;
        ext().recreateCause = null;
        ext().escalatedChildren = null;
        cancelAllTimers();
        ext().receiveTimeoutNanos = 0;
        reportFailedEnvelope("was restarted after " + cause);
        runPostStop();
        behavior = null;
        if (ext().behaviorStack != null) {
            ext().behaviorStack.clear();
        }
        // Stashed messages and the new PostStart go ahead of the mailbox: a restart loses nothing.
        ArrayDeque<Envelope> f = front();
        if (ext().stash != null) {
            Envelope e;
            while ((e = ext().stash.pollLast()) != null) {
                f.addFirst(e);
            }
        }
        f.addFirst(new Envelope(PostStart.INSTANCE, null));
        postStartDue = true;
        try {
            Actor fresh = newInstance();
            if (fresh == null) {
                throw new NullPointerException("actor factory returned null");
            }
            actor = fresh;
            fresh.preStart(this);
            instanceStarted = true;
        } catch (Throwable t) {
            // The fresh instance failed to start: the supervisor decides again (restart limits apply).
            f.pollFirst(); // its PostStart
            postStartDue = false;
            handleFailure(null, t);
            return;
        }
        resumeAfterFailure(); // also ends the suspension of handleRecreate's wait for the children
        Rare r = rare();
        r.restarts = r.restarts + 1; // owner only writes it
        startHealthCheck();
        startPassivation();
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorRestarted.class)) {
            events.publish(new ActorRestarted(self, cause));
        }
    }

    private void runPostStop() {
        if (!instanceStarted) {
            return;
        }
        instanceStarted = false;
        try {
            actor.postStop(this);
        } catch (Throwable t) {
            LOG.warn("postStop of {} threw", self.path(), t);
        }
    }

    private void handleTerminate(boolean selfInitiated) {
        if (terminating) {
            return;
        }
        if (selfInitiated && restartPolicy() == RestartPolicy.PERMANENT && system.isRunning() && parent != null
                && !parent.terminating) {
            // OTP permanent: a stop the actor asked for itself is answered with a restart, within the limits.
            handleFailure(null, new NormalExit(self.path()));
            return;
        }
        terminating = true; // volatile write, then read children: pairs with spawn's put-then-read
        cancelAllTimers();
        if (hasLiveChildren()) {
            ext().afterChildren = AfterChildren.TERMINATE;
            stopAllChildren();
            return;
        }
        finishTerminate();
    }

    private boolean hasLiveChildren() {
        ChildMap map = children;
        return map != null && !map.isEmpty();
    }

    private void stopAllChildren() {
        for (ActorCell c : children.values()) {
            c.sendSystem(new SystemMessage.Terminate(false));
        }
    }

    private void onChildTerminated(ActorCell child) {
        ChildMap map = children;
        if (map != null) {
            map.remove(child);
        }
        Extras x = extras;
        if (x == null) {
            return;
        }
        if (x.escalatedChildren != null) {
            x.escalatedChildren.remove(child);
        }
        if (x.afterChildren != AfterChildren.NONE && !hasLiveChildren()) {
            if (x.afterChildren == AfterChildren.TERMINATE) {
                finishTerminate();
            } else {
                finishRecreate(x.recreateCause);
            }
        }
    }

    private void finishTerminate() {
        Extras x = extras;
        if (x != null) {
            x.afterChildren = AfterChildren.NONE;
            x.behaviorStack = null;
        }
        cancelAllTimers();
        runPostStop();
        actor = null;
        behavior = null;
        if (x != null && x.watching != null) {
            for (ActorRef w : x.watching) {
                if (w instanceof InternalActorRef r) {
                    r.sendUnwatch(self);
                }
            }
            x.watching = null;
        }
        if (parent != null) {
            // Free the name before anyone learns of the stop: watchers (a parent that re-creates a watched child on
            // Terminated may handle it on another thread before this method ends) and the asks failed by the dead
            // letters below, so a re-spawn after the stop is observed never collides.
            parent.children.remove(this);
        }
        close();
        handleDeadSystemMessages(closeSystemQueue());
        reportFailedEnvelope("was stopped"); // a string: building an exception here cost every stop a stack walk
        drainClosed();
        if (x != null && x.watchers != null) {
            for (ActorRef w : x.watchers) {
                InternalActorRef.notifyWatcher(w, self);
            }
            x.watchers = null;
        }
        EventStreamImpl events = system.eventStream();
        events.unsubscribe(self);
        terminated = true;
        if (parent != null) {
            system.actorStopped();
            if (events.hasSubscribers(ActorStopped.class)) {
                events.publish(new ActorStopped(self));
            }
        }
        completeTermination();
        ObserverRelay relay = system.observerRelay();
        if (parent != null && relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.stopped(me));
        }
        if (parent != null) {
            parent.sendSystem(new SystemMessage.ChildTerminated(this));
        }
    }

    /** System messages that reached a closed cell: a watch is answered at once, the rest need nothing. */
    private void handleDeadSystemMessages(SystemMessage list) {
        for (SystemMessage m = list; m != null; m = m.next) {
            onDeadSystemMessage(m);
        }
    }

    @Override
    void onDeadSystemMessage(SystemMessage message) {
        if (message instanceof SystemMessage.Watch w) {
            InternalActorRef.notifyWatcher(w.watcher, self);
        }
    }

    @Override
    void drainClosed() {
        initialPostStart = false; // never handed out: the actor stopped before its first turn
        Extras x = extras;
        ArrayDeque<Envelope> held = x == null ? null : x.heldForRequests;
        if (held != null) {
            x.heldForRequests = null;
            for (Envelope e : held) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        if (front != null) {
            x.unstashed = null;
            for (Envelope e : front) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> s = x == null ? null : x.stash;
        if (s != null) {
            x.stash = null;
            for (Envelope e : s) {
                deadLetterOnStop(e);
            }
        }
        Envelope e;
        while ((e = pollQueueWaiting()) != null) {
            deadLetterOnStop(e);
            e.clear();
        }
    }

    private void deadLetterOnStop(Envelope e) {
        Object m = WithHeaders.unwrap(e.message());
        if (m == null || m instanceof InternalMessage || m == PostStart.INSTANCE) {
            return;
        }
        system.deadLetter(m, (ActorRef) e.sender(), self, DeadLetter.Reason.ACTOR_STOPPED,
                self.path() + " stopped before handling it");
    }

    /** A message the runtime itself sends to this actor (timer firing) met a full mailbox: report it. */
    private void refusedInternal(Object message, ActorRef sender) {
        system.deadLetter(message, sender, self, DeadLetter.Reason.MAILBOX_FULL,
                "mailbox of " + self.path() + " is full (capacity " + queueCapacity() + ")");
    }

    /** Builds the exception a sender gets when this actor's bounded mailbox is full. */
    MailboxFullException mailboxFull() {
        return new MailboxFullException(self.path(), queueCapacity());
    }

    // =================================================================== supervision (parent side)

    /** A child failed: apply its strategy. Runs on this (the parent's) thread. */
    private void onChildFailed(ActorCell child, Throwable cause, int generation) {
        if (childCell(child.name) != child || child.terminating) {
            return;
        }
        if (generation < statsOf(child).recreatesIssued) {
            return; // reported before a restart this parent already ordered; that restart also resumes it
        }
        SupervisorStrategy s = child.strategy();
        Directive d = cause instanceof NormalExit ? Directive.RESTART : s.decide(cause);
        if (d == Directive.ESCALATE) {
            if (parent != null) {
                if (ext().escalatedChildren == null) {
                    ext().escalatedChildren = new ArrayList<>(2);
                }
                ext().escalatedChildren.add(child);
                // Already waiting for the parent's decision (an earlier escalation or a failure of this cell):
                // that one decision covers this child too. A second Failed would get a second answer, and a
                // Resume answered after the first one finds no failure pending and resumes nobody.
                if (!failurePending) {
                    handleFailure(null, cause);
                }
                return;
            }
            // This is the user guardian: its own strategy decides about the top-level actor, and its limits,
            // backoff and scope apply (the escalating actor's strategy only said "escalate").
            s = system.config().guardianSupervisor();
            d = s.decide(cause);
            if (d == Directive.ESCALATE) {
                LOG.error("top-level actor {} escalated a failure past the guardian; stopping it", child.self.path(),
                        cause);
                d = Directive.STOP;
            }
        }
        if (d == Directive.RESTART && child.restartPolicy() == RestartPolicy.TEMPORARY) {
            d = Directive.STOP;
        }
        if (d == Directive.RESTART && !child.countRestart(s, system.scheduler().nanoTime())) {
            LOG.warn("{} exceeded {} restarts within {}; stopping it", child.self.path(), s.maxRestarts(), s.window(),
                    cause);
            d = Directive.STOP;
        }
        if (d == Directive.STOP) {
            ObserverRelay relay = system.observerRelay();
            for (ActorCell target : targets(s, child)) {
                if (relay.active(target.observer())) {
                    ActorRef ref = target.self;
                    relay.emit(target.observer(), o -> o.terminal(ref, cause));
                }
            }
        }
        switch (d) {
            case RESUME -> child.sendSystem(new SystemMessage.Resume());
            case STOP -> {
                for (ActorCell target : targets(s, child)) {
                    target.sendSystem(new SystemMessage.Terminate(false));
                }
            }
            case RESTART -> {
                Duration delay = s.backoff().delay(child.rare().inWindow,
                        ThreadLocalRandom.current().nextDouble());
                for (ActorCell target : targets(s, child)) {
                    statsOf(target).recreatesIssued++;
                    if (delay.isZero()) {
                        target.sendSystem(new SystemMessage.Recreate(cause));
                    } else {
                        system.scheduler().schedule(delay,
                                () -> target.sendSystem(new SystemMessage.Recreate(cause)));
                    }
                }
            }
            default -> throw new IllegalStateException("unexpected directive " + d);
        }
    }

    private Collection<ActorCell> targets(SupervisorStrategy s, ActorCell child) {
        return s.scope() == SupervisorStrategy.Scope.ALL_FOR_ONE ? new ArrayList<>(childCells()) : List.of(child);
    }

    /** Counts a restart of this child in its strategy's window; false once the limit is passed. Parent's thread. */
    private boolean countRestart(SupervisorStrategy s, long now) {
        Rare stats = statsOf(this);
        long window = s.window().toNanos();
        if (stats.inWindow == 0 || now - stats.windowStart > window) {
            stats.windowStart = now;
            stats.inWindow = 0;
        }
        stats.inWindow++;
        return s.maxRestarts() < 0 || stats.inWindow <= s.maxRestarts();
    }


    // =================================================================== termination signalling

    boolean isTerminating() {
        return terminating;
    }

    boolean isTerminated() {
        return terminated;
    }

    /** Completes when this cell has stopped. Any thread. */
    CompletableFuture<Void> terminationFuture() {
        Rare r = rare();
        CompletableFuture<Void> f = r.termination;
        if (f == null) {
            synchronized (r) {
                f = r.termination;
                if (f == null) {
                    f = new CompletableFuture<>();
                    r.termination = f;
                }
            }
        }
        // Volatile read after the write above: pairs with completeTermination's write of terminated then read.
        if (terminated) {
            f.complete(null);
        }
        return f;
    }

    private void completeTermination() {
        // A volatile read (not just acquire): it must not move before the caller's volatile write of terminated.
        Rare r = (Rare) RARE.getVolatile(this);
        CompletableFuture<Void> f = r == null ? null : r.termination;
        if (f != null) {
            f.complete(null);
        }
    }

    /** Restarts so far; any thread. */
    private int restarts() {
        Rare r = (Rare) RARE.getAcquire(this);
        return r == null ? 0 : r.restarts;
    }

    @Override
    int throughput() {
        return system.throughput;
    }

    /** Enqueues a timer firing; called on the scheduler's thread. */
    void fire(Timer t) {
        if (!sendUser(new Envelope(t, null))) {
            refusedInternal(t.message, null);
        }
    }

    @Override
    public String toString() {
        return "ActorCell[" + self.path() + "]";
    }

    /**
     * State most actors never use (stash, timers, watches, supervision bookkeeping, requests), kept out of the cell
     * so that an idle actor stays small. Created on first use; owner-thread only.
     */
    private static final class Extras {
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
        Set<ActorRef> watching;
        Set<ActorRef> terminatedQueued;
        AfterChildren afterChildren = AfterChildren.NONE;
        Throwable recreateCause;
        Envelope failedEnvelope;
        /** Children whose failures this cell escalated and that wait for its parent's decision. */
        List<ActorCell> escalatedChildren;
        long receiveTimeoutNanos;
        long lastMessageNanos;
        int healthFailures;
        InterceptorChain chain;
        long passivationCount;
        boolean passivated;
        Map<Long, PendingRequest> requests;
        long requestSeq;
        int blockingRequests;
        ArrayDeque<Envelope> heldForRequests;
    }

    private Extras ext() {
        Extras e = extras;
        if (e == null) {
            e = extras = new Extras();
        }
        return e;
    }

    /** Wraps {@code Terminated} on its way through the user queue, so an unwatch can still cancel it. */
    private static final class TerminatedDelivery extends InternalMessage {
        private final ActorRef actor;

        TerminatedDelivery(ActorRef actor) {
            this.actor = actor;
        }

        ActorRef actor() {
            return actor;
        }
    }

    /** The "failure" a permanent actor reports when it stopped itself, so its parent restarts it. */
    static final class NormalExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NormalExit(String path) {
            super(path + " stopped itself and is permanent", null, false, false);
        }
    }
}
