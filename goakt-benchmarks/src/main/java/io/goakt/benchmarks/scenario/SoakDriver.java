package io.goakt.benchmarks.scenario;

import com.sun.management.UnixOperatingSystemMXBean;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EventStream;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Scheduler;
import io.goakt.dispatch.Spinning;
import io.goakt.dispatch.WheelScheduler;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A soak run: a mixed workload at a fixed rate for a long time, with the resources that leak when something is
 * wrong sampled as it runs and the books balanced at the end.
 *
 * <h2>Workload</h2>
 * Two actor systems in this JVM, {@code soak-a} and {@code soak-b}, each with remoting on an ephemeral loopback port.
 * One driver thread issues {@code rate} operations a second, paced against the clock; each operation is, by share:
 * a tell to one of {@value #WORKERS} local workers (40%), an ask to one (15%), a spawn of a fresh actor, one tell to
 * it and its stop straight after (5%), a tell to one of {@value #GRAIN_IDS} grains (20%) and an ask to one (5%), which
 * passivate after {@value #GRAIN_IDLE_MILLIS} ms idle or {@value #GRAIN_MAX_MESSAGES} messages and so activate and
 * passivate all the time, and a tell (10%) or an ask (5%) through remoting to a worker on {@code soak-b}.
 *
 * <h2>Accounting</h2>
 * Every message the workload sends is a {@link Work}. A tell or ask that returned without throwing was accepted; every
 * accepted {@code Work} must end up handled by a worker or grain, or published as a {@link DeadLetter} with a reason
 * on either system (a tell racing its actor's stop is a legitimate {@code ACTOR_STOPPED} dead letter). After the
 * workload ends the driver waits for the books to balance: {@code lost = accepted - handled - deadLettered} must be
 * 0. Every ask must complete (replied or failed); {@code leaked asks} are those still open, plus remoting's pending
 * replies. {@code leaked timers} is each system's timer wheel's pending count once every grain has passivated, above
 * the count before the workload started; {@code leaked connections} the same for remoting's open connections.
 *
 * <h2>Samples</h2>
 * Every report interval the driver asks for a full collection ({@code System.gc()}) and reads the old generation's
 * occupancy after it ({@link MemoryPoolMXBean#getCollectionUsage()}), so the figure is the live set, not the garbage
 * promoted since the last old collection; it prints that with the interval's throughput, live threads, open file
 * descriptors, pending asks, the interval's ask round-trip p99 and maximum (a stall shows there first), and dead
 * letters by reason. The old generation may grow less than 5% from the mean of
 * the second quarter's samples to the mean of the last quarter's; a run too short to have samples in both quarters
 * does not judge growth.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.goakt.benchmarks.scenario.SoakDriver [--duration 10m] [--rate N]
 * [--report-every 10s] [--co-tenant] [--spinning adaptive|reduced|off]}. {@code --co-tenant} runs a {@link CpuHog}
 * beside the run (one spinning thread per processor the hog's JVM sees); {@code --spinning} sets both systems'
 * dispatcher spinning. Exits with status 1 when a check fails.
 */
public final class SoakDriver {

    /** Local worker actors on {@code soak-a}. */
    static final int WORKERS = 32;
    /** Distinct grain identities the workload addresses. */
    static final int GRAIN_IDS = 1000;
    /** Idle time after which a grain passivates. */
    static final long GRAIN_IDLE_MILLIS = 200;
    /** Messages after which a grain passivates. */
    static final long GRAIN_MAX_MESSAGES = 50;
    private static final int REMOTE_WORKERS = 4;
    private static final String GRAIN_KIND = "soak";
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final long DRAIN_MILLIS = 60_000;
    /** The old generation may grow less than this from the second quarter to the last. */
    static final double MAX_OLD_GEN_GROWTH = 0.05;

    private SoakDriver() {
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Result result = runWithCoTenant(Options.parse(args), System.out);
        System.exit(result.passed() ? 0 : 1);
    }

    /**
     * Prints a header naming the settings, the JVM and the processors it sees, then runs the soak with
     * {@code options}, beside a {@link CpuHog} in a JVM of its own when {@link Options#coTenant()} says so.
     */
    public static Result runWithCoTenant(Options options, PrintStream out) throws Exception {
        CoTenant busy = options.coTenant() ? CoTenant.start() : null;
        try {
            out.printf(Locale.ROOT, "# soak: %s, %s %s, availableProcessors %d, co-tenant %d busy threads%n",
                    options, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                    Runtime.getRuntime().availableProcessors(), busy == null ? 0 : busy.threads());
            return run(options, out);
        } finally {
            if (busy != null) {
                busy.close();
            }
        }
    }

    /** Runs the soak with {@code options}, printing samples and the summary to {@code out}. */
    public static Result run(Options options, PrintStream out) throws Exception {
        Books books = new Books();
        ActorSystemConfig config = ActorSystemConfig.builder().spinning(options.spinning()).build();
        ActorSystem a = ActorSystem.create("soak-a", config);
        ActorSystem b = null;
        try {
            b = ActorSystem.create("soak-b", config);
            EventStream.Subscription deadA = a.eventStream().subscribe(DeadLetter.class, books::deadLetter);
            EventStream.Subscription deadB = b.eventStream().subscribe(DeadLetter.class, books::deadLetter);
            Remoting remoteA = Remoting.start(a, remotingConfig());
            Remoting remoteB = Remoting.start(b, remotingConfig());
            ActorRef[] workers = new ActorRef[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                workers[i] = a.spawn("worker-" + i, () -> new Worker(books), SpawnOptions.defaults());
            }
            ActorRef[] remote = new ActorRef[REMOTE_WORKERS];
            Endpoint endpointB = remoteB.endpoint();
            for (int i = 0; i < REMOTE_WORKERS; i++) {
                b.spawn("remote-" + i, () -> new Worker(books), SpawnOptions.defaults());
                remote[i] = remoteA.actorRef(endpointB, "soak-b", "remote-" + i);
            }
            GrainRegistry grains = Grains.of(a);
            grains.register(GRAIN_KIND, () -> new Counted(books), GrainOptions.builder()
                    .idleTimeout(Duration.ofMillis(GRAIN_IDLE_MILLIS)).maxMessages(GRAIN_MAX_MESSAGES).build());
            // Connect and warm every path once, so the baselines below include the connection and its timers.
            for (ActorRef r : remote) {
                r.ask(new Work(-1, true), ASK_TIMEOUT).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            grains.ref(GRAIN_KIND, "warm").ask(new Work(-1, true), ASK_TIMEOUT).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            awaitTrue(() -> grains.activeGrains().isEmpty(), 30_000);
            long timersBefore = pendingTimers(a) + pendingTimers(b);
            int connectionsBefore = remoteA.stats().openConnections() + remoteB.stats().openConnections();
            int threadsBefore = threads().getThreadCount();
            long fdsBefore = openFds();

            Workload workload = new Workload(a, workers, remote, grains, books);
            List<Sample> samples = drive(options, workload, books, remoteA, out);

            long drainStart = System.nanoTime();
            boolean balanced = awaitTrue(() -> books.open() == 0 && books.lost() == 0, DRAIN_MILLIS);
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            awaitTrue(() -> grains.activeGrains().isEmpty(), 30_000);
            ActorSystem bb = b;
            LongSupplier timers = () -> pendingTimers(a) + pendingTimers(bb);
            awaitTrue(() -> timers.getAsLong() <= timersBefore, 10_000);
            long leakedTimers = Math.max(0, timers.getAsLong() - timersBefore);
            long leakedAsks = books.open() + remoteA.pendingReplies() + remoteB.pendingReplies();
            int connectionsAfter = remoteA.stats().openConnections() + remoteB.stats().openConnections();
            long leakedConnections = Math.max(0, connectionsAfter - connectionsBefore);
            deadA.close();
            deadB.close();
            books.askLatencyInterval(); // folds the asks completed since the last sample into the total
            Histogram asks = books.askLatencyTotal();
            Result result = new Result(books.snapshot(), samples, asks.getValueAtPercentile(50),
                    asks.getValueAtPercentile(99), asks.getMaxValue(), balanced, drainMillis, leakedAsks, leakedTimers,
                    leakedConnections, threadsBefore, threads().getThreadCount(), fdsBefore, openFds(),
                    options.duration());
            result.print(out);
            return result;
        } finally {
            if (b != null) {
                b.shutdown(Duration.ofSeconds(30));
            }
            a.shutdown(Duration.ofSeconds(30));
        }
    }

    private static List<Sample> drive(Options options, Workload workload, Books books, Remoting remoteA,
                                      PrintStream out) throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        long reportNanos = options.reportEvery().toNanos();
        long nextReport = start + reportNanos;
        long issued = 0;
        long handledAtLast = 0;
        long acceptedAtLast = 0;
        long lastReport = start;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            long due = (long) ((now - start) / 1e9 * options.rate());
            // A stalled driver catches up by at most a second of operations rather than bursting its whole backlog.
            if (due - issued > options.rate()) {
                issued = due - options.rate();
            }
            while (issued < due) {
                workload.next();
                issued++;
            }
            if (now >= nextReport) {
                Books.Snapshot s = books.snapshot();
                double seconds = (now - lastReport) / 1e9;
                Histogram asks = books.askLatencyInterval();
                Sample sample = new Sample(TimeUnit.NANOSECONDS.toMillis(now - start),
                        (s.accepted() - acceptedAtLast) / seconds, (s.handled() - handledAtLast) / seconds,
                        oldGenAfterGc(), threads().getThreadCount(), openFds(),
                        s.asksOpen() + remoteA.pendingReplies(), asks.getValueAtPercentile(99),
                        asks.getMaxValue(), s.deadLetters());
                samples.add(sample);
                out.println(sample.line());
                out.flush();
                acceptedAtLast = s.accepted();
                handledAtLast = s.handled();
                lastReport = now;
                nextReport += reportNanos;
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
        return samples;
    }

    private static RemotingConfig remotingConfig() {
        Serializer<Object> wire = new Serializer<>() {
            @Override
            public byte[] toBytes(Object value) {
                Work w = (Work) value;
                return ByteBuffer.allocate(9).putLong(w.seq()).put((byte) (w.reply() ? 1 : 0)).array();
            }

            @Override
            public Object fromBytes(byte[] bytes, Class<Object> type) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                return new Work(buf.getLong(), buf.get() == 1);
            }
        };
        Serializer<Object> done = new Serializer<>() {
            @Override
            public byte[] toBytes(Object value) {
                return ByteBuffer.allocate(8).putLong(((Done) value).seq()).array();
            }

            @Override
            public Object fromBytes(byte[] bytes, Class<Object> type) {
                return new Done(ByteBuffer.wrap(bytes).getLong());
            }
        };
        Serialization serialization = Serialization.builder()
                .register("soak.Work", Work.class, wire)
                .register("soak.Done", Done.class, done)
                .build();
        return RemotingConfig.builder().host("127.0.0.1").port(0).serialization(serialization).build();
    }

    private static long pendingTimers(ActorSystem system) {
        Scheduler s = system.scheduler();
        return s instanceof WheelScheduler wheel ? wheel.pending() : 0;
    }

    private static ThreadMXBean threads() {
        return ManagementFactory.getThreadMXBean();
    }

    /** Open file descriptors of this process, or -1 where the platform does not say. */
    static long openFds() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getOpenFileDescriptorCount() : -1;
    }

    /** The old generation's bytes in use after a full collection requested now, or -1 without an old pool. */
    static long oldGenAfterGc() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && (name.contains("Old") || name.contains("Tenured"))
                    && pool.getCollectionUsage() != null) {
                return pool.getCollectionUsage().getUsed();
            }
        }
        return -1;
    }

    private static boolean awaitTrue(java.util.function.BooleanSupplier condition, long millis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        return true;
    }

    /** The message every workload operation sends; {@code reply} asks the receiver to answer with {@link Done}. */
    record Work(long seq, boolean reply) {
    }

    /** The answer to a {@link Work} with {@code reply} set. */
    record Done(long seq) {
    }

    /** Handles {@link Work}: counts it and answers when asked to. */
    static final class Worker implements Actor {
        private final Books books;

        Worker(Books books) {
            this.books = books;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Work w) {
                if (w.seq() >= 0) {
                    books.handled.increment();
                }
                if (w.reply()) {
                    ctx.respond(new Done(w.seq()));
                }
            }
        }
    }

    /** A grain that handles {@link Work} as {@link Worker} does and counts its activations and deactivations. */
    static final class Counted implements Grain {
        private final Books books;

        Counted(Books books) {
            this.books = books;
        }

        @Override
        public void onActivate(GrainContext ctx) {
            books.activations.increment();
        }

        @Override
        public void receive(GrainContext ctx) {
            if (ctx.message() instanceof Work w) {
                if (w.seq() >= 0) {
                    books.handled.increment();
                }
                if (w.reply()) {
                    ctx.respond(new Done(w.seq()));
                }
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            books.deactivations.increment();
        }
    }

    /** Picks and issues one operation at a time; only the driver thread calls {@link #next}. */
    private static final class Workload {
        private final ActorSystem system;
        private final ActorRef[] workers;
        private final ActorRef[] remote;
        private final GrainRegistry grains;
        private final Books books;
        private long seq;
        private long spawned;

        Workload(ActorSystem system, ActorRef[] workers, ActorRef[] remote, GrainRegistry grains, Books books) {
            this.system = system;
            this.workers = workers;
            this.remote = remote;
            this.grains = grains;
            this.books = books;
        }

        void next() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int pick = random.nextInt(100);
            long s = seq++;
            if (pick < 40) {
                tell(workers[random.nextInt(workers.length)], new Work(s, false));
            } else if (pick < 55) {
                ask(workers[random.nextInt(workers.length)], new Work(s, true));
            } else if (pick < 60) {
                spawnTellStop(s);
            } else if (pick < 80) {
                tellGrain(random.nextInt(GRAIN_IDS), new Work(s, false));
            } else if (pick < 85) {
                askGrain(random.nextInt(GRAIN_IDS), new Work(s, true));
            } else if (pick < 95) {
                books.remoteTells.increment();
                tell(remote[random.nextInt(remote.length)], new Work(s, false));
            } else {
                books.remoteAsks.increment();
                ask(remote[random.nextInt(remote.length)], new Work(s, true));
            }
        }

        private void tell(ActorRef to, Work w) {
            try {
                to.tell(w);
                books.accepted.increment();
            } catch (RuntimeException refused) {
                books.refused.increment();
            }
        }

        private void ask(ActorRef to, Work w) {
            try {
                books.asksIssued.increment();
                books.accepted.increment();
                long t0 = System.nanoTime();
                to.ask(w, ASK_TIMEOUT).whenComplete((r, e) -> books.askDone(t0, e));
            } catch (RuntimeException refused) {
                books.accepted.decrement();
                books.asksIssued.decrement();
                books.refused.increment();
            }
        }

        private void spawnTellStop(long s) {
            ActorRef child = system.spawn("short-" + spawned++, () -> new Worker(books), SpawnOptions.defaults());
            books.spawned.increment();
            tell(child, new Work(s, false));
            system.stop(child).whenComplete((ok, error) -> books.stopped.increment());
        }

        private void tellGrain(int id, Work w) {
            try {
                grains.ref(GRAIN_KIND, "g" + id).tell(w);
                books.accepted.increment();
            } catch (RuntimeException refused) {
                books.refused.increment();
            }
        }

        private void askGrain(int id, Work w) {
            try {
                books.asksIssued.increment();
                books.accepted.increment();
                long t0 = System.nanoTime();
                grains.ref(GRAIN_KIND, "g" + id).ask(w, ASK_TIMEOUT).whenComplete((r, e) -> books.askDone(t0, e));
            } catch (RuntimeException refused) {
                books.accepted.decrement();
                books.asksIssued.decrement();
                books.refused.increment();
            }
        }
    }

    /** The counters every thread of the run adds to; {@link #snapshot} reads them one after the other. */
    static final class Books {
        final LongAdder accepted = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder handled = new LongAdder();
        final LongAdder asksIssued = new LongAdder();
        final LongAdder asksReplied = new LongAdder();
        final LongAdder asksFailed = new LongAdder();
        final LongAdder spawned = new LongAdder();
        final LongAdder stopped = new LongAdder();
        final LongAdder activations = new LongAdder();
        final LongAdder deactivations = new LongAdder();
        final LongAdder remoteTells = new LongAdder();
        final LongAdder remoteAsks = new LongAdder();
        final AtomicLong otherDeadLetters = new AtomicLong();
        /** Ask round trips in microseconds, replied or failed. */
        private final Recorder askLatency = new Recorder(3);
        private final Histogram askLatencyTotal = new Histogram(3);

        /** The ask latencies recorded since the previous call, added to the run's total too; driver thread only. */
        Histogram askLatencyInterval() {
            Histogram h = askLatency.getIntervalHistogram();
            askLatencyTotal.add(h);
            return h;
        }

        /** Every ask latency handed out by {@link #askLatencyInterval}. */
        Histogram askLatencyTotal() {
            return askLatencyTotal;
        }
        private final Map<DeadLetter.Reason, LongAdder> deadLetters = new EnumMap<>(DeadLetter.Reason.class);

        Books() {
            for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
                deadLetters.put(r, new LongAdder());
            }
        }

        void deadLetter(DeadLetter d) {
            if (d.message() instanceof Work w && w.seq() >= 0) {
                deadLetters.get(d.reason()).increment();
            } else {
                otherDeadLetters.incrementAndGet();
            }
        }

        void askDone(long startNanos, Throwable error) {
            askLatency.recordValue(Math.max(0, System.nanoTime() - startNanos) / 1000);
            if (error == null) {
                asksReplied.increment();
            } else {
                asksFailed.increment();
            }
        }

        long deadLettered() {
            return deadLetters.values().stream().mapToLong(LongAdder::sum).sum();
        }

        long open() {
            return asksIssued.sum() - asksReplied.sum() - asksFailed.sum();
        }

        long lost() {
            return accepted.sum() - handled.sum() - deadLettered();
        }

        Snapshot snapshot() {
            Map<DeadLetter.Reason, Long> byReason = new EnumMap<>(DeadLetter.Reason.class);
            deadLetters.forEach((r, n) -> {
                if (n.sum() > 0) {
                    byReason.put(r, n.sum());
                }
            });
            return new Snapshot(accepted.sum(), refused.sum(), handled.sum(), deadLettered(), byReason,
                    otherDeadLetters.get(), asksIssued.sum(), asksReplied.sum(), asksFailed.sum(), open(),
                    spawned.sum(), stopped.sum(), activations.sum(), deactivations.sum(), remoteTells.sum(),
                    remoteAsks.sum());
        }

        /** The counters at one moment (read one after the other). */
        record Snapshot(long accepted, long refused, long handled, long deadLettered,
                        Map<DeadLetter.Reason, Long> deadLetters, long otherDeadLetters, long asksIssued,
                        long asksReplied, long asksFailed, long asksOpen, long spawned, long stopped,
                        long activations, long deactivations, long remoteTells, long remoteAsks) {

            /** Accepted work neither handled nor dead-lettered. */
            long lost() {
                return accepted - handled - deadLettered;
            }
        }
    }

    /** One report line's figures; rates per second over the interval since the previous sample. */
    record Sample(long atMillis, double acceptedPerSecond, double handledPerSecond, long oldGenBytes, int threads,
                  long fds, long pendingAsks, long askP99Micros, long askMaxMicros,
                  Map<DeadLetter.Reason, Long> deadLetters) {

        String line() {
            return String.format(Locale.ROOT,
                    "t=%ds accepted/s=%.0f handled/s=%.0f old-gen-after-gc=%.1fMiB threads=%d fds=%d "
                            + "pending-asks=%d ask-p99=%dus ask-max=%dus dead-letters=%s",
                    atMillis / 1000, acceptedPerSecond, handledPerSecond, oldGenBytes / 1048576.0, threads, fds,
                    pendingAsks, askP99Micros, askMaxMicros, deadLetters);
        }
    }

    /** The outcome of a run, with the checks it passed or failed. */
    public record Result(Books.Snapshot books, List<Sample> samples, long askP50Micros, long askP99Micros,
                         long askMaxMicros, boolean balanced, long drainMillis,
                         long leakedAsks, long leakedTimers, long leakedConnections, int threadsBefore,
                         int threadsAfter, long fdsBefore, long fdsAfter, Duration duration) {

        /** Old-generation growth from the second quarter's mean to the last quarter's, or NaN without samples. */
        public double oldGenGrowth() {
            long d = duration.toMillis();
            double q2 = mean(d / 4, d / 2);
            double q4 = mean(d * 3 / 4, d + 1);
            return Double.isNaN(q2) || Double.isNaN(q4) || q2 <= 0 ? Double.NaN : (q4 - q2) / q2;
        }

        private double mean(long fromMillis, long toMillis) {
            return samples.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() < toMillis)
                    .mapToLong(Sample::oldGenBytes).average().orElse(Double.NaN);
        }

        /** Accepted messages neither handled nor dead-lettered. */
        public long lost() {
            return books.lost();
        }

        /** The checks that failed; empty when the run passed. */
        public List<String> failures() {
            List<String> failed = new ArrayList<>();
            if (lost() != 0) {
                failed.add("lost=" + lost());
            }
            if (leakedAsks != 0) {
                failed.add("leaked-asks=" + leakedAsks);
            }
            if (leakedTimers != 0) {
                failed.add("leaked-timers=" + leakedTimers);
            }
            if (leakedConnections != 0) {
                failed.add("leaked-connections=" + leakedConnections);
            }
            double growth = oldGenGrowth();
            if (!Double.isNaN(growth) && growth >= MAX_OLD_GEN_GROWTH) {
                failed.add(String.format(Locale.ROOT, "old-gen-growth=%.1f%%", growth * 100));
            }
            if (samples.stream().anyMatch(s -> s.handledPerSecond() == 0)) {
                failed.add("stalled: an interval handled nothing");
            }
            return failed;
        }

        /** Whether every check passed. */
        public boolean passed() {
            return failures().isEmpty();
        }

        void print(PrintStream out) {
            Books.Snapshot b = books;
            double growth = oldGenGrowth();
            double seconds = duration.toMillis() / 1000.0;
            out.printf(Locale.ROOT, "# summary: %.0f s, accepted=%d (%.0f/s) refused=%d handled=%d dead-lettered=%d "
                            + "%s other-dead-letters=%d lost=%d (balanced after %d ms: %s)%n",
                    seconds, b.accepted(), b.accepted() / seconds, b.refused(), b.handled(), b.deadLettered(),
                    b.deadLetters(), b.otherDeadLetters(), lost(), drainMillis, balanced);
            out.printf(Locale.ROOT, "# asks: issued=%d replied=%d failed=%d leaked=%d p50=%dus p99=%dus max=%dus; "
                            + "spawned=%d stopped=%d; "
                            + "grain activations=%d deactivations=%d; remote tells=%d asks=%d%n",
                    b.asksIssued(), b.asksReplied(), b.asksFailed(), leakedAsks, askP50Micros, askP99Micros,
                    askMaxMicros, b.spawned(), b.stopped(),
                    b.activations(), b.deactivations(), b.remoteTells(), b.remoteAsks());
            out.printf(Locale.ROOT, "# leaked timers=%d connections=%d; threads %d -> %d; fds %d -> %d; "
                            + "old-gen growth q2->q4=%s; min handled/s=%.0f%n",
                    leakedTimers, leakedConnections, threadsBefore, threadsAfter, fdsBefore, fdsAfter,
                    Double.isNaN(growth) ? "n/a (run too short)" : String.format(Locale.ROOT, "%.1f%%", growth * 100),
                    samples.stream().mapToDouble(Sample::handledPerSecond).min().orElse(0));
            out.println(passed() ? "# result: PASS" : "# result: FAIL " + failures());
            out.flush();
        }
    }

    /** The run's settings. */
    public record Options(Duration duration, int rate, Duration reportEvery, boolean coTenant, Spinning spinning) {

        /** Ten minutes at 20,000 operations a second, a sample every 10 s, no co-tenant, adaptive spinning. */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), 20_000, Duration.ofSeconds(10), false, Spinning.ADAPTIVE);
        }

        /** Reads the arguments the class comment lists over {@link #defaults()}. */
        public static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--duration" -> o = new Options(duration(args[++i]), o.rate, o.reportEvery, o.coTenant,
                            o.spinning);
                    case "--rate" -> o = new Options(o.duration, Integer.parseInt(args[++i]), o.reportEvery,
                            o.coTenant, o.spinning);
                    case "--report-every" -> o = new Options(o.duration, o.rate, duration(args[++i]), o.coTenant,
                            o.spinning);
                    case "--co-tenant" -> o = new Options(o.duration, o.rate, o.reportEvery, true, o.spinning);
                    case "--spinning" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant,
                            Spinning.valueOf(args[++i].toUpperCase(Locale.ROOT)));
                    case "" -> {
                        // an empty argument from an unset property in the build's command line
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (o.rate < 1) {
                throw new IllegalArgumentException("--rate must be >= 1, was " + o.rate);
            }
            return o;
        }

        /** {@code 90s}, {@code 2m}, {@code 1h} or an ISO-8601 duration. */
        static Duration duration(String text) {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (t.startsWith("p")) {
                return Duration.parse(text);
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("a duration like 90s, 2m or 1h, was " + text);
            };
        }

        @Override
        public String toString() {
            return "duration " + duration + ", rate " + rate + " ops/s, report every " + reportEvery + ", spinning "
                    + spinning.name().toLowerCase(Locale.ROOT);
        }
    }
}
