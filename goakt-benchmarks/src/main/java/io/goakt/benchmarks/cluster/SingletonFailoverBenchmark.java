package io.goakt.benchmarks.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.SingletonOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterHooks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * How long a cluster singleton is away when the member that runs it goes, on 127.0.0.1.
 *
 * <ul>
 *   <li><b>crash</b>: the oldest member runs in a child JVM and hosts the singleton; two members in this JVM join and
 *       declare it too. Once both confirmed the view of three stable, the child is killed
 *       ({@code Process.destroyForcibly}, SIGKILL); the time from the kill until the singleton's {@code preStart}
 *       ran on the next oldest member (failure detection, the view change, the short margin of 500 ms after which a
 *       view whose departed members crashed is confirmed stable, the probe round and the spawn).</li>
 *   <li><b>leave</b>: three members in this JVM; once each confirmed the view of three stable, the host leaves
 *       gracefully ({@code Cluster.leave}); the time from the call until the singleton's {@code preStart} ran on the
 *       next oldest member (the proxies acknowledge that they hold messages, the old instance drains its mailbox and
 *       stops, then the next member asks the others and starts it).</li>
 * </ul>
 * Both faults come in a view every member in this JVM confirmed stable, as they do in a running cluster, long after
 * its last join: a view reached by a join is confirmed only after the whole {@code stableAfter}
 * ({@link ClusterConfig#defaultStableAfter}: 2.05 s fast, 18.5 s defaults), and a fault before that waits for it.
 * Each with {@link FailureDetection#fast()} and {@link FailureDetection#defaults()}, {@code --rounds} times
 * (default 5); the times of every round are printed.
 *
 * <pre>
 * java -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.SingletonFailoverBenchmark [--rounds N]
 * </pre>
 */
public final class SingletonFailoverBenchmark {

    private static final Duration JOIN_TIMEOUT = Duration.ofMillis(500);
    private static final long WAIT_SECONDS = 60;
    private static final String NAME = "scheduler";

    private SingletonFailoverBenchmark() {
    }

    /** The singleton: counts its starts down. */
    private static final class Singleton implements Actor {
        private final CountDownLatch started;

        Singleton(CountDownLatch started) {
            this.started = started;
        }

        @Override
        public void preStart(Context ctx) {
            started.countDown();
        }

        @Override
        public void receive(ReceiveContext ctx) {
            // the benchmark measures where it runs, not what it does
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--peer")) {
            runPeer(args);
            return;
        }
        int rounds = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
        }
        for (String profile : List.of("fast", "defaults")) {
            FailureDetection fd = profile.equals("fast") ? FailureDetection.fast() : FailureDetection.defaults();
            List<Long> crash = new ArrayList<>();
            List<Long> leave = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                crash.add(crash(profile, fd));
                leave.add(leave(fd));
            }
            System.out.printf("%-8s singleton back after SIGKILL of its member (ms): %s%n", profile, crash);
            System.out.printf("%-8s singleton back after a graceful leave (ms):      %s%n", profile, leave);
        }
    }

    private static ClusterConfig config(int port, List<Integer> ports, FailureDetection fd) {
        return ClusterConfig.builder().clusterName("bench-singleton").port(port)
                .discovery(StaticDiscovery.of(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
                .failureDetection(fd).joinTimeout(JOIN_TIMEOUT).build();
    }

    /** Starts a member on {@code port} that declares the singleton; {@code started} counts its instance's starts. */
    private static ActorSystem member(int port, List<Integer> ports, FailureDetection fd, CountDownLatch started) {
        ActorSystem s = ActorSystem.create("bench" + port);
        Cluster.start(s, config(port, ports, fd));
        ClusterSingletons.of(s).start(NAME, () -> new Singleton(started), SingletonOptions.defaults());
        return s;
    }

    /** Milliseconds from killing the host's JVM until the next oldest member started the singleton. */
    private static long crash(String profile, FailureDetection fd) throws Exception {
        List<Integer> ports = Bench.freePorts(3);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process peer = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                SingletonFailoverBenchmark.class.getName(), "--peer", profile, ports.get(0).toString(),
                ports.get(1).toString(), ports.get(2).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ActorSystem> systems = new ArrayList<>();
        try {
            awaitLine(peer, "RUNNING");
            CountDownLatch startedHere = new CountDownLatch(1);
            for (int i = 1; i < 3; i++) {
                systems.add(member(ports.get(i), ports, fd, startedHere));
            }
            ClusterSingletons second = ClusterSingletons.of(systems.get(0));
            awaitUntil(() -> second.cluster().view().size() == 3 && second.locations().containsKey(NAME)
                    && ClusterSingletons.of(systems.get(1)).locations().containsKey(NAME), "a view of 3 members"
                    + " that knows where the singleton runs");
            awaitStable(systems, 3);
            long t0 = System.nanoTime();
            peer.destroyForcibly();
            if (!startedHere.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the singleton did not start again within " + WAIT_SECONDS + " s");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } finally {
            peer.destroyForcibly();
            peer.waitFor(20, TimeUnit.SECONDS);
            for (ActorSystem s : systems) {
                s.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    /** Milliseconds from the host's {@code Cluster.leave} until the next oldest member started the singleton. */
    private static long leave(FailureDetection fd) throws Exception {
        List<Integer> ports = Bench.freePorts(3);
        List<ActorSystem> systems = new ArrayList<>();
        try {
            CountDownLatch first = new CountDownLatch(1);
            CountDownLatch next = new CountDownLatch(1);
            systems.add(member(ports.get(0), ports, fd, first));
            if (!first.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the singleton did not start within " + WAIT_SECONDS + " s");
            }
            for (int i = 1; i < 3; i++) {
                systems.add(member(ports.get(i), ports, fd, next));
            }
            awaitUntil(() -> ClusterSingletons.of(systems.get(1)).cluster().view().size() == 3
                    && ClusterSingletons.of(systems.get(1)).locations().containsKey(NAME)
                    && ClusterSingletons.of(systems.get(2)).locations().containsKey(NAME), "a view of 3 members"
                    + " that knows where the singleton runs");
            awaitStable(systems, 3);
            long t0 = System.nanoTime();
            Cluster.of(systems.get(0)).orElseThrow().leave();
            if (!next.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the singleton did not move within " + WAIT_SECONDS + " s");
            }
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        } finally {
            for (ActorSystem s : systems) {
                s.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    /** Waits until each of {@code systems} confirmed its current view, of {@code size} members, stable. */
    private static void awaitStable(List<ActorSystem> systems, int size) throws Exception {
        awaitUntil(() -> systems.stream().map(s -> Cluster.of(s).orElseThrow()).allMatch(c -> {
            ClusterView stable = ClusterHooks.of(c).stableView();
            return stable.size() == size && stable.viewId() == c.view().viewId();
        }), "view of " + size + " members confirmed stable on every member");
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within " + WAIT_SECONDS + " s");
            }
            Thread.sleep(10);
        }
    }

    private static void awaitLine(Process p, String expected) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals(expected)) {
                return;
            }
        }
        throw new IllegalStateException("the peer exited before it printed " + expected);
    }

    /** The child JVM: the first (oldest) member; prints RUNNING once it runs the singleton, runs until killed. */
    private static void runPeer(String[] args) throws Exception {
        FailureDetection fd = args[1].equals("fast") ? FailureDetection.fast() : FailureDetection.defaults();
        List<Integer> ports = new ArrayList<>(Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList());
        CountDownLatch started = new CountDownLatch(1);
        ActorSystem s = member(ports.get(0), ports, fd, started);
        if (!started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the singleton did not start within " + WAIT_SECONDS + " s");
        }
        System.out.println("RUNNING");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the driver kills this process; end of input (the driver died) ends it too
        }
        s.shutdown(Duration.ofSeconds(10));
    }
}
