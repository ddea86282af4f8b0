package io.goakt.benchmarks.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Remote throughput and ask latency between two JVMs on 127.0.0.1.
 *
 * <p>{@code java -cp benchmarks.jar io.goakt.benchmarks.remote.RemoteBenchmark [--quick]} starts a second JVM
 * (this class with {@code peer}), which serves a counting actor and an echo actor; this JVM then tells it
 * {@code 2,000,000} small messages (a record with a long and a 16-character string) and waits for the peer to
 * report the last one counted, then makes {@code 20,000} sequential asks. It prints lines in the harness format:
 * {@code scenario=<name> system=goakt value=<median> unit=<unit> min=<..> max=<..>}.
 */
public final class RemoteBenchmark {

    /** The message that crosses the wire. */
    public record Payload(long seq, String text) {
    }

    /** Asks the peer's counter how many payloads it has seen; the reply is a {@link Long}. */
    public record Count() {
    }

    /** Resets the peer's counter. */
    public record Reset() {
    }

    private static final String TEXT = "0123456789abcdef"; // 16 bytes

    private RemoteBenchmark() {
    }

    static Serialization serialization() {
        return Serialization.builder()
                .register("bench.Payload", Payload.class)
                .register("bench.Count", Count.class)
                .register("bench.Reset", Reset.class)
                .register("bench.Long", Long.class)
                .build();
    }

    /** Entry point: {@code peer} runs the serving side, anything else the measuring side. */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("peer")) {
            peer();
        } else {
            drive(Arrays.asList(args).contains("--quick"));
        }
    }

    private static void peer() throws IOException {
        ActorSystem system = ActorSystem.create("peer");
        Remoting remoting = Remoting.start(system, RemotingConfig.builder().host("127.0.0.1").port(0)
                .serialization(serialization()).build());
        system.spawn("counter", () -> new io.goakt.actor.Actor() {
            long count;

            @Override
            public void receive(io.goakt.actor.ReceiveContext ctx) {
                Object m = ctx.message();
                if (m instanceof Payload) {
                    count++;
                } else if (m instanceof Count) {
                    ctx.respond(count);
                } else if (m instanceof Reset) {
                    count = 0;
                    ctx.respond(0L);
                }
            }
        }, io.goakt.actor.SpawnOptions.defaults());
        system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Payload p) {
                ctx.respond(p.seq());
            }
        });
        System.out.println("PORT " + remoting.endpoint().port());
        System.out.flush();
        PeerProcess.awaitDriverGone();
        system.shutdown();
    }

    private static void drive(boolean quick) throws Exception {
        int messages = quick ? 200_000 : 2_000_000;
        int asks = quick ? 5_000 : 20_000;
        int iterations = quick ? 3 : 5;
        PeerProcess peer = PeerProcess.start(RemoteBenchmark.class, "peer");
        ActorSystem system = ActorSystem.create("driver");
        try {
            int port = peer.port();
            Remoting remoting = Remoting.start(system, RemotingConfig.builder().host("127.0.0.1").port(0)
                    .serialization(serialization()).build());
            ActorRef counter = remoting.actorRef(new Endpoint("127.0.0.1", port), "peer", "counter");
            ActorRef echo = remoting.actorRef(new Endpoint("127.0.0.1", port), "peer", "echo");

            double[] rates = new double[iterations];
            for (int i = -1; i < iterations; i++) { // i == -1 is the warm-up
                counter.ask(new Reset(), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
                long start = System.nanoTime();
                for (int m = 0; m < messages; m++) {
                    counter.tell(new Payload(m, TEXT));
                }
                // Completion, not enqueueing: wait until the peer has counted the last one.
                while ((Long) counter.ask(new Count(), Duration.ofSeconds(60)).toCompletableFuture()
                        .get(60, TimeUnit.SECONDS) < messages) {
                    Thread.onSpinWait();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i >= 0) {
                    rates[i] = messages / seconds;
                }
            }
            print("remote-tell", rates, "msgs/s");

            long[] latencies = new long[asks];
            double[] askRates = new double[iterations];
            double[][] pct = new double[3][iterations];
            for (int i = -1; i < iterations; i++) {
                long start = System.nanoTime();
                for (int a = 0; a < asks; a++) {
                    long t0 = System.nanoTime();
                    echo.ask(new Payload(a, TEXT), Duration.ofSeconds(30)).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                    latencies[a] = System.nanoTime() - t0;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (i >= 0) {
                    Arrays.sort(latencies);
                    askRates[i] = asks / seconds;
                    pct[0][i] = latencies[(int) (asks * 0.50)] / 1e3;
                    pct[1][i] = latencies[(int) (asks * 0.99)] / 1e3;
                    pct[2][i] = latencies[Math.min(asks - 1, (int) (asks * 0.999))] / 1e3;
                }
            }
            print("remote-ask", askRates, "asks/s");
            print("remote-ask-p50", pct[0], "us");
            print("remote-ask-p99", pct[1], "us");
            print("remote-ask-p99.9", pct[2], "us");
        } finally {
            system.shutdown(Duration.ofSeconds(10));
            peer.close();
        }
    }

    private static void print(String scenario, double[] values, String unit) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "scenario=%s system=goakt value=%.1f unit=%s min=%.1f max=%.1f",
                scenario, sorted[sorted.length / 2], unit, sorted[0], sorted[sorted.length - 1]));
    }
}
