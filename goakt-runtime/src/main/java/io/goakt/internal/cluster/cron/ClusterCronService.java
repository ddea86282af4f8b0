package io.goakt.internal.cluster.cron;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.EventStream;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.ClusterCron;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.Member;
import io.goakt.cluster.SingletonOptions;
import io.goakt.internal.cluster.ControlMessaging;
import io.goakt.internal.util.CronSchedule;
import io.goakt.remote.Remoting;
import io.goakt.serialization.Serialization;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link ClusterCron} of one member: its replica of the cluster's cron schedules, the protocol that keeps the
 * replicas in step, and the declaration of the singleton ({@link CronRunner}) that fires them.
 *
 * <h2>The problem</h2>
 * A cluster-wide schedule must fire once per tick, from one member, although members join, leave and crash; and a
 * member that takes over the firing must know which ticks already fired, since singletons hand over no state.
 *
 * <h2>The approach</h2>
 * <ul>
 *   <li><b>The replica.</b> Every member holds every schedule ({@link CronEntry}), cancelled ones as tombstones. A
 *       write (schedule, cancel) is stamped with a hybrid clock and the writer's id and sent to every other member;
 *       the greater stamp wins everywhere, whatever the order of arrival. A member sends its replica to each member
 *       that joins or merges in, and asks every member for theirs when it starts ({@link CronMessage.SyncRequest}),
 *       because a member's topic handler exists only from its start, after it joined.</li>
 *   <li><b>The runner</b> is the cluster singleton {@value #RUNNER}, declared on every member once its replica
 *       holds a schedule, so it runs on the oldest member and moves as singletons do; a cluster that never
 *       schedules runs none. When it starts it asks every member of the view for its replica and
 *       waits for the answers before it fires anything: all of them, or after {@link #SYNC_TIMEOUT_MILLIS} those
 *       of a majority of the view (it asks again until it has them).</li>
 *   <li><b>A tick</b> is fired by {@link #fireDue}: the runner's member records it as the entry's last tick, sends
 *       that record ({@link CronMessage.Fired}) to every other member, and sends the message to the target only
 *       once a majority of the view (itself included) acknowledged the record ({@link CronMessage.FiredAck});
 *       without that within {@link #ACK_TIMEOUT_MILLIS} it skips the tick and counts it. A later runner computes
 *       the next tick from the last one recorded, and syncs with every member first, so it fires no tick that a
 *       majority recorded, and a runner cut off from the others sends nothing it could not record: at most once
 *       per tick. When several ticks were missed the runner fires the last of them, late, and counts the others
 *       as skipped. The record precedes the send, so a crash between the two loses the tick without a count.</li>
 *   <li><b>Messages</b> go on control topic {@link #TOPIC} as one unicast to each member of the view (UNICAST3:
 *       reliable, ordered per sender). A member of an older build has no handler for the topic and drops them.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * {@link #table} is a concurrent map whose entries are immutable and replaced by atomic {@code compute}s, so
 * writers (callers of {@code schedule} and {@code cancel}, the control-plane handler, the runner) need no lock. The
 * pending syncs ({@link #syncs}) and acknowledgements ({@link #acks}) are confined to {@link #executor}, this
 * member's one cron thread, which also handles every control message and sends an acknowledged tick's message.
 * {@link #runner} and {@link #time} are volatile (stores by the runner's lifecycle and the test hook, loads by any
 * thread).
 */
public final class ClusterCronService implements ClusterCron, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger(ClusterCron.class);
    /** The control-plane topic of the cron protocol. */
    static final byte TOPIC = 11;
    /** The name of the singleton that fires the schedules. */
    public static final String RUNNER = "goakt.cron";
    /** How long a starting runner waits at most for the other members' replicas. */
    static final long SYNC_TIMEOUT_MILLIS = 2_000;
    /** How long a tick's record waits for a majority before the tick is skipped. */
    static final long ACK_TIMEOUT_MILLIS = 2_000;
    private static final int MAX_KEY_LENGTH = 200;
    private static final int RECENT_FIRINGS = 1_000;

    /**
     * A runner's start-up sync waiting for answers: the ids of the members asked that have not answered, of those
     * that have, the runner that asked, and how many times it asked. Confined to {@link #executor}.
     */
    private static final class PendingSync {
        final Set<String> awaiting;
        final Set<String> answered = new HashSet<>();
        final ActorRef asker;
        final CompletableFuture<Void> done;
        int asked = 1;

        PendingSync(Set<String> awaiting, ActorRef asker, CompletableFuture<Void> done) {
            this.awaiting = awaiting;
            this.asker = asker;
            this.done = done;
        }
    }

    /** A tick's record waiting for acknowledgements; confined to {@link #executor}. */
    private static final class PendingAck {
        int needed;
        final CompletableFuture<Boolean> done;

        PendingAck(int needed, CompletableFuture<Boolean> done) {
            this.needed = needed;
            this.done = done;
        }
    }

    /** A tick this member fired: the schedule's key and the tick. */
    public record Firing(String key, Instant tick) {
    }

    private final Cluster cluster;
    private final ActorSystem system;
    private final ControlMessaging messaging;
    private final Serialization serialization;
    private final Member self;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, CronEntry> table = new ConcurrentHashMap<>();
    private final Map<Long, PendingSync> syncs = new HashMap<>();
    private final Map<Long, PendingAck> acks = new HashMap<>();
    private final AtomicLong ackIds = new AtomicLong();
    /** The hybrid clock: never behind the wall clock or any stamp seen. */
    private final AtomicLong clock = new AtomicLong();
    private final AtomicLong syncIds = new AtomicLong();
    private final AtomicLong firings = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ConcurrentLinkedDeque<Firing> recent = new ConcurrentLinkedDeque<>();
    private final List<EventStream.Subscription> subscriptions = new ArrayList<>();
    /** Set once the runner singleton is declared on this member (CAS by the first merge of a live schedule). */
    private final AtomicBoolean runnerDeclared = new AtomicBoolean();
    private volatile ActorRef runner;
    private volatile CronTime time = CronTime.SYSTEM;
    private volatile boolean closed;
    /** A test hook: this member leaves starting runners' requests for its replica unanswered. */
    private volatile boolean withholdSyncAnswers;
    /** The size of {@link #syncs}: written on the cron thread, read by any (volatile). */
    private volatile int syncsPending;

    private ClusterCronService(Cluster cluster) {
        this.cluster = cluster;
        this.system = cluster.system();
        this.messaging = ControlMessaging.of(cluster);
        this.serialization = Remoting.of(system).orElseThrow(() -> new IllegalStateException("cluster member "
                + cluster.self().id() + " has no remoting")).config().serialization();
        this.self = cluster.self();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "goakt-" + system.name() + "-cluster-cron");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts the cron of {@code cluster}'s member; use {@link ClusterCron#of}, one per system. */
    public static ClusterCronService start(Cluster cluster) {
        ClusterCronService s = new ClusterCronService(cluster);
        s.messaging.subscribe(TOPIC, ControlMessaging.decoding("cluster cron", s.self, CronMessage::decode,
                (from, m) -> s.run(() -> s.handle(from, m))));
        s.subscriptions.add(s.system.eventStream().subscribe(ClusterViewChanged.class, e -> {
            if (!e.joined().isEmpty()) {
                s.run(() -> s.sendTable(e.joined(), 0));
            }
        }));
        s.run(() -> s.broadcast(new CronMessage.SyncRequest(0)));
        return s;
    }

    // ------------------------------------------------------------------ public API

    @Override
    public void schedule(String key, String expression, ZoneId zone, Target target, Object message) {
        checkKey(key);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(message, "message");
        CronSchedule cron = CronSchedule.parse(expression, zone);
        Instant now = time.now();
        if (cron.next(now).isEmpty()) {
            throw new IllegalArgumentException("cron expression '" + expression + "' never fires");
        }
        if (target.kind() == Target.Kind.SINGLETON) {
            ClusterSingletons.of(system).proxy(target.name()); // checks the name
        }
        Serialization.Serialized wire = serialization.serialize(message);
        if (wire.bytes().length > CronMessage.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("cron message " + wire.typeId() + " is " + wire.bytes().length
                    + " bytes in its wire form; the limit is " + CronMessage.MAX_MESSAGE_BYTES);
        }
        write(new CronEntry(key, stamp(), self.id(), cron.expression(), zone.getId(), target, wire.typeId(),
                wire.bytes(), now.toEpochMilli(), false));
    }

    @Override
    public boolean cancel(String key) {
        checkKey(key);
        CronEntry current = table.get(key);
        boolean live = current != null && !current.cancelled();
        write(new CronEntry(key, stamp(), self.id(), null, null, null, null, null, 0, true));
        return live;
    }

    @Override
    public Set<String> keys() {
        SortedSet<String> keys = new TreeSet<>();
        for (CronEntry e : table.values()) {
            if (!e.cancelled()) {
                keys.add(e.key());
            }
        }
        return Collections.unmodifiableSortedSet(keys);
    }

    @Override
    public long firings() {
        return firings.get();
    }

    @Override
    public long skippedTicks() {
        return skipped.get();
    }

    @Override
    public Cluster cluster() {
        return cluster;
    }

    /** The last ticks this member fired (at most {@value #RECENT_FIRINGS}), oldest first; for tests and tools. */
    public List<Firing> recentFirings() {
        return List.copyOf(recent);
    }

    /**
     * Makes the runner read {@code time} instead of the system clock: a test hook, so that ticks come quickly.
     * Install the same instance on every member before scheduling.
     */
    public void useTime(CronTime time) {
        this.time = Objects.requireNonNull(time, "time");
        notifyRunner();
    }

    /**
     * Whether a runner started on this member and still waits for the replicas of the other members before it fires
     * anything; for tests and tools.
     */
    public boolean runnerAwaitsReplicas() {
        return syncsPending > 0;
    }

    /**
     * Makes this member leave unanswered (or answer again) the requests for its replica that a starting runner sends:
     * a test hook standing for a member too slow or too far to answer.
     */
    public void withholdSyncAnswers(boolean withhold) {
        this.withholdSyncAnswers = withhold;
    }

    private static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("cron key must be 1 to " + MAX_KEY_LENGTH + " characters, was '"
                    + key + "'");
        }
    }

    private long stamp() {
        return clock.updateAndGet(c -> Math.max(c + 1, System.currentTimeMillis()));
    }

    private void write(CronEntry e) {
        merge(e);
        broadcast(new CronMessage.Table(0, List.of(e)));
        notifyRunner();
    }

    /** Merges {@code incoming} into the replica; true when the replica changed. Any thread. */
    private boolean merge(CronEntry incoming) {
        clock.accumulateAndGet(incoming.version(), Math::max);
        CronEntry before = table.get(incoming.key());
        CronEntry after = table.merge(incoming.key(), incoming, CronEntry::merge);
        if (!after.cancelled()) {
            declareRunner();
        }
        return before == null || after != before;
    }

    /**
     * Declares the runner singleton here once this member's replica holds a schedule: every member gets every
     * schedule, so every member declares it then, and a cluster that schedules nothing runs no runner.
     */
    private void declareRunner() {
        if (runnerDeclared.get() || !runnerDeclared.compareAndSet(false, true)) {
            return;
        }
        try {
            ClusterSingletons.of(system).start(RUNNER, () -> new CronRunner(this), SingletonOptions.defaults());
        } catch (IllegalStateException e) {
            LOG.debug("cluster cron of member {}: the runner is not declared: {}", self.id(), e.toString());
        }
    }

    // ------------------------------------------------------------------ the runner's side

    CronTime time() {
        return time;
    }

    /** The schedules that are not cancelled. */
    List<CronEntry> liveEntries() {
        List<CronEntry> live = new ArrayList<>();
        for (CronEntry e : table.values()) {
            if (!e.cancelled()) {
                live.add(e);
            }
        }
        return live;
    }

    void runnerStarted(ActorRef ref) {
        runner = ref;
    }

    void runnerStopped(ActorRef ref) {
        if (ref.equals(runner)) {
            runner = null;
        }
    }

    /** Tells the runner, when it runs on this member, to look at the schedules again. */
    void notifyRunner() {
        ActorRef r = runner;
        if (r != null) {
            r.tell(CronRunner.Signal.CHANGED);
        }
    }

    /**
     * Asks every other member of the view for its replica and merges the answers; completes once each answered, or
     * once {@link #SYNC_TIMEOUT_MILLIS} passed and the members that answered, with this one, are a majority of the
     * view as it is then. Short of a majority it asks again and waits as long again, for as long as the runner that
     * asked runs: a tick is recorded on a majority before it is sent, so the answers of a majority hold every tick
     * sent, and a runner that fired with fewer could fire one of them twice (its own record missing a tick whose
     * majority it did not hear from). A runner that cannot hear from a majority could not record a tick either.
     */
    CompletionStage<Void> sync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ActorRef asker = runner; // volatile load: the runner's preStart stored itself before it asked
        run(() -> {
            Set<String> awaiting = new HashSet<>();
            for (Member m : cluster.view().members()) {
                if (!m.equals(self)) {
                    awaiting.add(m.id());
                }
            }
            if (awaiting.isEmpty()) {
                done.complete(null);
                return;
            }
            long id = syncIds.incrementAndGet();
            syncs.put(id, new PendingSync(awaiting, asker, done));
            syncsPending = syncs.size();
            broadcast(new CronMessage.SyncRequest(id));
            executor.schedule(() -> checkSync(id), SYNC_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        });
        if (closed) {
            done.complete(null);
        }
        return done;
    }

    /** Drops the sync {@code id} and lets its runner go on. The cron thread. */
    private void finishSync(long id, PendingSync p) {
        syncs.remove(id);
        syncsPending = syncs.size(); // volatile store: read by runnerAwaitsReplicas on any thread
        p.done.complete(null);
    }

    /** A sync's timeout: completes it with a majority's answers, or asks again. The cron thread. */
    private void checkSync(long id) {
        PendingSync p = syncs.get(id);
        if (p == null) {
            return; // every member answered
        }
        ActorRef current = runner; // volatile load: pairs with runnerStarted and runnerStopped
        if (p.asker == null || !p.asker.equals(current)) {
            finishSync(id, p); // the runner that asked stopped; the one after it syncs for itself
            return;
        }
        Set<String> inView = new HashSet<>();
        for (Member m : cluster.view().members()) {
            inView.add(m.id());
        }
        p.awaiting.retainAll(inView);
        long heard = 1 + p.answered.stream().filter(inView::contains).count(); // this member counts
        if (p.awaiting.isEmpty() || heard > inView.size() / 2) {
            if (!p.awaiting.isEmpty()) {
                LOG.info("cluster cron: member {} started its runner with a majority's replicas, without {}",
                        self.id(), p.awaiting);
            }
            finishSync(id, p);
            return;
        }
        if (p.asked++ % 30 == 1) { // the first time, then once a minute
            LOG.warn("cluster cron: member {} heard from {} of the {} members; its runner fires nothing until a "
                    + "majority answered, and asks {} again every {} ms", self.id(), heard, inView.size(),
                    p.awaiting, SYNC_TIMEOUT_MILLIS);
        }
        broadcast(new CronMessage.SyncRequest(id));
        executor.schedule(() -> checkSync(id), SYNC_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Fires the tick of {@code e} that is due at {@code now}, if one is: records it, tells the other members, sends
     * the message. Returns the next tick to wait for, or null when there is none. The runner's thread.
     */
    Instant fireDue(CronEntry e, Instant now) {
        CronSchedule cron;
        try {
            cron = CronSchedule.parse(e.expression(), ZoneId.of(e.zone()));
        } catch (RuntimeException ex) {
            LOG.warn("cluster cron {}: '{}' in {} cannot be read here; it does not fire: {}", e.key(),
                    e.expression(), e.zone(), ex.toString());
            return null;
        }
        Optional<Instant> first = cron.next(Instant.ofEpochMilli(e.lastFired()));
        if (first.isEmpty() || first.get().isAfter(now)) {
            return first.orElse(null);
        }
        Instant tick = first.get();
        long missed = 0;
        for (Optional<Instant> n = cron.next(tick); n.isPresent() && !n.get().isAfter(now); n = cron.next(tick)) {
            tick = n.get();
            missed++;
        }
        long tickMillis = tick.toEpochMilli();
        CronEntry recorded = table.computeIfPresent(e.key(), (k, cur) -> cur.sameWrite(e) && !cur.cancelled()
                && cur.lastFired() < tickMillis ? cur.firedAt(tickMillis) : cur);
        if (recorded == null || !recorded.sameWrite(e) || recorded.cancelled()) {
            return null; // replaced or cancelled meanwhile: the change brings the runner back
        }
        if (recorded.lastFired() != tickMillis) {
            return cron.next(Instant.ofEpochMilli(recorded.lastFired())).orElse(null);
        }
        if (missed > 0) {
            skipped.addAndGet(missed);
            LOG.warn("cluster cron {}: {} tick(s) before {} fell due while no runner could fire them; they are "
                    + "skipped and the last one fires now", e.key(), missed, tick);
        }
        Instant fired = tick;
        recordOnMajority(e, tickMillis).thenAccept(acknowledged -> {
            if (acknowledged) {
                firings.incrementAndGet();
                recent.addLast(new Firing(e.key(), fired));
                if (recent.size() > RECENT_FIRINGS) {
                    recent.pollFirst();
                }
                deliver(e);
            } else {
                skipped.incrementAndGet();
                LOG.warn("cluster cron {}: tick {} was not recorded by a majority of the members within {} ms; "
                        + "it is skipped here (a later runner fires it if no member recorded it)", e.key(), fired,
                        ACK_TIMEOUT_MILLIS);
            }
        });
        return cron.next(tick).orElse(null);
    }

    /**
     * Sends the record of {@code tick} to every other member; completes with true once a majority of the view
     * (counting this member) holds it, with false after {@link #ACK_TIMEOUT_MILLIS} or when closed.
     */
    private CompletionStage<Boolean> recordOnMajority(CronEntry e, long tick) {
        CompletableFuture<Boolean> acknowledged = new CompletableFuture<>();
        run(() -> {
            int needed = cluster.view().size() / 2;
            long id = ackIds.incrementAndGet();
            if (needed > 0) {
                acks.put(id, new PendingAck(needed, acknowledged));
                executor.schedule(() -> {
                    PendingAck p = acks.remove(id);
                    if (p != null) {
                        p.done.complete(false);
                    }
                }, ACK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
            broadcast(new CronMessage.Fired(e.key(), e.version(), e.origin(), tick, id));
            if (needed == 0) {
                acknowledged.complete(true);
            }
        });
        if (closed) {
            acknowledged.complete(false);
        }
        return acknowledged;
    }

    private void deliver(CronEntry e) {
        try {
            Object message = serialization.deserialize(e.typeId(), e.message());
            ActorRef target = e.target().kind() == Target.Kind.SINGLETON
                    ? ClusterSingletons.of(system).proxy(e.target().name())
                    : ClusterActors.of(system).actorOf(e.target().name());
            target.tell(message);
        } catch (RuntimeException ex) {
            LOG.warn("cluster cron {}: its message to {} could not be sent: {}", e.key(), e.target(),
                    ex.toString());
        }
    }

    // ------------------------------------------------------------------ the protocol

    private void handle(Member from, CronMessage m) {
        if (m instanceof CronMessage.Table t) {
            boolean changed = false;
            for (CronEntry e : t.entries()) {
                changed |= merge(e);
            }
            if (changed) {
                notifyRunner();
            }
            PendingSync p = t.requestId() == 0 ? null : syncs.get(t.requestId());
            if (p != null) {
                p.answered.add(from.id());
                if (p.awaiting.remove(from.id()) && p.awaiting.isEmpty()) {
                    finishSync(t.requestId(), p);
                }
            }
        } else if (m instanceof CronMessage.Fired f) {
            CronEntry after = table.computeIfPresent(f.key(), (k, cur) -> isWrite(cur, f)
                    && cur.lastFired() < f.tick() ? cur.firedAt(f.tick()) : cur);
            // Acknowledged only when held: a record that arrives before its schedule's write is not, and counts
            // for nothing in the runner's majority. A newer write makes the record moot.
            if (after != null && (isWrite(after, f) ? after.lastFired() >= f.tick()
                    : after.version() > f.version() || after.version() == f.version()
                    && after.origin().compareTo(f.origin()) > 0)) {
                send(from, new CronMessage.FiredAck(f.ackId()));
            }
        } else if (m instanceof CronMessage.FiredAck a) {
            PendingAck p = acks.get(a.ackId());
            if (p != null && --p.needed == 0) {
                acks.remove(a.ackId());
                p.done.complete(true);
            }
        } else if (m instanceof CronMessage.SyncRequest s) {
            if (!withholdSyncAnswers) {
                sendTable(List.of(from), s.requestId());
            }
        }
    }

    private static boolean isWrite(CronEntry e, CronMessage.Fired f) {
        return e.version() == f.version() && e.origin().equals(f.origin());
    }

    /** Sends the replica to {@code to}: always as the answer to a sync, else only when it holds anything. */
    private void sendTable(List<Member> to, long requestId) {
        if (requestId == 0 && table.isEmpty()) {
            return;
        }
        byte[] body = CronMessage.encode(new CronMessage.Table(requestId, List.copyOf(table.values())));
        for (Member m : to) {
            if (!m.equals(self)) {
                messaging.send(m, TOPIC, body);
            }
        }
    }

    private void run(Runnable task) {
        if (closed) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("cluster cron of member {}: a step failed", self.id(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("cluster cron of member {} closed; step dropped", self.id());
        }
    }

    private void send(Member to, CronMessage m) {
        messaging.send(to, TOPIC, CronMessage.encode(m));
    }

    /** Sends {@code m} to every other member of the current view, one unicast each. */
    private void broadcast(CronMessage m) {
        messaging.sendToEachOther(TOPIC, CronMessage.encode(m));
    }

    /** Stops the cron thread; pending syncs complete, so a runner still starting does not wait for them. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscriptions.forEach(EventStream.Subscription::close);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (PendingSync p : syncs.values()) {
            p.done.complete(null);
        }
        for (PendingAck p : acks.values()) {
            p.done.complete(false);
        }
    }
}
