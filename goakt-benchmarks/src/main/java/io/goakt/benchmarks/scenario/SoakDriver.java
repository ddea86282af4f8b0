package io.goakt.benchmarks.scenario;

import com.sun.management.UnixOperatingSystemMXBean;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.EventStream;
import io.goakt.actor.SpawnOptions;
import io.goakt.benchmarks.scenario.SoakWorkload.Counted;
import io.goakt.benchmarks.scenario.SoakWorkload.Done;
import io.goakt.benchmarks.scenario.SoakWorkload.Work;
import io.goakt.benchmarks.scenario.SoakWorkload.Worker;
import io.goakt.benchmarks.scenario.SoakWorkload.Workload;
import io.goakt.dispatch.Scheduler;
import io.goakt.dispatch.Spinning;
import io.goakt.dispatch.WheelScheduler;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A soak run: a mixed workload at 80% of its measured peak (or a fixed rate) for a long time, with the resources that
 * leak when something is wrong sampled on both of its JVMs as it runs and the books balanced at the end.
 *
 * <h2>Workload</h2>
 * Two actor systems in two JVMs: {@code soak-a} in this one and {@code soak-b} in a {@link SoakPeer} process this
 * driver starts (and kills if it exits any other way), each with remoting on an ephemeral loopback port. One driver
 * thread issues {@code rate} operations a second, paced against the clock; each operation is, by share: a tell to one
 * of {@value #WORKERS} local workers (40%), an ask to one (15%), a spawn of a fresh actor, one tell to it and its stop
 * straight after (5%), a tell to one of {@value #GRAIN_IDS} grains (20%) and an ask to one (5%), which passivate after
 * {@value #GRAIN_IDLE_MILLIS} ms idle or {@value #GRAIN_MAX_MESSAGES} messages and so activate and passivate all the
 * time, and a tell (10%) or an ask (5%) over TCP to a worker on {@code soak-b}.
 *
 * <h2>Rate</h2>
 * With {@code --rate auto} (the default) the driver first measures the peak of the same mix: after one step's time at
 * the start rate to warm up (not judged), it runs at most ten steps of a tenth of {@code --peak-for} (default 20 s)
 * each, from {@code --peak-start} (default 10,000 a second), doubling the rate until a step is not sustained and then
 * halving the interval between the highest rate sustained and the lowest not sustained, until they are within 5%. A
 * step is not sustained when the driver issued less than 95% of its rate or the backlog (accepted work neither
 * handled nor dead-lettered, on both JVMs) grew by more than a tenth of a second of its rate; after such a step the
 * backlog drains and the step is repeated once, and only a second failure at that rate counts. The peak is the
 * highest handled rate (handled and dead-lettered work a second) of a step whose backlog held ({@link PeakStep#peak});
 * the run then runs at 80% of it.
 *
 * <h2>Accounting</h2>
 * Every message the workload sends is a {@link Work}. A tell or ask that returned without throwing was accepted; every
 * accepted {@code Work} must end up handled by a worker or grain, or published as a {@link DeadLetter} with a reason
 * on either system (a tell racing its actor's stop is a legitimate {@code ACTOR_STOPPED} dead letter); {@code soak-b}
 * reports its handled count and dead letters by reason when asked ({@link SoakPeer.Report}). After the workload ends
 * the driver waits for the books to balance: {@code lost = accepted - handled - deadLettered} must be 0. Every ask
 * must complete (replied or failed); {@code leaked asks} are those still open, plus remoting's pending replies on both
 * JVMs. {@code leaked timers} is both systems' timer wheels' pending count once every grain has passivated, above the
 * count before the workload started; {@code leaked connections} the same for remoting's open connections.
 *
 * <h2>Samples</h2>
 * Every report interval the driver asks both JVMs for a full collection ({@code System.gc()}) and reads the old
 * generation's occupancy after it ({@link MemoryPoolMXBean#getCollectionUsage()}), so the figure is the live set, not
 * the garbage promoted since the last old collection; it prints that with the interval's throughput, each JVM's live
 * threads and open file descriptors, pending asks, the interval's ask round-trip p99 and maximum (a stall shows there
 * first), and dead letters by reason. Each JVM's old generation may grow less than 5% from the mean of the second
 * quarter's samples to the mean of the last quarter's; a run too short to have samples in both quarters does not judge
 * growth.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.goakt.benchmarks.scenario.SoakDriver [--duration 10m]
 * [--rate auto|N] [--peak-for 20s] [--peak-start 10000] [--report-every 10s] [--co-tenant]
 * [--spinning adaptive|reduced|off] [--cpus 0] [--ask-timeout 10s]}. {@code --co-tenant} runs a {@link CpuHog}
 * beside the run (one spinning thread per processor the hog's JVM sees); {@code --spinning} sets both systems'
 * dispatcher spinning; {@code --cpus LIST} pins this JVM (every thread, with {@code taskset -a -p}) and starts
 * {@code soak-b} and the co-tenant under {@code taskset -c LIST} when {@code taskset} exists, and says so either way;
 * {@code --ask-timeout} sets the workload's ask timeout. {@code soak-b} gets this JVM's {@code -XX:} and heap options.
 * Exits with status 1 when a check fails.
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
    /** The peak measurement stops when the rates sustained and not sustained are this close (a fraction). */
    static final double PEAK_PRECISION = 0.05;
    /** Steps of the peak measurement. */
    static final int PEAK_STEPS = 10;
    /** The share of the measured peak the run uses. */
    static final double PEAK_SHARE = 0.8;
    static final String GRAIN_KIND = "soak";
    private static final Duration WARM_UP_ASK_TIMEOUT = Duration.ofSeconds(10);
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
     * Pins this JVM to {@link Options#cpus()} when asked, prints a header naming the settings, the JVM and the
     * processors it sees, then runs the soak with {@code options}, beside a {@link CpuHog} in a JVM of its own when
     * {@link Options#coTenant()} says so.
     */
    public static Result runWithCoTenant(Options options, PrintStream out) throws Exception {
        List<String> launcher = pin(options.cpus(), out);
        CoTenant busy = options.coTenant() ? CoTenant.start(launcher) : null;
        try {
            out.printf(Locale.ROOT, "# soak: %s, %s %s, availableProcessors %d, co-tenant %d busy threads%s%n",
                    options, System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                    Runtime.getRuntime().availableProcessors(), busy == null ? 0 : busy.threads(),
                    launcher.isEmpty() || busy == null ? "" : " (under " + String.join(" ", launcher) + ")");
            return run(options, launcher, out);
        } finally {
            if (busy != null) {
                busy.close();
            }
        }
    }

    /**
     * With {@code cpus} set and {@code taskset} present, pins every thread of this JVM to {@code cpus} and returns the
     * launcher prefix that starts the other JVMs there too; otherwise an empty prefix. Prints what it did.
     */
    static List<String> pin(String cpus, PrintStream out) throws IOException, InterruptedException {
        if (cpus == null) {
            return List.of();
        }
        if (!SoakPeer.tasksetAvailable()) {
            out.println("# taskset: not found on PATH, nothing pinned (--cpus " + cpus + " ignored)");
            return List.of();
        }
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, Long.toString(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IOException("taskset -a -p -c " + cpus + " failed: " + said);
        }
        out.println("# taskset: this JVM (every thread) pinned to CPUs " + cpus + "; soak-b and any co-tenant start "
                + "under taskset -c " + cpus);
        return List.of("taskset", "-c", cpus);
    }

    /** Runs the soak with {@code options} and no launcher prefix, printing samples and the summary to {@code out}. */
    public static Result run(Options options, PrintStream out) throws Exception {
        return run(options, List.of(), out);
    }

    static Result run(Options options, List<String> launcher, PrintStream out) throws Exception {
        SoakBooks books = new SoakBooks();
        ActorSystemConfig config = ActorSystemConfig.builder().spinning(options.spinning()).build();
        ActorSystem a = ActorSystem.create("soak-a", config);
        try (SoakPeer.Handle peer = SoakPeer.Handle.start(options.spinning(), launcher)) {
            out.println("# soak-b: pid " + peer.pid() + ", port " + peer.port() + ": " + peer.commandLine());
            EventStream.Subscription deadA = a.eventStream().subscribe(DeadLetter.class, books::deadLetter);
            Remoting remoteA = Remoting.start(a, remotingConfig());
            ActorRef[] workers = new ActorRef[WORKERS];
            for (int i = 0; i < WORKERS; i++) {
                workers[i] = a.spawn("worker-" + i, () -> new Worker(books), SpawnOptions.defaults());
            }
            ActorRef[] remote = new ActorRef[SoakPeer.WORKERS];
            Endpoint endpointB = new Endpoint("127.0.0.1", peer.port());
            for (int i = 0; i < SoakPeer.WORKERS; i++) {
                remote[i] = remoteA.actorRef(endpointB, "soak-b", "remote-" + i);
            }
            GrainRegistry grains = Grains.of(a);
            grains.register(GRAIN_KIND, () -> new Counted(books), GrainOptions.builder()
                    .idleTimeout(Duration.ofMillis(GRAIN_IDLE_MILLIS)).maxMessages(GRAIN_MAX_MESSAGES).build());
            // Connect and warm every path once, so the baselines below include the connection and its timers.
            for (ActorRef r : remote) {
                r.ask(new Work(-1, true), WARM_UP_ASK_TIMEOUT).toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            grains.ref(GRAIN_KIND, "warm").ask(new Work(-1, true), WARM_UP_ASK_TIMEOUT).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            awaitTrue(() -> grains.activeGrains().isEmpty(), 30_000);
            SoakPeer.Report peerBefore = peer.report(false);
            long timersBefore = pendingTimers(a) + peerBefore.timers();
            int connectionsBefore = remoteA.stats().openConnections() + peerBefore.connections();
            int threadsBefore = threads().getThreadCount();
            long fdsBefore = openFds();

            Workload workload = new Workload(a, workers, remote, grains, books, options.askTimeout());
            double peak = Double.NaN;
            int rate = options.rate();
            if (options.autoRate()) {
                peak = measurePeak(options, workload, books, peer, out);
                rate = Math.max(1, (int) Math.round(peak * PEAK_SHARE));
                boolean drained = awaitTrue(() -> balanced(books, peer),
                        DRAIN_MILLIS);
                out.printf(Locale.ROOT, "# peak: %.0f handled/s; running at %.0f%% of it: %d ops/s "
                        + "(backlog drained: %s)%n", peak, PEAK_SHARE * 100, rate, drained);
                out.flush();
            }
            long peakAccepted = books.accepted.sum();
            List<Sample> samples = drive(options.duration(), rate, options.reportEvery(), workload, books, remoteA,
                    peer, out);

            long drainStart = System.nanoTime();
            boolean balanced = awaitTrue(() -> balanced(books, peer), DRAIN_MILLIS);
            long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - drainStart);
            awaitTrue(() -> grains.activeGrains().isEmpty(), 30_000);
            LongSupplier timers = () -> pendingTimers(a) + refresh(books, peer).timers();
            awaitTrue(() -> timers.getAsLong() <= timersBefore, 10_000);
            long leakedTimers = Math.max(0, timers.getAsLong() - timersBefore);
            SoakPeer.Report peerAfter = refresh(books, peer);
            long leakedAsks = books.open() + remoteA.pendingReplies() + peerAfter.pendingReplies();
            int connectionsAfter = remoteA.stats().openConnections() + peerAfter.connections();
            long leakedConnections = Math.max(0, connectionsAfter - connectionsBefore);
            deadA.close();
            books.askLatencyInterval(); // folds the asks completed since the last sample into the total
            Histogram asks = books.askLatencyTotal();
            Result result = new Result(books.snapshot(), samples, asks.getValueAtPercentile(50),
                    asks.getValueAtPercentile(99), asks.getMaxValue(), balanced, drainMillis, leakedAsks, leakedTimers,
                    leakedConnections, threadsBefore, threads().getThreadCount(), fdsBefore, openFds(),
                    options.duration(), peak, rate, peakAccepted, peerBefore, peerAfter);
            result.print(out);
            return result;
        } finally {
            a.shutdown(Duration.ofSeconds(30));
        }
    }

    /** Refreshes the peer's counts, then whether every ask completed and nothing accepted is unaccounted for. */
    private static boolean balanced(SoakBooks books, SoakPeer.Handle peer) {
        refresh(books, peer);
        return books.open() == 0 && books.lost() == 0;
    }

    /** Asks the peer for its counts, records them in {@code books} and returns them. */
    private static SoakPeer.Report refresh(SoakBooks books, SoakPeer.Handle peer) {
        try {
            SoakPeer.Report r = peer.report(false);
            books.peer = r;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ramps the rate as the class comment says and returns the peak: the highest handled rate (handled and
     * dead-lettered work a second) of a step whose backlog held.
     */
    private static double measurePeak(Options options, Workload workload, SoakBooks books, SoakPeer.Handle peer,
                                      PrintStream out) throws InterruptedException {
        long stepNanos = options.peakFor().toNanos() / PEAK_STEPS;
        double rate = options.peakStart();
        List<PeakStep> steps = new ArrayList<>();
        out.printf(Locale.ROOT, "# peak: warming up for %d ms at %d ops/s, then at most %d steps of %d ms, doubling "
                        + "the rate until a step is not sustained twice, then halving the interval%n",
                TimeUnit.NANOSECONDS.toMillis(stepNanos), options.peakStart(), PEAK_STEPS,
                TimeUnit.NANOSECONDS.toMillis(stepNanos));
        long warmUp = System.nanoTime();
        pace(workload, rate, warmUp, warmUp + stepNanos, null);
        double held = 0;
        double failed = Double.POSITIVE_INFINITY;
        boolean repeating = false;
        for (int i = 0; i < PEAK_STEPS && failed - held > held * PEAK_PRECISION; i++) {
            refresh(books, peer);
            SoakBooks.Snapshot before = books.snapshot();
            long start = System.nanoTime();
            pace(workload, rate, start, start + stepNanos, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            refresh(books, peer);
            SoakBooks.Snapshot after = books.snapshot();
            PeakStep step = new PeakStep(rate, (after.accepted() - before.accepted()) / seconds,
                    (after.handled() + after.deadLettered() - before.handled() - before.deadLettered()) / seconds,
                    before.lost(), after.lost());
            steps.add(step);
            out.println(step.line());
            out.flush();
            if (step.sustained()) {
                held = rate;
                repeating = false;
            } else {
                // The next step starts from an empty backlog, so its handled rate is not the old backlog draining.
                awaitTrue(() -> balanced(books, peer), DRAIN_MILLIS);
                if (!repeating) {
                    // A stall of this shared machine, a collection or the compiler must not cap the ramp for good.
                    repeating = true;
                    continue;
                }
                failed = rate;
                repeating = false;
            }
            rate = Double.isInfinite(failed) ? rate * 2 : (held + failed) / 2;
        }
        double peak = PeakStep.peak(steps);
        if (Double.isInfinite(failed)) {
            out.printf(Locale.ROOT, "# peak: every step was sustained, so %.0f/s is a lower bound%n", peak);
        }
        return peak;
    }

    /**
     * Issues operations at {@code rate} a second from {@code start} until {@code end}, calling {@code tick} about
     * every millisecond; a stalled driver catches up by at most a second of operations rather than bursting its whole
     * backlog.
     */
    private static void pace(Workload workload, double rate, long start, long end, Runnable tick)
            throws InterruptedException {
        long issued = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            long due = (long) ((now - start) / 1e9 * rate);
            if (due - issued > rate) {
                issued = due - (long) rate;
            }
            while (issued < due) {
                workload.next();
                issued++;
            }
            if (tick != null) {
                tick.run();
            }
            TimeUnit.MILLISECONDS.sleep(1);
        }
    }

    private static List<Sample> drive(Duration duration, int rate, Duration reportEvery, Workload workload,
                                      SoakBooks books, Remoting remoteA, SoakPeer.Handle peer, PrintStream out)
            throws InterruptedException {
        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long reportNanos = reportEvery.toNanos();
        long[] nextReport = {start + reportNanos};
        SoakBooks.Snapshot first = books.snapshot();
        long[] last = {start, first.handled(), first.accepted()}; // time, handled, accepted at the previous sample
        pace(workload, rate, start, start + duration.toNanos(), () -> {
            long now = System.nanoTime();
            if (now < nextReport[0]) {
                return;
            }
            SoakPeer.Report p;
            try {
                p = peer.report(true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            books.peer = p;
            SoakBooks.Snapshot s = books.snapshot();
            double seconds = (now - last[0]) / 1e9;
            Histogram asks = books.askLatencyInterval();
            Sample sample = new Sample(TimeUnit.NANOSECONDS.toMillis(now - start),
                    (s.accepted() - last[2]) / seconds, (s.handled() - last[1]) / seconds,
                    oldGenAfterGc(), threads().getThreadCount(), openFds(),
                    s.asksOpen() + remoteA.pendingReplies() + p.pendingReplies(), asks.getValueAtPercentile(99),
                    asks.getMaxValue(), s.deadLetters(), p.oldGenBytes(), p.threads(), p.fds());
            samples.add(sample);
            out.println(sample.line());
            out.flush();
            last[0] = now;
            last[1] = s.handled();
            last[2] = s.accepted();
            nextReport[0] += reportNanos;
        });
        return samples;
    }

    /**
     * One step of the peak measurement: the rate asked for, what was issued and handled (or dead-lettered) a second,
     * and the backlog at its start and end.
     */
    record PeakStep(double targetRate, double issuedPerSecond, double handledPerSecond, long backlogBefore,
                    long backlogAfter) {

        /** The backlog grew by at most a tenth of a second of the rate: the system handled what it was given. */
        boolean backlogHeld() {
            return backlogAfter - backlogBefore <= targetRate / 10;
        }

        /** The driver kept up with the rate and the backlog held: the ramp may go on. */
        boolean sustained() {
            return issuedPerSecond >= 0.95 * targetRate && backlogHeld();
        }

        String line() {
            String verdict = sustained() ? "sustained"
                    : backlogHeld() ? "not sustained (the driver fell behind, the backlog held)"
                    : "not sustained (the backlog grew)";
            return String.format(Locale.ROOT,
                    "# peak step: target=%.0f/s issued=%.0f/s handled=%.0f/s backlog %d -> %d: %s",
                    targetRate, issuedPerSecond, handledPerSecond, backlogBefore, backlogAfter, verdict);
        }

        /**
         * The highest handled rate of a step whose backlog held (a step where only the driver fell behind counts: the
         * work was handled as fast as it came); the first step's handled rate when no step held its backlog.
         */
        static double peak(List<PeakStep> steps) {
            return steps.stream().filter(PeakStep::backlogHeld).mapToDouble(PeakStep::handledPerSecond).max()
                    .orElse(steps.get(0).handledPerSecond());
        }
    }

    static RemotingConfig remotingConfig() {
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

    static long pendingTimers(ActorSystem system) {
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

    /**
     * One report line's figures; rates per second over the interval since the previous sample. The {@code peer}
     * fields are {@code soak-b}'s.
     */
    record Sample(long atMillis, double acceptedPerSecond, double handledPerSecond, long oldGenBytes, int threads,
                  long fds, long pendingAsks, long askP99Micros, long askMaxMicros,
                  Map<DeadLetter.Reason, Long> deadLetters, long peerOldGenBytes, int peerThreads, long peerFds) {

        String line() {
            return String.format(Locale.ROOT,
                    "t=%ds accepted/s=%.0f handled/s=%.0f old-gen-after-gc=%.1fMiB threads=%d fds=%d "
                            + "soak-b: old-gen-after-gc=%.1fMiB threads=%d fds=%d; "
                            + "pending-asks=%d ask-p99=%dus ask-max=%dus dead-letters=%s",
                    atMillis / 1000, acceptedPerSecond, handledPerSecond, oldGenBytes / 1048576.0, threads, fds,
                    peerOldGenBytes / 1048576.0, peerThreads, peerFds, pendingAsks, askP99Micros, askMaxMicros,
                    deadLetters);
        }
    }

    /**
     * The outcome of a run, with the checks it passed or failed.
     *
     * @param peak       the measured peak in handled operations a second, NaN with a fixed rate
     * @param rate       the rate the run used, operations a second
     * @param peakAccepted the work accepted before the run itself, in the peak measurement (counted in the books)
     * @param peerBefore {@code soak-b}'s report before the workload
     * @param peerAfter  {@code soak-b}'s report after the books balanced (or the drain gave up)
     */
    public record Result(SoakBooks.Snapshot books, List<Sample> samples, long askP50Micros, long askP99Micros,
                         long askMaxMicros, boolean balanced, long drainMillis,
                         long leakedAsks, long leakedTimers, long leakedConnections, int threadsBefore,
                         int threadsAfter, long fdsBefore, long fdsAfter, Duration duration, double peak, int rate,
                         long peakAccepted, SoakPeer.Report peerBefore, SoakPeer.Report peerAfter) {

        /** This JVM's old-generation growth from the second quarter's mean to the last quarter's, or NaN. */
        public double oldGenGrowth() {
            return growth(Sample::oldGenBytes);
        }

        /** The same for {@code soak-b}. */
        public double peerOldGenGrowth() {
            return growth(Sample::peerOldGenBytes);
        }

        private double growth(java.util.function.ToLongFunction<Sample> bytes) {
            long d = duration.toMillis();
            double q2 = mean(bytes, d / 4, d / 2);
            double q4 = mean(bytes, d * 3 / 4, d + 1);
            return Double.isNaN(q2) || Double.isNaN(q4) || q2 <= 0 ? Double.NaN : (q4 - q2) / q2;
        }

        private double mean(java.util.function.ToLongFunction<Sample> bytes, long fromMillis, long toMillis) {
            return samples.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() < toMillis)
                    .mapToLong(bytes).average().orElse(Double.NaN);
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
            double peerGrowth = peerOldGenGrowth();
            if (!Double.isNaN(peerGrowth) && peerGrowth >= MAX_OLD_GEN_GROWTH) {
                failed.add(String.format(Locale.ROOT, "soak-b-old-gen-growth=%.1f%%", peerGrowth * 100));
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
            SoakBooks.Snapshot b = books;
            double seconds = duration.toMillis() / 1000.0;
            out.printf(Locale.ROOT, "# summary: %.0f s at %d ops/s%s, accepted=%d (%d in the peak measurement, "
                            + "%.0f/s in the run) refused=%d handled=%d "
                            + "(soak-b %d) dead-lettered=%d %s other-dead-letters=%d lost=%d "
                            + "(balanced after %d ms: %s)%n",
                    seconds, rate, Double.isNaN(peak) ? "" : String.format(Locale.ROOT, " (80%% of a %.0f/s peak)",
                            peak), b.accepted(), peakAccepted, (b.accepted() - peakAccepted) / seconds, b.refused(),
                    b.handled(), b.peerHandled(),
                    b.deadLettered(), b.deadLetters(), b.otherDeadLetters(), lost(), drainMillis, balanced);
            out.printf(Locale.ROOT, "# asks: issued=%d replied=%d failed=%d leaked=%d p50=%dus p99=%dus max=%dus; "
                            + "spawned=%d stopped=%d; "
                            + "grain activations=%d deactivations=%d; remote tells=%d asks=%d%n",
                    b.asksIssued(), b.asksReplied(), b.asksFailed(), leakedAsks, askP50Micros, askP99Micros,
                    askMaxMicros, b.spawned(), b.stopped(),
                    b.activations(), b.deactivations(), b.remoteTells(), b.remoteAsks());
            out.printf(Locale.ROOT, "# leaked timers=%d connections=%d (both JVMs); soak-a threads %d -> %d, "
                            + "fds %d -> %d, old-gen growth q2->q4=%s; soak-b threads %d -> %d, fds %d -> %d, "
                            + "pending replies %d, old-gen growth q2->q4=%s; min handled/s=%.0f%n",
                    leakedTimers, leakedConnections, threadsBefore, threadsAfter, fdsBefore, fdsAfter,
                    percent(oldGenGrowth()), peerBefore.threads(), peerAfter.threads(), peerBefore.fds(),
                    peerAfter.fds(), peerAfter.pendingReplies(), percent(peerOldGenGrowth()),
                    samples.stream().mapToDouble(Sample::handledPerSecond).min().orElse(0));
            out.println(passed() ? "# result: PASS" : "# result: FAIL " + failures());
            out.flush();
        }

        private static String percent(double growth) {
            return Double.isNaN(growth) ? "n/a (run too short)" : String.format(Locale.ROOT, "%.1f%%", growth * 100);
        }
    }

    /**
     * The run's settings.
     *
     * @param rate       operations a second, or {@link #AUTO_RATE} to run at 80% of a measured peak
     * @param peakFor    how long the peak measurement may ramp
     * @param peakStart  the rate its first step issues
     * @param cpus       a {@code taskset} CPU list to pin both JVMs to, or null
     * @param askTimeout the workload's ask timeout; its timers stay pending that long after the last ask, so the
     *                   leaked-timer check waits up to that long
     */
    public record Options(Duration duration, int rate, Duration reportEvery, boolean coTenant, Spinning spinning,
                          Duration peakFor, int peakStart, String cpus, Duration askTimeout) {

        /** The {@link #rate} that asks for a peak measurement first. */
        public static final int AUTO_RATE = 0;

        /**
         * Ten minutes at 80% of the peak measured over up to 20 s from 10,000 a second, a sample every 10 s, no
         * co-tenant, adaptive spinning, not pinned.
         */
        public static Options defaults() {
            return new Options(Duration.ofMinutes(10), AUTO_RATE, Duration.ofSeconds(10), false, Spinning.ADAPTIVE,
                    Duration.ofSeconds(20), 10_000, null, Duration.ofSeconds(10));
        }

        /** Whether the run measures its peak first. */
        public boolean autoRate() {
            return rate == AUTO_RATE;
        }

        /** Reads the arguments the class comment lists over {@link #defaults()}. */
        public static Options parse(String... args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--duration" -> o = new Options(duration(args[++i]), o.rate, o.reportEvery, o.coTenant,
                            o.spinning, o.peakFor, o.peakStart, o.cpus, o.askTimeout);
                    case "--rate" -> {
                        String r = args[++i];
                        int rate = r.equalsIgnoreCase("auto") ? AUTO_RATE : Integer.parseInt(r);
                        if (rate < 1 && !r.equalsIgnoreCase("auto")) {
                            throw new IllegalArgumentException("--rate must be auto or >= 1, was " + r);
                        }
                        o = new Options(o.duration, rate, o.reportEvery, o.coTenant, o.spinning, o.peakFor,
                                o.peakStart, o.cpus, o.askTimeout);
                    }
                    case "--report-every" -> o = new Options(o.duration, o.rate, duration(args[++i]), o.coTenant,
                            o.spinning, o.peakFor, o.peakStart, o.cpus, o.askTimeout);
                    case "--co-tenant" -> o = new Options(o.duration, o.rate, o.reportEvery, true, o.spinning,
                            o.peakFor, o.peakStart, o.cpus, o.askTimeout);
                    case "--spinning" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant,
                            Spinning.valueOf(args[++i].toUpperCase(Locale.ROOT)), o.peakFor, o.peakStart, o.cpus,
                            o.askTimeout);
                    case "--peak-for" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant, o.spinning,
                            duration(args[++i]), o.peakStart, o.cpus, o.askTimeout);
                    case "--peak-start" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant,
                            o.spinning, o.peakFor, Integer.parseInt(args[++i]), o.cpus, o.askTimeout);
                    case "--cpus" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant, o.spinning,
                            o.peakFor, o.peakStart, args[++i], o.askTimeout);
                    case "--ask-timeout" -> o = new Options(o.duration, o.rate, o.reportEvery, o.coTenant,
                            o.spinning, o.peakFor, o.peakStart, o.cpus, duration(args[++i]));
                    case "" -> {
                        // an empty argument from an unset property in the build's command line
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (o.peakStart < 1) {
                throw new IllegalArgumentException("--peak-start must be >= 1, was " + o.peakStart);
            }
            if (o.peakFor.toMillis() < PEAK_STEPS) {
                throw new IllegalArgumentException("--peak-for must be at least " + PEAK_STEPS + " ms, was "
                        + o.peakFor);
            }
            if (o.cpus != null && !o.cpus.matches("[0-9]+([-,][0-9]+)*")) {
                throw new IllegalArgumentException("--cpus takes a CPU list such as 0 or 0-1, was " + o.cpus);
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
            return "duration " + duration + ", rate " + (autoRate() ? "auto (80% of the peak measured over up to "
                    + peakFor + " from " + peakStart + " ops/s)" : rate + " ops/s") + ", report every " + reportEvery
                    + ", spinning " + spinning.name().toLowerCase(Locale.ROOT) + (cpus == null ? "" : ", cpus " + cpus)
                    + ", ask timeout " + askTimeout;
        }
    }
}
