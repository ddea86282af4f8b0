package io.goakt.benchmarks.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.benchmarks.remote.GoaktRemote;
import io.goakt.benchmarks.remote.Wire;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.pubsub.PubSub;
import io.goakt.pubsub.TopicRegistry;
import io.goakt.remote.RemotingConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cross-member publish throughput of the clustered topics, on a three-member cluster on 127.0.0.1 whose members
 * are in this JVM (three actor systems, each with its own remoting and control plane, talking over loopback TCP).
 *
 * <p>Shape: {@code K} subscribers of one topic on each of the three members; a publisher actor on member A
 * publishes {@link Wire.Payload}s ({@code PubSub.topics(system).publish}) with itself as the sender. Every publish
 * reaches A's subscribers directly and the subscribers on B and C through one relay message per member. Each
 * subscriber acknowledges every {@link Wire#BATCH}th payload to the publisher, which keeps at most
 * {@link Wire#WINDOW} payloads ahead of the slowest subscriber. A run ends when every subscriber acknowledged every
 * payload; the rate is payloads published per second, and deliveries per second are that times {@code 3K}.
 *
 * <pre>
 * java -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.ClusterTopicsBenchmark \
 *     [--iterations N] [--subscribers K,K,...] [--quick]
 * </pre>
 */
public final class ClusterTopicsBenchmark {

    private static final String TOPIC = "bench";

    private ClusterTopicsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = 5;
        boolean quick = false;
        int[] ks = {1, 4};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--quick" -> quick = true;
                case "--subscribers" -> ks = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Arrays.sort(ks); // subscribers are only ever added between runs
        int messages = quick ? 50_000 : 500_000;
        System.out.println("# " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, iterations=" + iterations
                + ", messages=" + messages + ", subscribers per member=" + Arrays.toString(ks));

        List<Integer> ports = Bench.freePorts(3);
        List<ActorSystem> systems = new ArrayList<>();
        try {
            for (int port : ports) {
                ActorSystem s = ActorSystem.create("topics" + port);
                systems.add(s);
                Cluster.start(s, ClusterConfig.builder().clusterName("topics-bench").port(port)
                        .discovery(StaticDiscovery.of(ports.stream().map(p -> "127.0.0.1:" + p).toList()))
                        .failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                        .remoting(RemotingConfig.builder().host("127.0.0.1").port(0)
                                .serialization(GoaktRemote.serialization()).build())
                        .build());
            }
            Bench.await("a three-member view on every member",
                    () -> systems.stream().allMatch(s -> Cluster.of(s).orElseThrow().view().size() == 3));
            ActorRef publisher = systems.get(0).spawn("publisher", Publisher::new, SpawnOptions.defaults());
            List<ActorRef> subscribers = new ArrayList<>();
            int had = 0;
            for (int k : ks) {
                // Add subscribers up to k per member, then wait until every member's replica counts them all.
                for (ActorSystem s : systems) {
                    for (int i = had; i < k; i++) {
                        ActorRef sub = s.spawn("subscriber-" + i, Subscriber::new, SpawnOptions.defaults());
                        PubSub.topics(s).subscribe(TOPIC, sub);
                        subscribers.add(sub);
                    }
                }
                had = Math.max(had, k);
                int total = 3 * had;
                Bench.await(total + " subscribers known on every member", () -> systems.stream()
                        .allMatch(s -> PubSub.topics(s).subscribers(TOPIC).size() == total));
                double[] rates = new double[iterations];
                for (int i = -1; i < iterations; i++) { // -1: warm-up
                    CompletableFuture<Long> done = new CompletableFuture<>();
                    long t0 = System.nanoTime();
                    publisher.tell(new Go(PubSub.topics(systems.get(0)), messages, total, done));
                    double rate = messages / ((done.get(5, TimeUnit.MINUTES) - t0) / 1e9);
                    if (i >= 0) {
                        rates[i] = rate;
                        System.out.printf(Locale.ROOT, "iteration %d subscribers %d publish %.0f msgs/s "
                                + "deliveries %.0f /s%n", i, total, rate, rate * total);
                    }
                }
                Bench.print("cluster-topic-publish-" + total + "-subscribers", rates, "msgs/s");
            }
        } finally {
            for (ActorSystem s : systems) {
                s.shutdown(Duration.ofSeconds(30));
            }
        }
    }

    /** Starts a run: {@code total} payloads to {@code subscribers} subscribers; {@code done} gets the end time. */
    record Go(TopicRegistry topics, long total, int subscribers, CompletableFuture<Long> done) {
    }

    /**
     * Publishes the run's payloads, never more than {@link Wire#WINDOW} ahead of the slowest subscriber's last
     * acknowledgement. A run starts with a {@link Wire.Reset} on the topic and waits for every subscriber's
     * {@code Ack(0)}.
     */
    static final class Publisher implements Actor {
        private Go run;
        private long sent;
        private int resetAcks;
        private final Map<ActorRef, Long> acked = new HashMap<>();

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Go g) {
                run = g;
                sent = 0;
                resetAcks = 0;
                acked.clear();
                g.topics().publish(TOPIC, new Wire.Reset(), ctx.self());
            } else if (m instanceof Wire.Ack ack && run != null) {
                if (ack.count() == 0) {
                    if (++resetAcks == run.subscribers()) {
                        publish(ctx);
                    }
                    return;
                }
                acked.put(ctx.sender(), ack.count());
                long slowest = acked.size() < run.subscribers() ? 0
                        : acked.values().stream().mapToLong(Long::longValue).min().orElse(0);
                if (slowest >= run.total()) {
                    run.done().complete(System.nanoTime());
                    run = null;
                } else {
                    publish(ctx);
                }
            }
        }

        private void publish(ReceiveContext ctx) {
            long slowest = acked.size() < run.subscribers() ? 0
                    : acked.values().stream().mapToLong(Long::longValue).min().orElse(0);
            for (long n = Wire.toSend(run.total(), sent, slowest); n > 0; n--) {
                run.topics().publish(TOPIC, new Wire.Payload(sent++, Wire.TEXT), ctx.self());
            }
        }
    }

    /** Counts payloads, acknowledging every {@link Wire#BATCH}th to the publisher; answers a reset with Ack(0). */
    static final class Subscriber implements Actor {
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
                ctx.sender().tell(new Wire.Ack(0), ctx.self());
            }
        }
    }
}
