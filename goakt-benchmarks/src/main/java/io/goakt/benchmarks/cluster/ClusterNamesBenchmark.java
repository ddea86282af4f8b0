package io.goakt.benchmarks.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.benchmarks.remote.GoaktRemote;
import io.goakt.benchmarks.remote.Wire;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster-unique names measured on a three-member cluster on 127.0.0.1, the members in this JVM (three actor
 * systems, each with its own remoting and control plane, talking over loopback TCP):
 *
 * <ul>
 *   <li><b>lookup, warm</b>: {@code ClusterActors.lookup} on member A of names owned by member B that A has looked
 *       up before (its resolved-ref cache holds them); nanoseconds per lookup, over a loop of lookups.</li>
 *   <li><b>lookup, cold</b>: the first lookup on A of each of 1,000 names owned by B (the cache has never held them:
 *       the registry is read and a remote ref built); each lookup timed alone, mean and p50/p99.</li>
 *   <li><b>tell throughput by name against by ref</b>: an actor on A tells {@link Wire.Payload}s to a counter on B,
 *       with {@link Wire}'s window and acknowledgements, through {@code ClusterActors.actorOf(name)} and through the
 *       remote ref {@code lookup(name)} resolved; messages per second to completion.</li>
 *   <li><b>ask latency by name against by ref</b>: sequential asks from a thread of A to the counter (a
 *       {@link Wire.Reset}, answered with an {@link Wire.Ack}); p50 and p99 in microseconds.</li>
 * </ul>
 * The two paths take turns in every iteration, the first alternating, after one warm-up iteration each; the median
 * of the measured iterations is printed with min and max, and every iteration on its own line.
 *
 * <pre>
 * java -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.ClusterNamesBenchmark \
 *     [--iterations N] [--quick]
 * </pre>
 */
