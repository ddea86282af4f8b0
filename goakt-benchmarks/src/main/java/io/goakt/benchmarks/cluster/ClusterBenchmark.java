package io.goakt.benchmarks.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.MemberLeft;
import io.goakt.discovery.StaticDiscovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * How fast cluster membership forms and notices a crash, on 127.0.0.1.
 *
 * <ul>
 *   <li><b>formation</b>: three members in this JVM start at the same instant (one thread each); the time from the
 *       start until every member has installed a three-member view.</li>
 *   <li><b>crash</b>: two members in this JVM and one in a child JVM form a cluster; the child is killed
 *       ({@code Process.destroyForcibly}, SIGKILL: the operating system closes its sockets, as when a process
 *       dies); the time from the kill until a member in this JVM publishes {@code MemberLeft} for it.</li>
 * </ul>
 * Each is run with {@link FailureDetection#fast()} and with {@link FailureDetection#defaults()}, {@code --rounds}
 * times (default 5), and the times of every round are printed.
 *
 * <pre>
 * java -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.ClusterBenchmark [--rounds N]
 * </pre>
 */
public final class ClusterBenchmark {

    private static final Duration JOIN_TIMEOUT = Duration.ofMillis(500);
    private static final long WAIT_SECONDS = 60;

    private ClusterBenchmark() {
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
            List<Long> formation = new ArrayList<>();
            List<Long> crash = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                formation.add(formation(fd));
                crash.add(crash(fd));
            }
            System.out.printf("%-8s formation of 3 members (ms): %s%n", profile, formation);
            System.out.printf("%-8s crash detected after (ms):    %s%n", profile, crash);
        }
    }

    private static ClusterConfig config(int port, List<Integer> ports, FailureDetection fd) {
        return ClusterConfig.builder().clusterName("bench").port(port)
                .discovery(StaticDiscovery.of(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
                .failureDetection(fd).joinTimeout(JOIN_TIMEOUT).build();
    }

    /** Milliseconds from the simultaneous start of three members until all three hold a three-member view. */
    private static long formation(FailureDetection fd) throws Exception {
        List<Integer> ports = Bench.freePorts(3);
        List<ActorSystem> systems = new ArrayList<>();
        CountDownLatch formed = new CountDownLatch(3);
        for (int port : ports) {
            ActorSystem s = ActorSystem.create("bench" + port);
            boolean[] counted = new boolean[1];
            s.eventStream().subscribe(ClusterViewChanged.class, e -> {
                synchronized (counted) {
                    if (!counted[0] && e.view().size() == 3) {
                        counted[0] = true;
                        formed.countDown();
                    }
                }
            });
            systems.add(s);
        }
        ExecutorService starters = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Cluster>> started = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ActorSystem s = systems.get(i);
                int port = ports.get(i);
                started.add(starters.submit(() -> {
                    go.await();
                    return Cluster.start(s, config(port, ports, fd));
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            if (!formed.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no three-member view within " + WAIT_SECONDS + " s");
            }
            long elapsed = System.nanoTime() - t0;
            for (Future<Cluster> f : started) {
                f.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            return TimeUnit.NANOSECONDS.toMillis(elapsed);
        } finally {
            starters.shutdown();
            for (ActorSystem s : systems) {
                s.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    /** Milliseconds from killing a member's JVM until a surviving member publishes its MemberLeft. */
    private static long crash(FailureDetection fd) throws Exception {
        List<Integer> ports = Bench.freePorts(3);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process peer = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                ClusterBenchmark.class.getName(), "--peer", fd.equals(FailureDetection.fast()) ? "fast" : "defaults",
                ports.get(2).toString(), ports.get(0).toString(), ports.get(1).toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<ActorSystem> systems = new ArrayList<>();
        try {
            awaitLine(peer, "JOINED");
            CountDownLatch left = new CountDownLatch(1);
            CountDownLatch three = new CountDownLatch(1);
            for (int i = 0; i < 2; i++) {
                ActorSystem s = ActorSystem.create("bench" + ports.get(i));
                systems.add(s);
                if (i == 0) {
                    s.eventStream().subscribe(MemberLeft.class, e -> left.countDown());
                    s.eventStream().subscribe(ClusterViewChanged.class, e -> {
                        if (e.view().size() == 3) {
                            three.countDown();
                        }
                    });
                }
                Cluster.start(s, config(ports.get(i), ports, fd));
            }
            if (!three.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no three-member view within " + WAIT_SECONDS + " s");
            }
            long t0 = System.nanoTime();
            peer.destroyForcibly();
            if (!left.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the crash was not detected within " + WAIT_SECONDS + " s");
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

    /** The child JVM: joins, prints JOINED, runs until killed or until its standard input closes. */
    private static void runPeer(String[] args) throws Exception {
        FailureDetection fd = args[1].equals("fast") ? FailureDetection.fast() : FailureDetection.defaults();
        List<Integer> ports = new ArrayList<>(Arrays.stream(args, 2, args.length).map(Integer::valueOf).toList());
        ActorSystem s = ActorSystem.create("bench" + ports.get(0));
        Cluster.start(s, config(ports.get(0), ports, fd));
        System.out.println("JOINED");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the driver kills this process; end of input (the driver died) ends it too
        }
        s.shutdown(Duration.ofSeconds(10));
    }
}
