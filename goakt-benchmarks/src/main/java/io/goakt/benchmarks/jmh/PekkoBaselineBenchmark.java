package io.goakt.benchmarks.jmh;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Pekko classic counterparts of {@link TellBenchmark#tellBatch} and {@link AskBenchmark#ask}, with the same
 * shapes, payloads and completion wait, so {@code -prof gc} puts the two runtimes' bytes per message side by side.
 * Pekko runs with its default configuration.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PekkoBaselineBenchmark {

    private static final Object MESSAGE = "m";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ActorSystem system;
    private ActorRef counter;
    private ActorRef echo;
    private Completion completion;

    /** Starts a Pekko system with a counting actor and an echo actor. */
    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create("pekko-bench", ConfigFactory.parseString("pekko.loglevel = WARNING")
                .withFallback(ConfigFactory.load()));
        Completion c = new Completion();
        completion = c;
        counter = system.actorOf(Props.create(Counter.class, () -> new Counter(c)));
        echo = system.actorOf(Props.create(Echo.class, Echo::new));
    }

    /** Stops the system. */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Same as {@link TellBenchmark#tellBatch}, on Pekko. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OperationsPerInvocation(TellBenchmark.BATCH)
    public void tellBatch() {
        long target = completion.expect(TellBenchmark.BATCH);
        ActorRef to = counter;
        for (int i = 0; i < TellBenchmark.BATCH; i++) {
            to.tell(MESSAGE, ActorRef.noSender());
        }
        completion.await(target, 30);
    }

    /** Same as {@link AskBenchmark#ask}, on Pekko. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object ask() throws Exception {
        return Patterns.ask(echo, MESSAGE, TIMEOUT).toCompletableFuture().get();
    }

    /** Counts messages into a {@link Completion}. */
    static final class Counter extends AbstractActor {
        private final Completion completion;

        Counter(Completion completion) {
            this.completion = completion;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchEquals(MESSAGE, m -> completion.processed()).build();
        }
    }

    /** Replies with the message it got. */
    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().matchAny(m -> getSender().tell(m, getSelf())).build();
        }
    }
}
