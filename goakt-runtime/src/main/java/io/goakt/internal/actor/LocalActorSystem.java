package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ActorVisitor;
import io.goakt.actor.Address;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.MessageContextHook;
import io.goakt.actor.MessageNotHandledException;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ShutdownTimeoutException;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.SystemShuttingDownException;
import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.Dispatchers;
import io.goakt.dispatch.Scheduler;
import io.goakt.dispatch.Schedulers;
import io.goakt.dispatch.WheelScheduler;
import io.goakt.internal.dispatch.SpinGate;
import io.goakt.internal.shutdown.PhasedShutdown;
import io.goakt.shutdown.CoordinatedShutdown;
import io.goakt.shutdown.ShutdownPhase;
import io.goakt.shutdown.ShutdownReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The in-JVM {@link ActorSystem}: the user guardian at {@code /user}, the dispatchers, the scheduler, the event
 * stream and the dead-letter count. Everything is per instance; two systems in one JVM share nothing. The runtime's
 * remoting and grain layers reach it only through {@link InternalActorSystem}.
 *
 * <p>Threading: every public method may be called by any thread.
 */
public final class LocalActorSystem implements InternalActorSystem {

    private static final Logger LOG = LoggerFactory.getLogger(LocalActorSystem.class);
    private static final String USER = "/user";

    private final String name;
    private final ActorSystemConfig config;
    private final Scheduler scheduler;
    private final boolean ownsScheduler;
    private final Dispatcher defaultDispatcher;
    private final ConcurrentHashMap<String, Dispatcher> dispatchers = new ConcurrentHashMap<>();
    private final EventStreamImpl events = new EventStreamImpl();
    private final LongAdder deadLetters = new LongAdder();
    private final LongAdder liveActors = new LongAdder();
    /**
     * The next incarnation number ({@link #nextUid}): a counter from a random start, so that two incarnations of one
     * path in this system share a uid only after 2^32 spawns, and a system restarted at the same address starts
     * elsewhere. Initialised before the guardian, the first cell to take one.
     */
    private final AtomicInteger uids = new AtomicInteger(ThreadLocalRandom.current().nextInt());
    private final Address tempAddress;
    private final ActorCell guardian;
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    /** Created once per type by {@code computeIfAbsent}; the map's put and get publish each extension. */
    private final ConcurrentHashMap<Class<?>, Object> extensions = new ConcurrentHashMap<>();
    /**
     * The extensions in order of creation, appended inside {@code computeIfAbsent}; shutdown closes them in reverse,
     * so one built on another (the cluster on remoting) closes first.
     */
    private final ConcurrentLinkedDeque<Object> extensionOrder = new ConcurrentLinkedDeque<>();
    private final ObserverRelay observerRelay;
    private final WheelScheduler wheel;
    private final Instant startTime = Instant.now();
    /**
     * {@link #startTime} in epoch milliseconds: every turn that ran messages computes {@link #secondsSinceStart},
     * and {@code Instant.toEpochMilli} (an overflow-checked multiply and add) showed in profiles of one-message turns.
     */
    private final long startMillis = startTime.toEpochMilli();
    /** The configured throughput, read by every turn. */
    final int throughput;
    /** The configured hook, or null: every send and every wrapped receive tests it. */
    final MessageContextHook contextHook;
    /**
     * Threads blocked on an ask may spin for the reply, at most half the cores' worth at once, as the configured
     * {@code Spinning} allows; the gate backs off when those spins stop paying.
     */
    final SpinGate askSpinGate;
    /**
     * True until the shutdown's {@code DRAIN_ACTORS} phase starts stopping the actors. Volatile store on the shutdown
     * thread; every read is a volatile load that pairs with it.
     */
    private volatile boolean running = true;
    /**
     * True until the shutdown's {@code STOP_ACCEPTING} phase; spawns and new extensions are refused after it.
     * Volatile store on the shutdown thread, volatile loads by every spawn.
     */
    private volatile boolean accepting = true;
    /** The phases this system stops in; its steps are the methods of the shutdown section below. */
    private final PhasedShutdown coordinatedShutdown;
    /** When the shutdown began to drain the actors, and how many there were: for the last log line. */
    private long drainStartNanos;
    private int drainedActors;
    /** Failures, dead letters, start and stop, for the operator's log. */
    final SystemLog log;
    /** The cap on live actors and its evictor, or null without an {@link io.goakt.actor.EvictionPolicy}. */
    final Eviction eviction;
    /**
     * The eviction policy ranks by recency (LRU, MRU): every passivating actor keeps the time of its last message,
     * not only those that passivate on idleness. Read by the message path of passivating actors only.
     */
    final boolean evictionByRecency;

