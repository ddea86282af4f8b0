package io.goakt.benchmarks.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterGrains;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.Member;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.goakt.internal.cluster.registry.Partitions;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;
import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cluster grains measured on a two-member cluster on 127.0.0.1, both members in this JVM (two actor systems, each
 * with its own remoting and control plane, talking over loopback TCP). Every call is made from member A:
 *
 * <ul>
 *   <li><b>first call, owner local</b> and <b>first call, owner remote</b>: an ask to an identity never used before
 *       whose partition member A (local) or member B (remote) owns, so the ask includes the activation; each timed
 *       alone, p50/p99 in microseconds.</li>
 *   <li><b>warm ask, cross-node</b>: sequential asks to one active grain on B; p50/p99 in microseconds.</li>
 *   <li><b>warm tell throughput, cross-node</b>: tells from one thread of A to 100 active grains on B, then an ask
 *       to each (same connection, so it comes after the tells) until all were counted; messages per second.</li>
 *   <li><b>activations per second</b>: asks to identities never used before, owned by B, 100 in flight.</li>
 * </ul>
 * The messages are {@code long}s with a serializer of eight bytes. One warm-up iteration, then the measured ones;
 * each iteration on its own line.
 *
 * <pre>
 * java -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.ClusterGrainsBenchmark \
 *     [--iterations N] [--quick]
 * </pre>
 */
