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
 * {@code tell} from a thread outside the actor system to one counting actor, measured to completion: one
 * invocation sends a batch of {@value #BATCH} messages and returns when the actor has processed all of them, so the
 * score is end-to-end (enqueue, schedule, process) and not just the cost of the enqueue.
 *
 * <p>The message is one pre-allocated object, so with {@code -prof gc} the {@code gc.alloc.rate.norm} per operation
 * is what the runtime itself allocates per message (the envelope, ideally nothing else).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TellBenchmark {

    static final int BATCH = 10_000;
    private static final Object MESSAGE = "m";

    private ActorSystem system;
    private ActorRef counter;
    private Completion completion;

    /** Starts a system with default settings and one counting actor. */
    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create("tell-bench");
        Completion c = new Completion();
        completion = c;
        counter = system.spawn("counter", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() == MESSAGE) {
                    c.processed();
                }
            }
        });
    }

    /** Stops the system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        system.shutdown();
    }

    /** One batch of tells, to completion; the score counts messages. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void tellBatch() {
        long target = completion.expect(BATCH);
        ActorRef to = counter;
        for (int i = 0; i < BATCH; i++) {
            to.tell(MESSAGE);
        }
        completion.await(target, 30);
    }
}