    /** Use {@link ActorSystem#create}. */
    public LocalActorSystem(String name, ActorSystemConfig config) {
        this(name, config, SystemLog.Sink.slf4j(), null);
    }

    /**
     * A system whose log lines go to {@code logSink}, rate-limited by {@code logClock} (monotonic nanoseconds;
     * null for the scheduler's clock): what tests use to read and pace the log.
     */
    public LocalActorSystem(String name, ActorSystemConfig config, SystemLog.Sink logSink, LongSupplier logClock) {
        Names.validateSystem(name);
        this.name = name;
        this.config = Objects.requireNonNull(config, "config");
        this.throughput = config.throughput();
        this.contextHook = config.messageContextHook();
        this.askSpinGate = SpinGate.forSpinning(config.spinning(), Runtime.getRuntime().availableProcessors() / 2,
                PromiseRef.AskFuture.SPIN_NANOS);
        this.ownsScheduler = config.scheduler() == null;
        this.scheduler = ownsScheduler ? Schedulers.wheel("goakt-" + name + "-scheduler") : config.scheduler();
        this.defaultDispatcher = Dispatchers.forkJoin(Dispatchers.DEFAULT, config.parallelism(),
                "goakt-" + name + "-dispatcher", config.spinning());
        dispatchers.put(Dispatchers.DEFAULT, defaultDispatcher);
        dispatchers.putAll(config.dispatchers());
        this.tempAddress = addressOf("/temp/ask");
        this.observerRelay = new ObserverRelay(name, config.observers());
        Supplier<Actor> guardianActor = GuardianActor::new;
        this.wheel = scheduler instanceof WheelScheduler w ? w : null;
        this.guardian = new ActorCell(this, null, "user", guardianActor, SpawnOptions.defaults(),
                null, defaultDispatcher, true);
        this.log = new SystemLog(config.failureLogLevel(), config.logDeadLetters(),
                Objects.requireNonNull(logSink, "logSink"), logClock != null ? logClock : scheduler::nanoTime,
                scheduler);
        this.coordinatedShutdown = new PhasedShutdown(name, Map.of(
                ShutdownPhase.STOP_ACCEPTING, (deadline, timeout) -> accepting = false,
                ShutdownPhase.DRAIN_ACTORS, this::drainAndStopActors,
                ShutdownPhase.STOP_REMOTING, (deadline, timeout) -> closeExtensions(),
                ShutdownPhase.SYSTEM_TERMINATE, (deadline, timeout) -> terminate(deadline)));
        EvictionPolicy evictionPolicy = config.eviction();
        this.eviction = evictionPolicy == null ? null : new Eviction(this, evictionPolicy);
        this.evictionByRecency = evictionPolicy != null && evictionPolicy.strategy() != EvictionPolicy.Strategy.LFU;
        log.lifecycle(startLine());
        if (eviction != null) {
            eviction.start();
        }
    }

    private String startLine() {
        StringBuilder b = new StringBuilder("actor system ").append(name).append(" started: dispatcher ")
                .append(Dispatchers.DEFAULT).append(" (parallelism ").append(config.parallelism())
                .append(", throughput ").append(throughput).append(')');
        List<String> others = new ArrayList<>(config.dispatchers().keySet());
        if (!others.isEmpty()) {
            others.sort(null);
            b.append(", also ").append(String.join(", ", others));
        }
        return b.toString();
    }