public final class ClusterNamesBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String COUNTER = "counter";
    private static final int WARM_NAMES = 100;
    private static final int COLD_NAMES = 1_000;

    private ClusterNamesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 5;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations")) {
                iterations = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--quick")) {
                quick = true;
            }
        }
        int messages = quick ? 200_000 : 2_000_000;
        int asks = quick ? 2_000 : 20_000;
        int warmLookups = quick ? 200_000 : 5_000_000;
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, iterations=" + iterations
                + ", messages=" + messages + ", asks=" + asks + ", warm lookups=" + warmLookups);

        List<Integer> ports = Bench.freePorts(3);
        List<ActorSystem> systems = new ArrayList<>();
        try {
            for (int port : ports) {
                ActorSystem s = ActorSystem.create("names" + port);
                systems.add(s);
                Cluster.start(s, ClusterConfig.builder().clusterName("names-bench").port(port)
                        .discovery(StaticDiscovery.of(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
                        .failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                        .remoting(RemotingConfig.builder().host("127.0.0.1").port(0)
                                .serialization(GoaktRemote.serialization()).build())
                        .build());
            }
            Bench.await("a three-member view on every member",
                    () -> systems.stream().allMatch(s -> Cluster.of(s).orElseThrow().view().size() == 3));
            ClusterActors a = ClusterActors.of(systems.get(0));
            ClusterActors b = ClusterActors.of(systems.get(1));
            ClusterActors.of(systems.get(2));

            lookups(a, b, iterations, warmLookups);
            traffic(systems.get(0), a, b, iterations, messages, asks);
        } finally {
            for (ActorSystem s : systems) {
                s.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    private static void lookups(ClusterActors a, ClusterActors b, int iterations, int warmLookups) throws Exception {
        List<String> warm = spawnAll(b, "warm-", 0, WARM_NAMES);
        List<List<String>> cold = new ArrayList<>();
        for (int i = 0; i <= iterations; i++) {
            cold.add(spawnAll(b, "cold-" + i + "-", 0, COLD_NAMES));
        }
        Bench.await("every name in A's registry",
                () -> a.names().size() == WARM_NAMES + (iterations + 1) * COLD_NAMES);

        for (String name : warm) {
            a.lookup(name).toCompletableFuture().join().orElseThrow();
        }
        double[] warmNanos = new double[iterations];
        long sink = 0;
        for (int i = -1; i < iterations; i++) { // -1: warm-up
            long t0 = System.nanoTime();
            for (int n = 0; n < warmLookups; n++) {
                sink += a.lookup(warm.get(n % WARM_NAMES)).toCompletableFuture().join().orElseThrow().uid();
            }
            double perLookup = (System.nanoTime() - t0) / (double) warmLookups;
            if (i >= 0) {
                warmNanos[i] = perLookup;
                System.out.printf(Locale.ROOT, "iteration %d lookup-warm %.1f ns%n", i, perLookup);
            }
        }

        double[] coldMean = new double[iterations];
        double[] coldP50 = new double[iterations];
        double[] coldP99 = new double[iterations];
        for (int i = -1; i < iterations; i++) {
            Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            long total = 0;
            for (String name : cold.get(i + 1)) {
                long t0 = System.nanoTime();
                sink += a.lookup(name).toCompletableFuture().join().orElseThrow().uid();
                long elapsed = System.nanoTime() - t0;
                total += elapsed;
                h.recordValue(elapsed);
            }
            if (i >= 0) {
                coldMean[i] = total / (double) COLD_NAMES / 1e3;
                coldP50[i] = h.getValueAtPercentile(50) / 1e3;
                coldP99[i] = h.getValueAtPercentile(99) / 1e3;
                System.out.printf(Locale.ROOT, "iteration %d lookup-cold mean %.2f us p50 %.2f us p99 %.2f us%n", i,
                        coldMean[i], coldP50[i], coldP99[i]);
            }
        }
        Bench.print("lookup-warm", warmNanos, "ns");
        Bench.print("lookup-cold-mean", coldMean, "us");
        Bench.print("lookup-cold-p50", coldP50, "us");
        Bench.print("lookup-cold-p99", coldP99, "us");
        System.out.println("# (lookup checksum " + (sink & 1) + ")");
    }

    private static void traffic(ActorSystem driver, ClusterActors a, ClusterActors b, int iterations, int messages,
                                int asks) throws Exception {
        b.spawn(COUNTER, Counter::new, SpawnOptions.defaults()).toCompletableFuture().get(60, TimeUnit.SECONDS);
        Bench.await("the counter in A's registry", () -> a.names().contains(COUNTER));
        ActorRef byName = a.actorOf(COUNTER);
        ActorRef byRef = a.lookup(COUNTER).toCompletableFuture().join().orElseThrow();
        ActorRef sender = driver.spawn("sender", Sender::new, SpawnOptions.defaults());

        double[][] tells = new double[2][iterations];
        double[][] p50 = new double[2][iterations];
        double[][] p99 = new double[2][iterations];
        String[] paths = {"ref", "name"};
        for (int i = -1; i < iterations; i++) {
            for (int turn = 0; turn < 2; turn++) {
                int path = (turn + Math.max(i, 0)) % 2; // the first path alternates between iterations
                ActorRef target = path == 0 ? byRef : byName;
                double rate = tellRun(sender, target, messages);
                Histogram h = askRun(target, asks);
                if (i >= 0) {
                    tells[path][i] = rate;
                    p50[path][i] = h.getValueAtPercentile(50) / 1e3;
                    p99[path][i] = h.getValueAtPercentile(99) / 1e3;
                    System.out.printf(Locale.ROOT, "iteration %d by-%s tell %.0f msgs/s ask p50 %.1f us p99 %.1f us%n",
                            i, paths[path], rate, p50[path][i], p99[path][i]);
                }
            }
        }
        for (int path = 0; path < 2; path++) {
            Bench.print("cluster-tell-by-" + paths[path], tells[path], "msgs/s");
            Bench.print("cluster-ask-p50-by-" + paths[path], p50[path], "us");
            Bench.print("cluster-ask-p99-by-" + paths[path], p99[path], "us");
        }
    }

    private static double tellRun(ActorRef sender, ActorRef target, int messages) throws Exception {
        target.ask(new Wire.Reset(), TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
        CompletableFuture<Long> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        sender.tell(new Go(target, messages, done));
        return messages / ((done.get(5, TimeUnit.MINUTES) - t0) / 1e9);
    }

    private static Histogram askRun(ActorRef target, int asks) throws Exception {
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        for (int n = 0; n < asks; n++) {
            long t0 = System.nanoTime();
            target.ask(new Wire.Reset(), TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
            h.recordValue(System.nanoTime() - t0);
        }
        return h;
    }

    /** Spawns {@code count} counters on {@code on} named {@code prefix<i>}, at most 200 registrations at a time. */
    private static List<String> spawnAll(ClusterActors on, String prefix, int from, int count) throws Exception {
        List<String> names = new ArrayList<>();
        for (int chunk = from; chunk < from + count; chunk += 200) {
            List<CompletableFuture<ActorRef>> spawns = new ArrayList<>();
            for (int i = chunk; i < Math.min(chunk + 200, from + count); i++) {
                names.add(prefix + i);
                spawns.add(on.spawn(prefix + i, Counter::new, SpawnOptions.defaults()).toCompletableFuture());
            }
            CompletableFuture.allOf(spawns.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        return names;
    }

    /** Starts a tell run: {@code total} payloads to {@code target}; {@code done} gets the time of the last ack. */
    record Go(ActorRef target, long total, CompletableFuture<Long> done) {
    }

    /** Counts payloads, acknowledging every {@link Wire#BATCH}th; answers a reset with {@code Ack(0)}. */
    static final class Counter implements Actor {
        private long count;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Wire.Payload) {
                if (++count % Wire.BATCH == 0) {
                    ctx.sender().tell(new Wire.Ack(count), ctx.self());
                }
            } else if (m instanceof Wire.Reset) {
                count = 0;
                ctx.respond(new Wire.Ack(0));
            }
        }
    }

    /** Tells payloads to the run's target, never more than {@link Wire#WINDOW} unacknowledged. */
    static final class Sender implements Actor {
        private ActorRef target;
        private long total;
        private long sent;
        private CompletableFuture<Long> done;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Go g) {
                target = g.target();
                total = g.total();
                sent = 0;
                done = g.done();
                send(ctx, 0);
            } else if (m instanceof Wire.Ack ack) {
                if (ack.count() >= total) {
                    done.complete(System.nanoTime());
                } else {
                    send(ctx, ack.count());
                }
            }
        }

        private void send(ReceiveContext ctx, long acked) {
            for (long n = Wire.toSend(total, sent, acked); n > 0; n--) {
                target.tell(new Wire.Payload(sent++, Wire.TEXT), ctx.self());
            }
        }
    }
}
