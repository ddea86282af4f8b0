package io.goakt.benchmarks.jmh;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One {@code ask} round trip from a thread outside the system to an echo actor, waiting for the reply before the
 * next ask (the latency shape). Sample mode gives percentiles; {@code -prof gc} gives the bytes per ask (the
 * future, the temporary reply ref and the timeout are expected costs of an ask).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AskBenchmark {

    private static final Object QUESTION = "q";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private ActorSystem system;
    private ActorRef echo;

    /** Starts a system with default settings and one echo actor. */
    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create("ask-bench");
        echo = system.spawn("echo", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() == QUESTION) {
                    ctx.respond(QUESTION);
                }
            }
        });
    }

    /** Stops the system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        system.shutdown();
    }

    /** One ask, waiting for its reply. */
    @Benchmark
    public Object ask() {
        return echo.ask(QUESTION, TIMEOUT).toCompletableFuture().join();
    }
}
