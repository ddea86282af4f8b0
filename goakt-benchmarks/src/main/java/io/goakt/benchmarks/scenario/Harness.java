package io.goakt.benchmarks.scenario;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.goakt.benchmarks.remote.GoaktRemote;
import io.goakt.benchmarks.remote.PekkoRemote;
import io.goakt.benchmarks.remote.RemoteDriver;
import org.HdrHistogram.Histogram;

/**
 * Runs every scenario on goakt and on Pekko classic, side by side, and prints one line per scenario and system.
 *
 * <h2>Method</h2>
 * For each scenario, every contender warms up (its run repeated for two seconds by default), then {@code iterations}
 * measured rounds follow; within a
 * round the contenders take turns (the starting contender rotates), so drift in the machine's load spreads over all
 * of them. A run builds its actors, runs the workload until the last message has been processed, and tears the
 * actors down; only the workload is timed. Pekko runs with its default dispatcher, and with the default dispatcher
 * sized to one thread per core ({@code fork-join-executor.parallelism-max = cores}) at {@code throughput} 5, 50 and
 * 300; the {@code system=pekko} line is the best of these, each of which is also printed as a {@code detail} line.
 * goakt runs with its defaults.
 *
 * <h2>Output</h2>
 * <pre>
 * scenario=&lt;name&gt; system=&lt;goakt|pekko&gt; value=&lt;median&gt; unit=&lt;unit&gt; min=&lt;..&gt; max=&lt;..&gt; config=&lt;..&gt;
 * ratio scenario=&lt;name&gt; goakt/pekko=&lt;..&gt; better=&lt;higher|lower&gt;
 * # &lt;name&gt;: cross-CPU round trip before each iteration (ns): &lt;..&gt;, &lt;..&gt;
 * </pre>
 * The round trip ({@link CrossCpuRoundTrip}) says how the host placed the processors while the scenario ran: a
 * scenario whose messages cross between workers runs at half its speed, on both systems, when it is several times
 * its usual value.
 *
 * <h2>Churn and matchmaker</h2>
 * {@code churn}: one parent runs ten rounds; in each it spawns short-lived children named {@code "w" + counter++}
 * (never reused), each handling one {@link Ball}, replying to its parent and stopping itself. A round ends when the
 * parent has every reply and, through death watch, every child's {@code Terminated} (the same on both systems, so
 * stopping is part of the cost). Every round's rate is its own metric ({@code churn-round-1} ..), and
 * {@code churn-last/first} is the last round's rate over the first's: a table that degrades with history shows as a
 * ratio below one. Like spawn, it runs only Pekko's default and cores/throughput-5 configurations.
 * {@code matchmaker}: a hundred clients and one matchmaker actor, which holds one waiting request and introduces the
 * next requester to it; the pair plays ten round trips and both ask again. Every message counts (requests,
 * introductions, balls); the matchmaker opens the latch on the request that completes the last pairing.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.goakt.benchmarks.scenario.Harness [--quick] [--iterations N]
 * [--only name,name] [--spawn N] [--system goakt|pekko] [--co-tenant] [--warm-up-seconds S]} where names are
 * {@code ping-pong}, {@code fan-in}, {@code many-actors}, {@code ask}, {@code spawn}, {@code churn}, {@code matchmaker}, {@code remote}.
 * The remote scenario starts a peer JVM per system and configuration (see
 * {@code io.goakt.benchmarks.remote.RemoteDriver}) and sends through a window of acknowledged batches.
 * {@code --system} runs one system alone, so that each can be measured in a JVM of its own: the collector's adaptive
 * sizing carries over from one system's run to the next in a shared JVM (see {@code docs/benchmarks.md}). Without
 * both systems no ratio is printed. {@code --co-tenant} runs a {@link CpuHog} in a process of its own for the whole
 * run, one spinning thread per core, so every scenario is measured beside a CPU-bound neighbour. The header names the
 * processors the JVM sees, any {@code -XX:ActiveProcessorCount} it was given, and the co-tenant's threads.
 * {@code --warm-up-seconds S} repeats each contender's warm-up run until S seconds passed (two by default, one run
 * with {@code --quick}), so that the measured iterations see compiled code: a single run leaves goakt's short runs
 * partly in their JIT warm-up (see {@code docs/benchmarks.md}). {@code 0} warms up with one run. The remote scenario
 * keeps one warm-up run.
 */
public final class Harness {

    private static final String GOAKT = "goakt";
    private static final String PEKKO = "pekko";
    /** How long each contender repeats its warm-up run unless {@code --warm-up-seconds} says otherwise. */
    static final int DEFAULT_WARM_UP_SECONDS = 2;