    /** The user guardian's behaviour: it gets no messages of its own, so any it does get are unhandled. */
    private static final class GuardianActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            ctx.unhandled();
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ActorSystemConfig config() {
        return config;
    }

    Address addressOf(String path) {
        return Address.local(name, path);
    }

    /** The dispatcher named {@code dispatcherName}, or the default one for {@code null}. */
    Dispatcher dispatcher(String dispatcherName) {
        if (dispatcherName == null) {
            return defaultDispatcher;
        }
        Dispatcher d = dispatchers.get(dispatcherName);
        if (d != null) {
            return d;
        }
        if (Dispatchers.VIRTUAL.equals(dispatcherName) && Dispatchers.virtualThreadsAvailable()) {
            return dispatchers.computeIfAbsent(dispatcherName, Dispatchers::virtual);
        }
        throw new IllegalArgumentException("unknown dispatcher '" + dispatcherName + "'; available: "
                + availableDispatchers());
    }

    private List<String> availableDispatchers() {
        List<String> names = new ArrayList<>(dispatchers.keySet());
        if (Dispatchers.virtualThreadsAvailable() && !names.contains(Dispatchers.VIRTUAL)) {
            names.add(Dispatchers.VIRTUAL);
        }
        names.sort(null);
        return names;
    }

    // ------------------------------------------------------------------ spawning and lookup

    @Override
    public ActorRef spawn(String actorName, Supplier<? extends Actor> factory, SpawnOptions options) {
        checkRunning();
        return guardian.spawn(actorName, factory, options).self;
    }

    @Override
    public ActorRef spawn(Supplier<? extends Actor> factory, SpawnOptions options) {
        checkRunning();
        return guardian.spawnUnnamed(factory, options).self;
    }

    @Override
    public ActorRef spawnInstance(String actorName, Actor actor, SpawnOptions options) {
        Objects.requireNonNull(actor, "actor");
        checkRunning();
        return guardian.spawn(actorName, actor, options).self;
    }

