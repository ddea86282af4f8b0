package io.goakt.benchmarks.jmh;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.SpawnOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * Batch messaging against its one-by-one equivalent, from a thread outside the actor system, measured to completion
 * (the score counts messages):
 * <ul>
 *   <li>{@code tells} sends {@value #TELLS} {@code tell}s and {@code tellAll} one {@code tellAll} of as many, to a
 *       counting actor, each invocation returning once the actor has processed them all;</li>
 *   <li>{@code asks} sends {@value #ASKS} {@code ask}s at once and waits for every reply, {@code askAll} one
 *       {@code askAll} of as many to the same echo actor.</li>
 * </ul>
 * The messages are pre-allocated, so {@code -prof gc} shows what each way costs the runtime per message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BatchBenchmark {

    static final int TELLS = 1_000;
    static final int ASKS = 100;
    private static final Object MESSAGE = "m";
    private static final Object QUESTION = "q";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ActorSystem system;
    private ActorRef counter;
    private ActorRef echo;
    private Completion completion;
    private List<Object> tellBatch;
    private List<Object> askBatch;

    /** Starts a system with default settings, one counting actor and one echo actor. */
    @Setup(Level.Trial)
    public void setUp() {
        system = ActorSystem.create("batch-bench");
        Completion c = new Completion();
        completion = c;
        counter = system.spawnFromFunction("counter", ctx -> {
            if (ctx.message() == MESSAGE) {
                c.processed();
            }
        }, SpawnOptions.defaults());
        echo = system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() == QUESTION) {
                ctx.respond(QUESTION);
            }
        }, SpawnOptions.defaults());
        tellBatch = Collections.nCopies(TELLS, MESSAGE);
        askBatch = Collections.nCopies(ASKS, QUESTION);
    }

    /** Stops the system. */
    @TearDown(Level.Trial)
    public void tearDown() {
        system.shutdown();
    }

    /** {@value #TELLS} tells, to completion. */
    @Benchmark
    @OperationsPerInvocation(TELLS)
    public void tells() {
        long target = completion.expect(TELLS);
        ActorRef to = counter;
        for (int i = 0; i < TELLS; i++) {
            to.tell(MESSAGE);
        }
        completion.await(target, 30);
    }

    /** One tellAll of {@value #TELLS} messages, to completion. */
    @Benchmark
    @OperationsPerInvocation(TELLS)
    public void tellAll() {
        long target = completion.expect(TELLS);
        counter.tellAll(tellBatch);
        completion.await(target, 30);
    }

    /** {@value #ASKS} asks sent at once, then every reply awaited. */
    @Benchmark
    @OperationsPerInvocation(ASKS)
    public Object asks() {
        List<CompletableFuture<Object>> replies = new ArrayList<>(ASKS);
        for (int i = 0; i < ASKS; i++) {
            replies.add(echo.ask(QUESTION, TIMEOUT).toCompletableFuture());
        }
        Object last = null;
        for (CompletableFuture<Object> r : replies) {
            last = r.join();
        }
        return last;
    }

    /** One askAll of {@value #ASKS} messages. */
    @Benchmark
    @OperationsPerInvocation(ASKS)
    public Object askAll() {
        return echo.askAll(askBatch, TIMEOUT).toCompletableFuture().join();
    }
}
