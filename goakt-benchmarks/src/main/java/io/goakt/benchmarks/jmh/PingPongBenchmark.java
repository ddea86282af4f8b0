package io.goakt.benchmarks.jmh;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import java.util.concurrent.TimeUnit;
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
 * Ping-pong between two actors: the benchmark thread serves once, the two actors then exchange one pre-allocated
 * ball {@value #ROUND_TRIPS} times and the last return wakes the benchmark thread. The score is round trips (two
 * messages each) per second; {@code gc.alloc.rate.norm} is the bytes the runtime allocates per round trip.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PingPongBenchmark {

    static final int ROUND_TRIPS = 10_000;
    private static final Object BALL = "ball";
    private static final Object SERVE = "serve";

    private ActorSystem system;
    private ActorRef ping;
    private Completion completion;

    /** Starts a system with default settings, a ping actor and a pong actor. */
    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create("pingpong-bench");
        Completion c = new Completion();
        completion = c;
        ActorRef pong = system.spawn("pong", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() == BALL) {
                    ctx.respond(BALL);
                }
            }
        });
        ping = system.spawn("ping", () -> new Actor() {
            private int left;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if (m == SERVE) {
                    left = ROUND_TRIPS;
                    pong.tell(BALL, ctx.self());
                } else if (m == BALL) {
                    if (--left == 0) {
                        c.processed();
                    } else {
                        pong.tell(BALL, ctx.self());
                    }
                }
            }
        });
    }

    /** Stops the system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        system.shutdown();
    }

    /** One rally of round trips, to completion; the score counts round trips. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void rally() {
        long target = completion.expect(1);
        ping.tell(SERVE);
        completion.await(target, 30);
    }
}