    @Override
    public CompletionStage<ActorRef> spawnOnDispatcher(String actorName, Supplier<? extends Actor> factory,
                                                       SpawnOptions options) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(options, "options");
        CompletableFuture<ActorRef> spawned = new CompletableFuture<>();
        try {
            dispatcher(options.dispatcher()).execute(() -> {
                try {
                    spawned.complete(spawn(actorName, factory, options));
                } catch (RuntimeException e) {
                    spawned.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            spawned.completeExceptionally(e); // an unknown dispatcher, or one already shut down
        }
        return spawned;
    }

    private void checkRunning() {
        if (!accepting) {
            throw new SystemShuttingDownException(name);
        }
    }

    @Override
    public Optional<ActorRef> lookup(String nameOrPath) {
        ActorCell cell = resolve(nameOrPath);
        return cell == null || cell.isTerminating() ? Optional.empty() : Optional.of(cell.self);
    }

    @Override
    public ActorRef actorOf(String nameOrPath) {
        ActorCell cell = resolve(nameOrPath);
        if (cell != null && !cell.isTerminating()) {
            return cell.self;
        }
        return new UnresolvedActorRef(this, addressOf(normalize(nameOrPath)));
    }

    private String normalize(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        String p = nameOrPath;
        String prefix = "goakt://" + name;
        if (p.startsWith(prefix + "/")) {
            p = p.substring(prefix.length());
        }
        return p.startsWith("/") ? p : USER + "/" + p;
    }

    private ActorCell resolve(String nameOrPath) {
        String path = normalize(nameOrPath);
        if (!path.startsWith(USER + "/")) {
            return null;
        }
        ActorCell cell = guardian;
        for (String segment : path.substring(USER.length() + 1).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            cell = cell.childCell(segment);
            if (cell == null) {
                return null;
            }
        }
        return cell == guardian ? null : cell;
    }

    @Override
    public CompletionStage<Void> stop(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof LocalActorRef l && l.cell.system == this) {
            if (l.cell == guardian) {
                throw new IllegalArgumentException("the guardian stops with shutdown(), not stop()");
            }
            l.cell.sendSystem(new SystemMessage.Terminate(false));
            return l.cell.terminationFuture();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public List<ActorInfo> actors() {
        return ActorWalk.snapshots(guardian);
    }

    @Override
    public void walkActors(int detailed, ActorVisitor visitor) {
        ActorWalk.walk(guardian, actorCount(), detailed, visitor);
    }

    @Override
    public Optional<ActorInfo> inspect(String nameOrPath) {
        ActorCell cell = resolve(nameOrPath);
        return cell == null || cell.isTerminated() ? Optional.empty() : Optional.of(cell.info());
    }

    @Override
    public boolean restart(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof LocalActorRef l && l.cell.system == this && l.cell != guardian
                && !l.cell.isTerminating()) {
            return l.cell.sendSystem(new SystemMessage.Recreate(new OperatorRestart(ref.path())));
        }
        return false;
    }

    @Override
    public boolean suspend(ActorRef ref) {
        ActorCell cell = liveLocalCell(ref);
        return cell != null && cell.sendSystem(new SystemMessage.Suspend(null));
    }

    @Override
    public boolean reinstate(ActorRef ref) {
        ActorCell cell = liveLocalCell(ref);
        return cell != null && cell.sendSystem(new SystemMessage.Reinstate());
    }

    /** The cell behind {@code ref} if it is an actor of this system, not the guardian, and not stopping; else null. */
    private ActorCell liveLocalCell(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref instanceof LocalActorRef l && l.cell.system == this && l.cell != guardian
                && !l.cell.isTerminating()) { // volatile load: pairs with the cell's atomic or when its stop began
            return l.cell;
        }
        return null;
    }

    /** The cause recorded for a restart an operator asked for. */
    static final class OperatorRestart extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OperatorRestart(String path) {
            super("restart of " + path + " requested by an operator", null, false, false);
        }
    }