public final class ClusterGrainsBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String KIND = "counter";

    private ClusterGrainsBenchmark() {
    }

    /** Adds what it is told; answers the total. */
    static final class Counter implements Grain {
        private long total;

        @Override
        public void receive(GrainContext ctx) {
            long n = (Long) ctx.message();
            total += n;
            if (ctx.sender() != null) {
                ctx.respond(total);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        int iterations = 3;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations")) {
                iterations = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--quick")) {
                quick = true;
            }
        }
        int firstCalls = quick ? 300 : 2_000;
        int asks = quick ? 2_000 : 20_000;
        int tells = quick ? 100_000 : 1_000_000;
        int activations = quick ? 2_000 : 20_000;
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, iterations=" + iterations
                + ", first calls=" + firstCalls + ", asks=" + asks + ", tells=" + tells + ", activations="
                + activations);
        List<Integer> ports = Bench.freePorts(2);
        List<ActorSystem> systems = new ArrayList<>();
        try {
            for (int port : ports) {
                ActorSystem s = ActorSystem.create("grains" + port);
                systems.add(s);
                Cluster.start(s, ClusterConfig.builder().clusterName("grains-bench").port(port)
                        .discovery(StaticDiscovery.of(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
                        .failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                        .remoting(RemotingConfig.builder().host("127.0.0.1").port(0).serialization(serialization())
                                .build())
                        .build());
                Grains.of(s).register(KIND, Counter::new);
            }
            Bench.await("both members serving their grain partitions", () -> systems.stream().allMatch(s -> {
                ClusterGrains g = ClusterGrains.of(s).orElseThrow();
                return g.cluster().view().size() == 2 && g.servedPartitions() == g.ownedPartitions();
            }));
            GrainRegistry a = Grains.of(systems.get(0));
            Member memberA = Cluster.of(systems.get(0)).orElseThrow().self();
            List<Member> view = Cluster.of(systems.get(0)).orElseThrow().view().members();
            for (int it = 0; it <= iterations; it++) {
                String label = it == 0 ? "warm-up" : "iteration " + it;
                String prefix = "i" + it + "-";
                Histogram local = firstCalls(a, prefix + "local-", firstCalls, view, memberA, true);
                Histogram remote = firstCalls(a, prefix + "remote-", firstCalls, view, memberA, false);
                GrainRef warm = a.ref(KIND, idOwnedBy(prefix + "warm-", view, memberA, false, 0));
                Histogram warmAsks = warmAsks(warm, asks);
                double tellRate = tellThroughput(a, prefix + "tells-", view, memberA, tells);
                double activationRate = activations(a, prefix + "fresh-", view, memberA, activations);
                System.out.printf(Locale.ROOT, "%s: first call local p50 %.1f us p99 %.1f us | first call remote "
                                + "p50 %.1f us p99 %.1f us | warm ask p50 %.1f us p99 %.1f us | tells %.0f msgs/s | "
                                + "activations %.0f /s%n", label,
                        local.getValueAtPercentile(50) / 1e3, local.getValueAtPercentile(99) / 1e3,
                        remote.getValueAtPercentile(50) / 1e3, remote.getValueAtPercentile(99) / 1e3,
                        warmAsks.getValueAtPercentile(50) / 1e3, warmAsks.getValueAtPercentile(99) / 1e3,
                        tellRate, activationRate);
            }
        } finally {
            for (ActorSystem s : systems) {
                s.shutdown(TIMEOUT);
            }
        }
    }

    /** The {@code n}-th id with {@code prefix} whose partition {@code a} owns ({@code local}) or does not. */
    private static String idOwnedBy(String prefix, List<Member> view, Member a, boolean local, int n) {
        int found = 0;
        for (int i = 0; ; i++) {
            String id = prefix + i;
            boolean mine = Partitions.ownerOf(Partitions.partitionOf(KIND + "/" + id, 271), view).equals(a);
            if (mine == local && found++ == n) {
                return id;
            }
        }
    }

    private static List<String> idsOwnedBy(String prefix, List<Member> view, Member a, boolean local, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 0; ids.size() < count; i++) {
            String id = prefix + i;
            if (Partitions.ownerOf(Partitions.partitionOf(KIND + "/" + id, 271), view).equals(a) == local) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Histogram firstCalls(GrainRegistry a, String prefix, int n, List<Member> view, Member self,
                                        boolean local) throws Exception {
        Histogram h = new Histogram(3);
        for (String id : idsOwnedBy(prefix, view, self, local, n)) {
            GrainRef ref = a.ref(KIND, id);
            long start = System.nanoTime();
            ref.ask(1L, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            h.recordValue(System.nanoTime() - start);
        }
        return h;
    }

    private static Histogram warmAsks(GrainRef grain, int n) throws Exception {
        Histogram h = new Histogram(3);
        grain.ask(0L, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            grain.ask(0L, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            h.recordValue(System.nanoTime() - start);
        }
        return h;
    }

    private static double tellThroughput(GrainRegistry a, String prefix, List<Member> view, Member self, int n)
            throws Exception {
        List<GrainRef> grains = idsOwnedBy(prefix, view, self, false, 100).stream().map(id -> a.ref(KIND, id))
                .toList();
        for (GrainRef g : grains) {
            g.ask(0L, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // activate
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            grains.get(i % grains.size()).tell(1L);
        }
        long counted = 0;
        for (int round = 0; round < 10_000 && counted < n; round++) {
            counted = 0;
            for (GrainRef g : grains) {
                counted += (Long) g.ask(0L, TIMEOUT).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        }
        long elapsed = System.nanoTime() - start;
        return n / (elapsed / 1e9);
    }

    private static double activations(GrainRegistry a, String prefix, List<Member> view, Member self, int n)
            throws Exception {
        List<String> ids = idsOwnedBy(prefix, view, self, false, n);
        long start = System.nanoTime();
        List<CompletableFuture<Object>> window = new ArrayList<>();
        for (String id : ids) {
            window.add(a.ref(KIND, id).ask(1L, TIMEOUT).toCompletableFuture());
            if (window.size() == 100) {
                CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(),
                        TimeUnit.SECONDS);
                window.clear();
            }
        }
        CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static Serialization serialization() {
        return Serialization.builder().register("bench.Long", Long.class, new Serializer<Long>() {
            @Override
            public byte[] toBytes(Long value) {
                return ByteBuffer.allocate(8).putLong(value).array();
            }

            @Override
            public Long fromBytes(byte[] bytes, Class<Long> type) {
                return ByteBuffer.wrap(bytes).getLong();
            }
        }).build();
    }
}
