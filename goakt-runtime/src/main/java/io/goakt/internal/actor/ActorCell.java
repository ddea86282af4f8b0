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
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
import java.util.concurrent.ConcurrentHashMap;
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

    final LocalActorSystem system;
    final ActorCell parent;
    final String name;
    final LocalActorRef self;
    private final Supplier<? extends Actor> factory;
    private final SupervisorStrategy strategy;
    private final RestartPolicy restartPolicy;
    private final int stashCapacity;
    private final ReceiveInterceptor[] interceptors;
    private final HealthCheck healthCheck;
    private final long passivationIdleNanos;
    private final long passivationMaxMessages;
    private final Reentrancy reentrancy;
    private final List<Object> dependencies;
    private final SupervisorObserver observer;

    /** Children by name; created on first spawn. Any thread reads; adds from the owner or, for the guardian, anyone. */
    private volatile ConcurrentHashMap<String, ActorCell> children;
    /** Set once a stop began; read by spawners and lookups on other threads. */
    private volatile boolean terminating;
    /** Set once the cell has fully stopped. */
    private volatile boolean terminated;
    /** Created on demand by {@link #terminationFuture()}; completed when the cell has stopped. */
    private volatile CompletableFuture<Void> termination;

    // ---- owner-only state below

    private Actor actor;
    private boolean instanceStarted;
    private Behavior behavior;
    private ArrayDeque<Behavior> behaviorStack;
    private Object currentMessage;
    private ActorRef currentSender;
    private ArrayDeque<Envelope> stash;
    private ArrayDeque<Envelope> unstashed;
    private Map<Object, Timer> timers;
    private Set<ActorRef> watchers;
    private Set<ActorRef> watching;
    private Set<ActorRef> terminatedQueued;
    private AfterChildren afterChildren = AfterChildren.NONE;
    private Throwable recreateCause;
    private boolean failurePending;
    private Envelope failedEnvelope;
    private ActorCell escalatedChild;
    private long receiveTimeoutNanos;
    private long lastMessageNanos;
    private int healthFailures;
    private InterceptorChain chain;
    private long passivationCount;
    private boolean passivated;
    private Map<Long, PendingRequest> requests;
    private long requestSeq;
    private int blockingRequests;
    private ArrayDeque<Envelope> heldForRequests;

    // ---- statistics: written by the owner, read by any thread for snapshots (opaque reads suffice)
    private volatile long processedCount;
    private volatile long lastBatchMillis;
    private volatile int restartCount;

    // ---- touched only by the parent's thread: restart statistics of this child
    int restartsInWindow;
    long restartWindowStart;

    ActorCell(LocalActorSystem system, ActorCell parent, String name, String path, Supplier<? extends Actor> factory,
              SpawnOptions options, MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(queue, dispatcher, system.config().throughput(), !guardian);
        this.system = system;
        this.parent = parent;
        this.name = name;
        this.factory = factory;
        this.self = new LocalActorRef(this, system.addressOf(path), nonZeroUid());
        SupervisorStrategy s = options.supervisor();
        this.strategy = s != null ? s : system.config().defaultSupervisor();
        RestartPolicy p = options.restartPolicy();
        this.restartPolicy = p != null ? p : RestartPolicy.TRANSIENT;
        int cap = options.stashCapacity();
        this.stashCapacity = cap > 0 ? cap : system.config().stashCapacity();
        this.interceptors = combine(system.config().interceptors(), options.interceptors());
        this.healthCheck = options.healthCheck();
        Passivation passivation = options.passivation();
        this.passivationIdleNanos = passivation.idle() == null ? 0 : passivation.idle().toNanos();
        this.passivationMaxMessages = passivation.maxMessages();
        this.reentrancy = options.reentrancy();
        this.dependencies = options.dependencies();
        this.observer = options.observer();
        if (guardian) {
            this.children = new ConcurrentHashMap<>();
        }
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
    ActorCell spawn(String childName, Supplier<? extends Actor> childFactory, SpawnOptions options) {
        Objects.requireNonNull(childFactory, "factory");
        Objects.requireNonNull(options, "options");
        Names.validate(childName);
        if (terminating) {
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        Dispatcher childDispatcher = system.dispatcher(options.dispatcher());
        MessageQueue childQueue = (options.mailbox() != null ? options.mailbox() : system.config().defaultMailbox())
                .create();
        String childPath = childPath(childName);
        ActorCell child = new ActorCell(system, this, childName, childPath, childFactory, options, childQueue,
                childDispatcher, false);
        ConcurrentHashMap<String, ActorCell> map = childrenForWrite();
        if (map.putIfAbsent(childName, child) != null) {
            throw new ActorAlreadyExistsException(childPath);
        }
        // Volatile read after the put: pairs with handleTerminate's write of terminating then read of children.
        if (terminating) {
            map.remove(childName, child);
            child.abandonUnstarted();
            sendSystem(new SystemMessage.ChildTerminated(child));
            throw new IllegalStateException("cannot spawn " + childName + ": " + self.path() + " is stopping");
        }
        ObserverRelay relay = system.observerRelay();
        if (relay.active(child.observer)) {
            ActorRef childRef = child.self;
            relay.emit(child.observer, o -> o.registered(childRef));
        }
        child.start();
        return child;
    }

    private String childPath(String childName) {
        String p = self.path();
        return p.endsWith("/") ? p + childName : p + "/" + childName;
    }

    private ConcurrentHashMap<String, ActorCell> childrenForWrite() {
        ConcurrentHashMap<String, ActorCell> map = children;
        if (map == null) {
            // Only the owner adds children to a non-guardian cell, so no race creates two maps.
            map = new ConcurrentHashMap<>(4);
            children = map;
        }
        return map;
    }

    /** First start, on the spawning thread (which owns the mailbox). */
    private void start() {
        // First in the queue, before anything preStart sends; an empty queue always has room for it.
        sendUser(new Envelope(PostStart.INSTANCE, null));
        try {
            actor = factory.get();
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
        if (relay.active(observer)) {
            ActorRef me = self;
            relay.emit(observer, o -> o.started(me));
        }
        if (system.eventStream().hasSubscribers(ActorStarted.class)) {
            system.eventStream().publish(new ActorStarted(self));
        }
        releaseInitialOwnership();
    }

    /** preStart failed on the spawning thread: undo the spawn; children it made are stopped. */
    private void failStart(Throwable cause) {
        terminating = true;
        parent.children.remove(name, this);
        ConcurrentHashMap<String, ActorCell> kids = children;
        if (kids != null) {
            for (ActorCell c : kids.values()) {
                c.sendSystem(new SystemMessage.Terminate(false));
            }
        }
        cancelAllTimers();
        close();
        SystemMessage rest = closeSystemQueue();
        handleDeadSystemMessages(rest);
        drainClosed();
        terminated = true;
        completeTermination();
        LOG.debug("actor {} failed to start", self.path(), cause);
        setIdle();
    }

    /** A child that lost the race with its parent's stop before it started. */
    private void abandonUnstarted() {
        terminating = true;
        close();
        handleDeadSystemMessages(closeSystemQueue());
        terminated = true;
        completeTermination();
        setIdle();
    }

    // =================================================================== user messages

    @Override
    Envelope nextEnvelope() {
        ArrayDeque<Envelope> front = unstashed;
        if (front != null && !front.isEmpty()) {
            return front.pollFirst();
        }
        return queue.poll();
    }

    @Override
    boolean hasUserWork() {
        ArrayDeque<Envelope> front = unstashed;
        return (front != null && !front.isEmpty()) || queue.hasMessages();
    }

    @Override
    boolean canProcessUserMessages() {
        return !terminating;
    }

    @Override
    void invoke(Envelope envelope) {
        Object message = envelope.message();
        ActorRef sender = (ActorRef) envelope.sender();
        currentMessage = message;
        currentSender = sender;
        try {
            if (message instanceof InternalMessage) {
                invokeInternal((InternalMessage) message);
            } else if (blockingRequests > 0) {
                // A stash-non-reentrant request is waiting: this message waits too, in arrival order.
                holdForRequests(message, sender);
            } else if (message == PoisonPill.INSTANCE) {
                sendSystem(new SystemMessage.Terminate(true));
            } else {
                if (receiveTimeoutNanos > 0 || passivationIdleNanos > 0) {
                    // Idleness counts from the arrival of the last message, before the actor's code runs.
                    lastMessageNanos = system.scheduler().nanoTime();
                }
                deliver();
                if (passivationMaxMessages > 0 && message != PostStart.INSTANCE
                        && ++passivationCount >= passivationMaxMessages) {
                    passivate();
                }
            }
        } catch (Throwable t) {
            handleFailure(message instanceof InternalMessage ? null : envelope, t);
        } finally {
            currentMessage = null;
            currentSender = null;
            envelope.clear();
        }
    }

    private void deliver() throws Exception {
        if (interceptors == null) {
            receiveCurrent();
        } else {
            InterceptorChain c = chain;
            if (c == null) {
                c = chain = new InterceptorChain();
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
            if (terminatedQueued != null && terminatedQueued.remove(d.actor)) {
                currentMessage = new Terminated(d.actor);
                currentSender = d.actor;
                deliver();
            }
        }
    }

    @Override
    void afterBatch(int count) {
        // Owner-only writes of volatile fields, once per turn rather than per message.
        processedCount += count;
        lastBatchMillis = System.currentTimeMillis();
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
        long last = lastBatchMillis;
        return new ActorInfo(self, a == null ? null : a.getClass().getName(), state, queue.size(),
                processedCount, restartCount, kids, last == 0 ? null : Instant.ofEpochMilli(last),
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
        return spawn(childName, () -> instance, options).self;
    }

    @Override
    public Collection<ActorRef> children() {
        ConcurrentHashMap<String, ActorCell> map = children;
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
        ConcurrentHashMap<String, ActorCell> map = children;
        return map == null ? null : map.get(childName);
    }

    Collection<ActorCell> childCells() {
        ConcurrentHashMap<String, ActorCell> map = children;
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
        if (watching == null) {
            watching = new HashSet<>();
        }
        if (!watching.add(ref)) {
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
        boolean was = watching != null && watching.remove(ref);
        if (terminatedQueued != null) {
            terminatedQueued.remove(ref);
        }
        if (was && ref instanceof InternalActorRef r) {
            r.sendUnwatch(self);
        }
    }

    @Override
    public void become(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        if (behaviorStack != null && !behaviorStack.isEmpty()) {
            behaviorStack.pop();
            behaviorStack.push(next);
        }
        behavior = next;
    }

    @Override
    public void becomeStacked(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        if (behaviorStack == null) {
            behaviorStack = new ArrayDeque<>();
        }
        behaviorStack.push(next);
        behavior = next;
    }

    @Override
    public void unbecome() {
        if (behaviorStack != null && !behaviorStack.isEmpty()) {
            behaviorStack.pop();
            behavior = behaviorStack.peek();
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
        if (stash == null) {
            stash = new ArrayDeque<>();
        }
        if (stash.size() >= stashCapacity) {
            throw new StashOverflowException(self.path(), stashCapacity);
        }
        // A copy: the queue's envelope is cleared once this message is handled.
        stash.addLast(new Envelope(m, currentSender));
    }

    @Override
    public boolean unstash() {
        if (stash == null || stash.isEmpty()) {
            return false;
        }
        front().addLast(stash.pollFirst());
        return true;
    }

    @Override
    public void unstashAll() {
        if (stash == null || stash.isEmpty()) {
            return;
        }
        ArrayDeque<Envelope> f = front();
        Envelope e;
        while ((e = stash.pollFirst()) != null) {
            f.addLast(e);
        }
    }

    @Override
    public int stashSize() {
        return stash == null ? 0 : stash.size();
    }

    private ArrayDeque<Envelope> front() {
        if (unstashed == null) {
            unstashed = new ArrayDeque<>();
        }
        return unstashed;
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
        if (timers == null) {
            timers = new HashMap<>(4);
        }
        Timer t = new Timer(this, key, message, mode, interval == null ? 0 : interval.toNanos());
        Timer old = timers.put(key, t);
        if (old != null) {
            old.cancel();
        }
        t.start(delay);
    }

    @Override
    public boolean cancelTimer(Object key) {
        Timer t = timers == null ? null : timers.remove(key);
        if (t == null) {
            return false;
        }
        t.cancel();
        return true;
    }

    @Override
    public boolean isTimerActive(Object key) {
        return timers != null && timers.containsKey(key);
    }

    private void cancelAllTimers() {
        if (timers != null) {
            for (Timer t : timers.values()) {
                t.cancel();
            }
            timers.clear();
        }
    }

    @Override
    public void setReceiveTimeout(Duration timeout) {
        if (timeout == null || timeout.isZero() || timeout.isNegative()) {
            receiveTimeoutNanos = 0;
            cancelTimer(RECEIVE_TIMEOUT_KEY);
            return;
        }
        receiveTimeoutNanos = timeout.toNanos();
        lastMessageNanos = system.scheduler().nanoTime();
        startTimer(RECEIVE_TIMEOUT_KEY, ReceiveTimeout.INSTANCE, timeout, null, null);
    }

    /** A timer fired and its firing reached the head of the queue. */
    private void onTimer(Timer t) throws Exception {
        if (timers == null || timers.get(t.key) != t) {
            return; // cancelled or replaced since it fired
        }
        if (t.key == RECEIVE_TIMEOUT_KEY) {
            long idle = system.scheduler().nanoTime() - lastMessageNanos;
            long left = receiveTimeoutNanos - idle;
            if (left > 0) {
                t.start(Duration.ofNanos(left));
                return;
            }
            t.start(Duration.ofNanos(receiveTimeoutNanos));
            currentMessage = ReceiveTimeout.INSTANCE;
            currentSender = null;
            deliver();
            return;
        }
        if (t.key == PASSIVATION_KEY) {
            long left = passivationIdleNanos - (system.scheduler().nanoTime() - lastMessageNanos);
            if (left > 0) {
                t.start(Duration.ofNanos(left));
            } else {
                timers.remove(PASSIVATION_KEY);
                passivate();
            }
            return;
        }
        if (t.key == HEALTH_CHECK_KEY) {
            t.start(healthCheck.interval());
            runHealthProbe();
            return;
        }
        if (t.mode == null) {
            timers.remove(t.key);
        } else if (t.mode == TimerMode.FIXED_DELAY) {
            t.start(Duration.ofNanos(t.intervalNanos));
        }
        currentMessage = t.message;
        currentSender = null;
        deliver();
    }

    // =================================================================== passivation

    private void startPassivation() {
        if (passivationIdleNanos > 0) {
            lastMessageNanos = system.scheduler().nanoTime();
            startTimer(PASSIVATION_KEY, PASSIVATION_KEY, Duration.ofNanos(passivationIdleNanos), null, null);
        }
    }

    private void passivate() {
        if (passivated || terminating) {
            return;
        }
        passivated = true;
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorPassivated.class)) {
            events.publish(new ActorPassivated(self));
        }
        sendSystem(new SystemMessage.Terminate(false));
    }

    // =================================================================== reentrant requests

    @Override
    public void request(ActorRef to, Object message, Duration timeout, RequestCallback callback) {
        request(to, message, timeout, reentrancy.mode(), callback);
    }

    @Override
    public void request(ActorRef to, Object message, Duration timeout, Reentrancy.Mode mode,
                        RequestCallback callback) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(callback, "callback");
        if (requests == null) {
            requests = new HashMap<>();
        } else if (requests.size() >= reentrancy.maxInFlight()) {
            throw new RequestLimitException(self.path(), reentrancy.maxInFlight());
        }
        long id = ++requestSeq;
        CompletionStage<Object> reply = system.ask(to, message, timeout);
        requests.put(id, new PendingRequest(to, callback, mode));
        if (mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            blockingRequests++;
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
        PendingRequest p = requests == null ? null : requests.remove(r.id);
        if (p == null) {
            return; // dropped by a restart
        }
        if (p.mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            blockingRequests--;
        }
        try {
            currentMessage = r.value;
            currentSender = p.target;
            p.callback.onReply(this, r.value, r.error);
        } finally {
            if (blockingRequests == 0) {
                releaseHeld();
            }
        }
    }

    private void holdForRequests(Object message, ActorRef sender) {
        if (heldForRequests == null) {
            heldForRequests = new ArrayDeque<>();
        }
        heldForRequests.addLast(new Envelope(message, sender));
    }

    private void releaseHeld() {
        ArrayDeque<Envelope> held = heldForRequests;
        if (held != null && !held.isEmpty()) {
            ArrayDeque<Envelope> f = front();
            Envelope e;
            while ((e = held.pollFirst()) != null) {
                f.addLast(e);
            }
        }
    }

    private void dropRequests() {
        requests = null;
        blockingRequests = 0;
        releaseHeld();
    }

    private record PendingRequest(ActorRef target, RequestCallback callback, Reentrancy.Mode mode) {
    }

    private record RequestReply(long id, Object value, Throwable error) implements InternalMessage {
    }

    // =================================================================== dependencies

    @Override
    public <T> T dependency(Class<T> type) {
        for (Object d : dependencies) {
            if (type.isInstance(d)) {
                return type.cast(d);
            }
        }
        throw new IllegalStateException(self.path() + " has no dependency of type " + type.getName());
    }

    // =================================================================== health check

    private void startHealthCheck() {
        if (healthCheck != null) {
            healthFailures = 0;
            startTimer(HEALTH_CHECK_KEY, HEALTH_CHECK_KEY, healthCheck.interval(), null, null);
        }
    }

    private void runHealthProbe() {
        boolean healthy;
        Throwable error = null;
        try {
            healthy = healthCheck.probe().healthy(actor);
        } catch (Throwable t) {
            healthy = false;
            error = t;
        }
        if (healthy) {
            healthFailures = 0;
            return;
        }
        healthFailures++;
        system.eventStream().publish(new ActorUnhealthy(self, healthFailures, error));
        if (healthCheck.failureThreshold() > 0 && healthFailures >= healthCheck.failureThreshold()) {
            int n = healthFailures;
            healthFailures = 0;
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
            if (failedEnvelope != null) {
                reportFailedEnvelope(cause);
            }
            failedEnvelope = copy;
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
        parent.sendSystem(new SystemMessage.Failed(this, cause));
    }

    private void reportFailedEnvelope(Throwable cause) {
        Envelope e = failedEnvelope;
        failedEnvelope = null;
        if (e != null) {
            system.deadLetter(e.message(), (ActorRef) e.sender(), self, DeadLetter.Reason.FAILED,
                    self.path() + " failed on it: " + cause);
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
            onChildFailed(f.child, f.cause);
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
                if (watchers == null) {
                    watchers = new HashSet<>();
                }
                watchers.add(w.watcher);
            }
        } else if (m instanceof SystemMessage.Unwatch u) {
            if (watchers != null) {
                watchers.remove(u.watcher);
            }
        } else if (m instanceof SystemMessage.DeathWatchNotification d) {
            onWatchedTerminated(d.actor);
        } else if (m instanceof SystemMessage.DeliverFront f) {
            front().addLast(f.envelope);
        }
    }

    private void onWatchedTerminated(ActorRef dead) {
        if (watching == null || !watching.remove(dead) || terminating) {
            return;
        }
        if (terminatedQueued == null) {
            terminatedQueued = new HashSet<>();
        }
        terminatedQueued.add(dead);
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
        reportFailedEnvelope(new IllegalStateException("resumed"));
        ActorCell escalated = escalatedChild;
        escalatedChild = null;
        resumeAfterFailure();
        if (escalated != null) {
            escalated.sendSystem(new SystemMessage.Resume());
        }
    }

    private void handleRecreate(Throwable cause) {
        if (terminating) {
            return;
        }
        if (hasLiveChildren()) {
            recreateCause = cause;
            afterChildren = AfterChildren.RECREATE;
            stopAllChildren();
            return;
        }
        finishRecreate(cause);
    }

    private void finishRecreate(Throwable cause) {
        ObserverRelay relay = system.observerRelay();
        if (relay.active(observer)) {
            ActorRef me = self;
            relay.emit(observer, o -> o.restarting(me, cause));
        }
        dropRequests();
        afterChildren = AfterChildren.NONE;
        recreateCause = null;
        escalatedChild = null;
        cancelAllTimers();
        receiveTimeoutNanos = 0;
        reportFailedEnvelope(cause);
        runPostStop();
        behavior = null;
        if (behaviorStack != null) {
            behaviorStack.clear();
        }
        // Stashed messages and the new PostStart go ahead of the mailbox: a restart loses nothing.
        ArrayDeque<Envelope> f = front();
        if (stash != null) {
            Envelope e;
            while ((e = stash.pollLast()) != null) {
                f.addFirst(e);
            }
        }
        f.addFirst(new Envelope(PostStart.INSTANCE, null));
        try {
            Actor fresh = factory.get();
            if (fresh == null) {
                throw new NullPointerException("actor factory returned null");
            }
            actor = fresh;
            fresh.preStart(this);
            instanceStarted = true;
        } catch (Throwable t) {
            // The fresh instance failed to start: the supervisor decides again (restart limits apply).
            f.pollFirst(); // its PostStart
            handleFailure(null, t);
            return;
        }
        if (failurePending) {
            resumeAfterFailure();
        }
        restartCount++;
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
        if (selfInitiated && restartPolicy == RestartPolicy.PERMANENT && system.isRunning() && parent != null
                && !parent.terminating) {
            // OTP permanent: a stop the actor asked for itself is answered with a restart, within the limits.
            handleFailure(null, new NormalExit(self.path()));
            return;
        }
        terminating = true; // volatile write, then read children: pairs with spawn's put-then-read
        cancelAllTimers();
        if (hasLiveChildren()) {
            afterChildren = AfterChildren.TERMINATE;
            stopAllChildren();
            return;
        }
        finishTerminate();
    }

    private boolean hasLiveChildren() {
        ConcurrentHashMap<String, ActorCell> map = children;
        return map != null && !map.isEmpty();
    }

    private void stopAllChildren() {
        for (ActorCell c : children.values()) {
            c.sendSystem(new SystemMessage.Terminate(false));
        }
    }

    private void onChildTerminated(ActorCell child) {
        ConcurrentHashMap<String, ActorCell> map = children;
        if (map != null) {
            map.remove(child.name, child);
        }
        if (escalatedChild == child) {
            escalatedChild = null;
        }
        if (afterChildren != AfterChildren.NONE && !hasLiveChildren()) {
            if (afterChildren == AfterChildren.TERMINATE) {
                finishTerminate();
            } else {
                finishRecreate(recreateCause);
            }
        }
    }

    private void finishTerminate() {
        afterChildren = AfterChildren.NONE;
        cancelAllTimers();
        runPostStop();
        actor = null;
        behavior = null;
        behaviorStack = null;
        if (watching != null) {
            for (ActorRef w : watching) {
                if (w instanceof InternalActorRef r) {
                    r.sendUnwatch(self);
                }
            }
            watching = null;
        }
        close();
        handleDeadSystemMessages(closeSystemQueue());
        reportFailedEnvelope(new IllegalStateException("stopped"));
        drainClosed();
        if (watchers != null) {
            for (ActorRef w : watchers) {
                InternalActorRef.notifyWatcher(w, self);
            }
            watchers = null;
        }
        EventStreamImpl events = system.eventStream();
        events.unsubscribe(self);
        if (parent != null) {
            // Free the name before anyone learns of the stop, so a re-spawn after stop() completes never collides.
            parent.children.remove(name, this);
        }
        terminated = true;
        if (parent != null) {
            system.actorStopped();
            if (events.hasSubscribers(ActorStopped.class)) {
                events.publish(new ActorStopped(self));
            }
        }
        completeTermination();
        ObserverRelay relay = system.observerRelay();
        if (parent != null && relay.active(observer)) {
            ActorRef me = self;
            relay.emit(observer, o -> o.stopped(me));
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
        ArrayDeque<Envelope> held = heldForRequests;
        if (held != null) {
            heldForRequests = null;
            for (Envelope e : held) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> front = unstashed;
        if (front != null) {
            unstashed = null;
            for (Envelope e : front) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> s = stash;
        if (s != null) {
            stash = null;
            for (Envelope e : s) {
                deadLetterOnStop(e);
            }
        }
        Envelope e;
        while ((e = queue.poll()) != null) {
            deadLetterOnStop(e);
            e.clear();
        }
    }

    private void deadLetterOnStop(Envelope e) {
        Object m = e.message();
        if (m == null || m instanceof InternalMessage || m == PostStart.INSTANCE) {
            return;
        }
        system.deadLetter(m, (ActorRef) e.sender(), self, DeadLetter.Reason.ACTOR_STOPPED,
                self.path() + " stopped before handling it");
    }

    /** A message the runtime itself sends to this actor (timer firing) met a full mailbox: report it. */
    private void refusedInternal(Object message, ActorRef sender) {
        system.deadLetter(message, sender, self, DeadLetter.Reason.MAILBOX_FULL,
                "mailbox of " + self.path() + " is full (capacity " + queue.capacity() + ")");
    }

    /** Builds the exception a sender gets when this actor's bounded mailbox is full. */
    MailboxFullException mailboxFull() {
        return new MailboxFullException(self.path(), queue.capacity());
    }

    // =================================================================== supervision (parent side)

    /** A child failed: apply its strategy. Runs on this (the parent's) thread. */
    private void onChildFailed(ActorCell child, Throwable cause) {
        if (childCell(child.name) != child || child.terminating) {
            return;
        }
        SupervisorStrategy s = child.strategy;
        Directive d = cause instanceof NormalExit ? Directive.RESTART : s.decide(cause);
        if (d == Directive.ESCALATE) {
            if (parent != null) {
                escalatedChild = child;
                handleFailure(null, cause);
                return;
            }
            // This is the user guardian: its own strategy decides about the top-level actor.
            d = system.config().guardianSupervisor().decide(cause);
            if (d == Directive.ESCALATE) {
                LOG.error("top-level actor {} escalated a failure past the guardian; stopping it", child.self.path(),
                        cause);
                d = Directive.STOP;
            }
        }
        if (d == Directive.RESTART && child.restartPolicy == RestartPolicy.TEMPORARY) {
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
                if (relay.active(target.observer)) {
                    ActorRef ref = target.self;
                    relay.emit(target.observer, o -> o.terminal(ref, cause));
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
                Duration delay = s.backoff().delay(child.restartsInWindow, ThreadLocalRandom.current().nextDouble());
                for (ActorCell target : targets(s, child)) {
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
        long window = s.window().toNanos();
        if (restartsInWindow == 0 || now - restartWindowStart > window) {
            restartWindowStart = now;
            restartsInWindow = 0;
        }
        restartsInWindow++;
        return s.maxRestarts() < 0 || restartsInWindow <= s.maxRestarts();
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
        CompletableFuture<Void> f = termination;
        if (f == null) {
            synchronized (this) {
                f = termination;
                if (f == null) {
                    f = new CompletableFuture<>();
                    termination = f;
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
        CompletableFuture<Void> f = termination;
        if (f != null) {
            f.complete(null);
        }
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

    /** Wraps {@code Terminated} on its way through the user queue, so an unwatch can still cancel it. */
    private record TerminatedDelivery(ActorRef actor) implements InternalMessage {
    }

    /** The "failure" a permanent actor reports when it stopped itself, so its parent restarts it. */
    static final class NormalExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NormalExit(String path) {
            super(path + " stopped itself and is permanent", null, false, false);
        }
    }
}