    @Override
    public <T> T extension(Class<T> type, Function<? super ActorSystem, ? extends T> factory) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(factory, "factory");
        Object ext = extensions.get(type);
        if (ext == null) {
            checkRunning();
            ext = extensions.computeIfAbsent(type, t -> {
                Object created = Objects.requireNonNull(factory.apply(this),
                        "extension factory for " + type.getName() + " returned null");
                extensionOrder.addLast(created);
                return created;
            });
        }
        return type.cast(ext);
    }

    @Override
    public <T> Optional<T> extension(Class<T> type) {
        return Optional.ofNullable(type.cast(extensions.get(type)));
    }

    private void closeExtensions() {
        for (Iterator<Object> it = extensionOrder.descendingIterator(); it.hasNext(); ) {
            Object ext = it.next();
            if (ext instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("extension {} failed to close", ext.getClass().getName(), e);
                }
            }
        }
    }

    @Override
    public Instant startTime() {
        return startTime;
    }

    // ------------------------------------------------------------------ ask and dead letters

    @Override
    public CompletionStage<Object> ask(ActorRef target, Object message, Duration timeout) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ask timeout must be positive, was " + timeout);
        }
        PromiseRef promise = new PromiseRef(this, tempAddress, ThreadLocalRandom.current().nextLong() | 1L);
        promise.armTimeout(scheduler, timeout,
                () -> promise.fail(new AskTimeoutException(target, message.getClass().getName(), timeout)));
        try {
            target.tell(message, promise);
        } catch (RuntimeException | Error e) {
            // Not sent (a full bounded mailbox): nothing will complete the ask, so release its timeout now rather
            // than leave it in the scheduler until it runs out. The caller still gets the exception.
            promise.fail(e);
            throw e;
        }
        return promise.future;
    }

    /**
     * The {@code askAll} of a ref to an actor of this system: the batch goes out in one
     * {@link LocalActorRef#sendBatch} with a {@link BatchAsk} reply ref per message, under one timer. {@code batch} is
     * the caller's own checked copy.
     */
    CompletionStage<List<Object>> askAll(LocalActorRef target, Object[] batch, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("ask timeout must be positive, was " + timeout);
        }
        if (batch.length == 0) {
            return CompletableFuture.completedFuture(List.of());
        }
        BatchAsk ask = new BatchAsk(this, tempAddress, ThreadLocalRandom.current().nextLong() | 1L, batch.length);
        ask.armTimeout(scheduler, timeout, target, batch);
        try {
            target.sendBatch(batch, ask.senders(), null, ask);
        } catch (RuntimeException | Error e) {
            // As for ask: a batch cut by a full bounded mailbox fails the stage and throws (sendBatch failed it first,
            // with the MailboxFullException); this releases the timer in any other case.
            ask.fail(e);
            throw e;
        }
        return ask.future;
    }

    @Override
    public void deadLetter(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason, String detail) {
        deadLetters.increment();
        if (sender instanceof AskSender p) {
            p.fail(reason == DeadLetter.Reason.ACTOR_STOPPED || reason == DeadLetter.Reason.UNKNOWN_ACTOR
                    ? new ActorNotAliveException(detail)
                    : new MessageNotHandledException(detail));
        }
        if (message instanceof DeadLetter) {
            return; // a dead letter that could not reach its subscriber: counted, never re-published
        }
        log.deadLetter(message, sender, receiver, reason, !running);
        if (events.hasSubscribers(DeadLetter.class)) {
            events.publish(new DeadLetter(message, sender, receiver, reason, detail));
        }
    }

    @Override
    public boolean isAskSender(ActorRef ref) {
        return ref instanceof AskSender;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ------------------------------------------------------------------ accessors

    @Override
    public EventStreamImpl eventStream() {
        return events;
    }

    @Override
    public Scheduler scheduler() {
        return scheduler;
    }

    @Override
    public long deadLetterCount() {
        return deadLetters.sum();
    }

    @Override
    public int actorCount() {
        return (int) liveActors.sum();
    }

    void actorStarted() {
        liveActors.increment();
    }

    void actorStopped() {
        liveActors.decrement();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public CoordinatedShutdown coordinatedShutdown() {
        return coordinatedShutdown;
    }

    @Override
    public void shutdown(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        CompletionStage<Void> mine = coordinatedShutdown.runIfFirst(ShutdownReason.APPLICATION_REQUEST, timeout);
        if (mine == null) {
            awaitQuietly(coordinatedShutdown.run(ShutdownReason.APPLICATION_REQUEST, timeout), timeout);
            return;
        }
        try {
            mine.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while shutting down " + name, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ShutdownTimeoutException t) {
                throw t;
            }
            LOG.error("actor system {} shut down with a failure", name, e.getCause());
        }
    }

    /**
     * Phase {@code DRAIN_ACTORS}: handles what the mailboxes hold (at most half of the time left, so that stopping
     * the actors, their {@code postStop} and the dead letters of what is still queued, keeps the rest), then stops
     * every actor, children first.
     */
    private void drainAndStopActors(long deadline, Duration timeout) throws InterruptedException {
        drainStartNanos = System.nanoTime();
        drainedActors = actorCount();
        long drainDeadline = drainStartNanos + Math.max(0, deadline - drainStartNanos) / 2;
        if (!MailboxDrain.drain(guardian, drainDeadline)) {
            LOG.info("actor system {}: actors still busy after draining their mailboxes; stopping them (what is"
                    + " still queued becomes dead letters)", name);
        }
        running = false;
        guardian.sendSystem(new SystemMessage.Terminate(false));
        try {
            guardian.terminationFuture().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            List<String> alive = aliveActors();
            if (alive.isEmpty()) {
                awaitGuardian(); // the deadline came between the last actor's stop and the guardian's
                return;
            }
            LOG.warn("actor system {} shutdown timed out after {}; still running: {}", name, timeout, alive);
            throw new ShutdownTimeoutException(timeout, alive);
        } catch (ExecutionException e) {
            LOG.error("guardian of {} completed exceptionally", name, e);
        }
    }

    /** Waits a little for a guardian with no children left, which stops in its next turn. */
    private void awaitGuardian() throws InterruptedException {
        try {
            guardian.terminationFuture().get(GUARDIAN_GRACE.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.warn("guardian of {} did not stop within {} of its last child", name, GUARDIAN_GRACE);
        }
    }

    private static final Duration GUARDIAN_GRACE = Duration.ofSeconds(1);

    /**
     * Phase {@code SYSTEM_TERMINATE}: the actors have stopped (or the deadline passed); the dispatchers only finish
     * their last turns, within what is left of the timeout.
     */
    private void terminate(long deadline) {
        long left = deadline - System.nanoTime();
        stopInfrastructure(Duration.ofNanos(Math.max(0, Math.min(left, MAX_DISPATCHER_GRACE.toNanos()))));
        log.lifecycle("actor system " + name + " stopped: drained " + drainedActors
                + (drainedActors == 1 ? " actor" : " actors") + " in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStartNanos) + " ms");
    }

    private static final Duration MAX_DISPATCHER_GRACE = Duration.ofSeconds(5);

    /**
     * Wall-clock time for statistics on the hot path: the wheel's tick-precise clock (one volatile read) when the
     * system runs on the default scheduler, else the system clock.
     */
    /**
     * A fresh incarnation number, never 0 (a uid of 0 on the wire means "any incarnation"). Any thread; an atomic
     * increment, once per spawn. See {@code CellState.uid} for why a counter and not a random number.
     */
    int nextUid() {
        int uid;
        do {
            uid = uids.incrementAndGet();
        } while (uid == 0);
        return uid;
    }

    int secondsSinceStart() {
        return (int) ((coarseMillis() - startMillis) / 1000L);
    }

    long coarseMillis() {
        WheelScheduler w = wheel;
        return w != null ? w.coarseMillis() : System.currentTimeMillis();
    }

    /** The evictor that keeps the configured cap on live actors, if there is one. Any thread. */
    public Optional<Eviction> evictor() {
        return Optional.ofNullable(eviction);
    }

    ObserverRelay observerRelay() {
        return observerRelay;
    }

    private void stopInfrastructure(Duration grace) {
        if (eviction != null) {
            eviction.stop();
        }
        log.flush();
        observerRelay.close();
        for (Dispatcher d : dispatchers.values()) {
            try {
                d.shutdown(grace);
            } catch (RuntimeException e) {
                LOG.warn("dispatcher {} failed to shut down", d.name(), e);
            }
        }
        if (ownsScheduler) {
            scheduler.shutdown();
        }
        terminated.complete(null);
    }

    private static void awaitQuietly(CompletionStage<Void> shutdown, Duration timeout) {
        try {
            shutdown.toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the caller that started the shutdown reports its outcome
        }
    }

    /** Paths of actors that have not fully stopped, parents before children. */
    private List<String> aliveActors() {
        List<String> alive = new ArrayList<>();
        ArrayDeque<ActorCell> todo = new ArrayDeque<>(guardian.childCells());
        while (!todo.isEmpty()) {
            ActorCell c = todo.poll();
            if (!c.isTerminated()) {
                alive.add(c.self.path());
            }
            todo.addAll(c.childCells());
        }
        return alive;
    }

    @Override
    public CompletionStage<Void> whenTerminated() {
        return terminated.copy();
    }

    @Override
    public String toString() {
        return "ActorSystem[" + name + "]";
    }
}