    private final Sizes sizes;
    private final int iterations;
    private final List<String> only;
    private final PrintStream out;
    private final long warmUpNanos;
    private final CrossCpuRoundTrip crossCpu = new CrossCpuRoundTrip();

    /** A harness that prints to {@code out} and warms each contender up with one run of each scenario. */
    public Harness(Sizes sizes, int iterations, List<String> only, PrintStream out) {
        this(sizes, iterations, only, out, 0);
    }

    /**
     * A harness that prints to {@code out} and warms each contender up by repeating each scenario until at least
     * {@code warmUpSeconds} passed (at least once).
     */
    public Harness(Sizes sizes, int iterations, List<String> only, PrintStream out, int warmUpSeconds) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
        }
        if (warmUpSeconds < 0) {
            throw new IllegalArgumentException("warm-up seconds must be >= 0, was " + warmUpSeconds);
        }
        this.sizes = sizes;
        this.iterations = iterations;
        this.only = List.copyOf(only);
        this.out = out;
        this.warmUpNanos = warmUpSeconds * 1_000_000_000L;
    }

    /** Entry point; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        boolean quick = false;
        boolean coTenant = false;
        int iterations = 5;
        List<String> only = List.of();
        int spawnOverride = 0;
        int warmUpSeconds = -1; // unless given: one run for a smoke run, the default otherwise
        Set<String> systems = Set.of(GOAKT, PEKKO);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--only" -> only = Arrays.asList(args[++i].split(","));
                case "--spawn" -> spawnOverride = Integer.parseInt(args[++i]);
                case "--system" -> systems = Set.of(system(args[++i]));
                case "--co-tenant" -> coTenant = true;
                case "--warm-up-seconds" -> warmUpSeconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (warmUpSeconds == -1) {
            warmUpSeconds = quick ? 0 : DEFAULT_WARM_UP_SECONDS;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        PrintStream out = System.out;
        CoTenant busy = coTenant ? CoTenant.start() : null;
        try {
            out.printf(Locale.ROOT, "# goakt vs pekko scenario harness: %s, %d measured iterations, %d cores, %s %s%n",
                    quick ? "quick" : "full", iterations, cores, System.getProperty("java.vm.name"),
                    System.getProperty("java.runtime.version"));
            out.printf(Locale.ROOT, "# availableProcessors: %d; ActiveProcessorCount: %s%n", cores,
                    activeProcessorCount(ManagementFactory.getRuntimeMXBean().getInputArguments()));
            out.printf(Locale.ROOT, "# co-tenant: %d busy threads%n", busy == null ? 0 : busy.threads());
            out.printf(Locale.ROOT, "# warm-up: %s per contender and scenario%n",
                    warmUpSeconds == 0 ? "one run" : "runs for at least " + warmUpSeconds + " s");
            Sizes sizes = quick ? Sizes.quick() : Sizes.full();
            if (spawnOverride > 0) {
                sizes = sizes.withSpawnActors(spawnOverride);
            }
            new Harness(sizes, iterations, only, out, warmUpSeconds).run(cores, systems);
        } finally {
            if (busy != null) {
                busy.close();
            }
        }
        System.exit(0); // Pekko's and goakt's threads are already stopped; do not wait for stray daemons
    }

    /** The {@code -XX:ActiveProcessorCount} values among the JVM's input arguments, or {@code none}. */
    static String activeProcessorCount(List<String> jvmArguments) {
        String prefix = "-XX:ActiveProcessorCount=";
        List<String> seen = jvmArguments.stream().filter(a -> a.startsWith(prefix))
                .map(a -> a.substring(prefix.length())).toList();
        return seen.isEmpty() ? "none" : String.join(",", seen);
    }

    /** Runs the selected scenarios on goakt and the Pekko configurations. */
    public void run(int cores) throws Exception {
        run(cores, Set.of(GOAKT, PEKKO));
    }

    /** Runs the selected scenarios on goakt, on the Pekko configurations, or on both ({@code systems}). */
    public void run(int cores, Set<String> systems) throws Exception {
        List<Contender> contenders = new ArrayList<>();
        List<Callable<RemoteDriver>> remotes = new ArrayList<>();
        if (systems.contains(GOAKT)) {
            contenders.add(new GoaktContender());
            remotes.add(GoaktRemote::new);
        }
        if (systems.contains(PEKKO)) {
            contenders.add(PekkoContender.defaultDispatcher());
            remotes.add(PekkoRemote::defaultDispatcher);
            for (int throughput : new int[] {5, 50, 300}) {
                contenders.add(PekkoContender.coresDispatcher(cores, throughput));
                remotes.add(() -> PekkoRemote.coresDispatcher(cores, throughput));
            }
        }
        run(contenders, remotes);
    }

    private static String system(String name) {
        if (!name.equals(GOAKT) && !name.equals(PEKKO)) {
            throw new IllegalArgumentException("--system must be goakt or pekko, was " + name);
        }
        return name;
    }

    /**
     * Runs the selected scenarios; goakt first, then Pekko configurations; closes them all at the end. The remote
     * scenario starts its drivers (and their peer JVMs) from {@code remotes} when it runs.
     */
    void run(List<Contender> contenders, List<Callable<RemoteDriver>> remotes) throws Exception {
        try {
            for (String scenario : List.of("ping-pong", "fan-in", "many-actors", "ask", "spawn", "churn",
                    "matchmaker")) {
                if (only.isEmpty() || only.contains(scenario)) {
                    long t0 = System.nanoTime();
                    runScenario(scenario, contenders);
                    out.printf(Locale.ROOT, "# %s took %.1f s%n", scenario, (System.nanoTime() - t0) / 1e9);
                }
            }
            if (only.isEmpty() || only.contains("remote")) {
                long t0 = System.nanoTime();
                runRemote(remotes);
                out.printf(Locale.ROOT, "# remote took %.1f s%n", (System.nanoTime() - t0) / 1e9);
            }
        } finally {
            for (Contender c : contenders) {
                c.close();
            }
        }
    }

    private void runScenario(String scenario, List<Contender> contenders) throws Exception {
        // results.get(contender index) : metric name -> samples
        if (scenario.equals("spawn") || scenario.equals("churn")) {
            // Each child handles one message, so the throughput sweep cannot matter; Pekko's default dispatcher
            // and the cores-sized one are kept. Tearing down a million Pekko actors takes about a minute here,
            // which is what bounds the spawn scenario's size in a ten-minute run.
            List<Contender> kept = new ArrayList<>();
            int pekko = 0;
            for (Contender c : contenders) {
                if (c.system().equals(GOAKT) || pekko++ < 2) {
                    kept.add(c);
                }
            }
            contenders = kept;
        }
        List<Map<Metric, List<Double>>> results = new ArrayList<>();
        for (Contender c : contenders) {
            long until = System.nanoTime() + warmUpNanos;
            do {
                once(scenario, c, true); // warm-up
            } while (System.nanoTime() - until < 0);
            results.add(new LinkedHashMap<>());
        }
        List<String> roundTrips = new ArrayList<>(iterations);
        for (int round = 0; round < iterations; round++) {
            roundTrips.add(CrossCpuRoundTrip.format(crossCpu.roundTripNanos(CrossCpuRoundTrip.PROBE)));
            for (int k = 0; k < contenders.size(); k++) {
                int idx = (k + round) % contenders.size();
                for (Map.Entry<Metric, Double> m : once(scenario, contenders.get(idx), false).entrySet()) {
                    results.get(idx).computeIfAbsent(m.getKey(), x -> new ArrayList<>()).add(m.getValue());
                }
            }
        }
        report(contenders.stream().map(Contender::system).toList(), contenders.stream().map(Contender::config).toList(),
                results);
        out.printf(Locale.ROOT, "# %s: cross-CPU round trip before each iteration (ns): %s%n", scenario,
                String.join(", ", roundTrips));
    }

    /** Scenario 6: each driver runs in turn, warm-up first, alternating as the local scenarios do. */
    private void runRemote(List<Callable<RemoteDriver>> factories) throws Exception {
        Metric metric = Metric.of("remote", "msgs/s", true);
        List<RemoteDriver> drivers = new ArrayList<>();
        // Start every driver and its peer JVM at once: booting them one by one took most of a quick run.
        ExecutorService starter = Executors.newFixedThreadPool(factories.size());
        try {
            List<Future<RemoteDriver>> started = new ArrayList<>();
            for (Callable<RemoteDriver> f : factories) {
                started.add(starter.submit(f));
            }
            Exception failed = null;
            for (Future<RemoteDriver> f : started) {
                try {
                    drivers.add(f.get());
                } catch (ExecutionException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
            for (RemoteDriver d : drivers) {
                d.run(sizes.remoteMessages()); // warm-up, both JVMs
            }
            List<Map<Metric, List<Double>>> results = new ArrayList<>();
            drivers.forEach(d -> results.add(new LinkedHashMap<>()));
            for (int round = 0; round < iterations; round++) {
                for (int k = 0; k < drivers.size(); k++) {
                    int idx = (k + round) % drivers.size();
                    if (!sizes.equals(Sizes.smoke())) {
                        System.gc();
                    }
                    double rate = rate(sizes.remoteMessages(), drivers.get(idx).run(sizes.remoteMessages()));
                    results.get(idx).computeIfAbsent(metric, x -> new ArrayList<>()).add(rate);
                }
            }
            report(drivers.stream().map(RemoteDriver::system).toList(),
                    drivers.stream().map(RemoteDriver::config).toList(), results);
        } finally {
            List<Future<?>> closing = new ArrayList<>();
            for (RemoteDriver d : drivers) {
                closing.add(starter.submit(() -> {
                    d.close();
                    return null;
                }));
            }
            for (Future<?> f : closing) {
                f.get();
            }
            starter.shutdown();
        }
    }

    private Map<Metric, Double> once(String scenario, Contender c, boolean warmUp) throws Exception {
        if (!sizes.equals(Sizes.smoke())) {
            System.gc(); // start every run from a collected heap
        }
        Map<Metric, Double> m = new LinkedHashMap<>();
        switch (scenario) {
            case "ping-pong" -> {
                long msgs1 = 2L * sizes.pingPongRoundTrips();
                m.put(Metric.of("ping-pong-1pair", "msgs/s", true), rate(msgs1, c.pingPong(1, sizes.pingPongRoundTrips())));
                int per = sizes.pingPongRoundTrips() / 8;
                m.put(Metric.of("ping-pong-8pairs", "msgs/s", true), rate(2L * 8 * per, c.pingPong(8, per)));
            }
            case "fan-in" -> {
                int per = sizes.fanInPerThread();
                m.put(Metric.of("fan-in-4threads", "msgs/s", true), rate(4L * per, c.fanIn(4, per)));
            }
            case "many-actors" -> {
                int per = sizes.manyActorsMessages() / 2;
                m.put(Metric.of("many-actors", "msgs/s", true),
                        rate(2L * per, c.manyActors(sizes.manyActors(), 2, per)));
            }
            case "ask" -> {
                Histogram h = new Histogram(3_600_000_000_000L, 3);
                long nanos = c.ask(sizes.asks(), h);
                m.put(Metric.of("ask-p50", "us", false), h.getValueAtPercentile(50) / 1e3);
                m.put(Metric.of("ask-p99", "us", false), h.getValueAtPercentile(99) / 1e3);
                m.put(Metric.of("ask-p99.9", "us", false), h.getValueAtPercentile(99.9) / 1e3);
                m.put(Metric.of("ask-throughput", "asks/s", true), rate(sizes.asks(), nanos));
            }
            case "spawn" -> {
                int count = warmUp ? Math.max(1, sizes.spawnActors() / 10) : sizes.spawnActors();
                Contender.SpawnResult r = c.spawn(count);
                m.put(Metric.of("spawn-rate", "actors/s", true), rate(count, r.nanos()));
                m.put(Metric.of("spawn-heap-per-actor", "bytes", false), r.retainedBytesPerActor());
            }
            case "churn" -> {
                // The warm-up is two half rounds (one round's work): round 1 is then measured compiled, so
                // churn-last/first compares history, not the JIT; ten rounds of warm-up would add a run's time.
                int rounds = warmUp ? Math.min(2, sizes.churnRounds()) : sizes.churnRounds();
                int perRound = warmUp ? Math.max(1, sizes.churnPerRound() / 2) : sizes.churnPerRound();
                long[] nanos = c.churn(rounds, perRound);
                for (int r = 0; r < rounds; r++) {
                    m.put(Metric.of("churn-round-" + (r + 1), "actors/s", true), rate(perRound, nanos[r]));
                }
                m.put(Metric.of("churn-last/first", "ratio", true), (double) nanos[0] / nanos[rounds - 1]);
            }
            case "matchmaker" -> {
                int pairings = sizes.matchmakerPairings();
                int roundTrips = sizes.matchmakerRoundTrips();
                long msgs = Contender.matchmakerMessages(sizes.matchmakerClients(), roundTrips, pairings);
                m.put(Metric.of("matchmaker", "msgs/s", true),
                        rate(msgs, c.matchmaker(sizes.matchmakerClients(), roundTrips, pairings)));
            }
            default -> throw new IllegalArgumentException(scenario);
        }
        return m;
    }

    /**
     * Prints goakt's line, each Pekko configuration's as detail, Pekko's best, and, when both systems ran, the ratio.
     * {@code systems}, {@code configs} and {@code results} are indexed alike.
     */
    private void report(List<String> systems, List<String> configs, List<Map<Metric, List<Double>>> results) {
        for (Metric metric : results.get(0).keySet()) {
            Summary goakt = null;
            Summary best = null;
            String bestConfig = null;
            for (int i = 0; i < configs.size(); i++) {
                Summary s = Summary.of(results.get(i).get(metric));
                if (systems.get(i).equals(GOAKT)) {
                    goakt = s;
                    print(metric, GOAKT, s, configs.get(i), "");
                    continue;
                }
                print(metric, PEKKO, s, configs.get(i), "detail ");
                if (best == null || (metric.higherIsBetter() ? s.median() > best.median() : s.median() < best.median())) {
                    best = s;
                    bestConfig = configs.get(i);
                }
            }
            if (best != null) {
                print(metric, PEKKO, best, bestConfig, "");
            }
            if (goakt != null && best != null) {
                out.printf(Locale.ROOT, "ratio scenario=%s goakt/pekko=%.2f better=%s%n", metric.name(),
                        goakt.median() / best.median(), metric.higherIsBetter() ? "higher" : "lower");
            }
        }
        out.flush();
    }

    private void print(Metric metric, String system, Summary s, String config, String prefix) {
        out.printf(Locale.ROOT, "%sscenario=%s system=%s value=%s unit=%s min=%s max=%s config=%s%n", prefix,
                metric.name(), system, fmt(s.median()), metric.unit(), fmt(s.min()), fmt(s.max()), config);
    }

    private static String fmt(double v) {
        return Math.abs(v) >= 1000 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static double rate(long count, long nanos) {
        return count / (nanos / 1e9);
    }

    /** One reported quantity of a scenario. */
    record Metric(String name, String unit, boolean higherIsBetter) {
        static Metric of(String name, String unit, boolean higherIsBetter) {
            return new Metric(name, unit, higherIsBetter);
        }
    }

    /** Median, min and max of the measured iterations. */
    record Summary(double median, double min, double max) {
        static Summary of(List<Double> samples) {
            double[] v = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = v.length;
            double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
            return new Summary(median, v[0], v[n - 1]);
        }
    }

    /**
     * Workload sizes.
     *
     * @param pingPongRoundTrips   round trips of the single pair (the 8 pairs share the same total)
     * @param fanInPerThread       tells per outside thread (4 threads) in fan-in
     * @param manyActors           actors in the many-actors scenario
     * @param manyActorsMessages   messages over all actors (2 outside threads)
     * @param asks                 sequential asks
     * @param spawnActors          children spawned under one parent
     * @param remoteMessages       payloads sent to the other JVM (a multiple of {@code Wire.BATCH})
     * @param churnRounds          rounds of the churn scenario, one parent for all of them
     * @param churnPerRound        short-lived children per churn round
     * @param matchmakerClients    client actors of the matchmaker scenario
     * @param matchmakerRoundTrips round trips of a pair between two requests
     * @param matchmakerPairings   pairings the matchmaker makes in one run
     */
    public record Sizes(int pingPongRoundTrips, int fanInPerThread, int manyActors, int manyActorsMessages,
                        int asks, int spawnActors, int remoteMessages, int churnRounds, int churnPerRound,
                        int matchmakerClients, int matchmakerRoundTrips, int matchmakerPairings) {

        /**
         * The sizes of the issue, except spawn: 250,000 actors instead of 1,000,000 so the full run stays under ten
         * minutes on two cores (give {@code --spawn 1000000} for the size); and churn: 100,000 children a
         * round instead of 300,000, so that a round of Pekko's slowest configuration takes about a second here.
         */
        public static Sizes full() {
            return new Sizes(2_000_000, 1_250_000, 10_000, 10_000_000, 200_000, 250_000, 2_000_000, 10, 100_000,
                    100, 10, 200_000);
        }

        /** These sizes with another spawn count. */
        public Sizes withSpawnActors(int count) {
            return new Sizes(pingPongRoundTrips, fanInPerThread, manyActors, manyActorsMessages, asks, count,
                    remoteMessages, churnRounds, churnPerRound, matchmakerClients, matchmakerRoundTrips,
                    matchmakerPairings);
        }

        /** About 1/20 of the full sizes, for a run under a minute. */
        public static Sizes quick() {
            return new Sizes(100_000, 62_500, 1_000, 500_000, 10_000, 50_000, 100_000, 10, 5_000, 100, 10, 10_000);
        }

        /** Tiny sizes for a smoke test. */
        public static Sizes smoke() {
            return new Sizes(1_000, 1_000, 10, 1_000, 100, 100, 2_000, 10, 50, 10, 2, 100);
        }
    }
}
