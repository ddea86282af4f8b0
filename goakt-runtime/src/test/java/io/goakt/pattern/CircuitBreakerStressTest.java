package io.goakt.pattern;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.pattern.CircuitBreaker.State;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads calling one breaker on a manual clock: only one trial runs per half-open period, no transition is
 * lost, and every call completes exactly once.
 */
class CircuitBreakerStressTest {

    private static final int THREADS = 8;
    private static final Duration RESET = Duration.ofSeconds(1);

    private final ManualScheduler clock = new ManualScheduler();
    private final Map<String, LongAdder> transitions = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("breaker-stress", ActorSystemConfig.builder().scheduler(clock).build());
        system.eventStream().subscribe(CircuitBreakerStateChanged.class,
                e -> transitions.computeIfAbsent(e.from() + "->" + e.to(), k -> new LongAdder()).increment());
    }

    @AfterEach
    void tearDown() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        system.shutdown(Duration.ofSeconds(10));
    }

    private long count(State from, State to) {
        LongAdder n = transitions.get(from + "->" + to);
        return n == null ? 0 : n.sum();
    }

    /** Every entry into a state matches an exit from it, except for the state the breaker ends in. */
    private void assertTransitionsBalance(State last) {
        long intoClosed = count(State.HALF_OPEN, State.CLOSED) + 1; // it starts closed
        long outOfClosed = count(State.CLOSED, State.OPEN);
        long intoOpen = count(State.CLOSED, State.OPEN) + count(State.HALF_OPEN, State.OPEN);
        long outOfOpen = count(State.OPEN, State.HALF_OPEN);
        long intoHalfOpen = count(State.OPEN, State.HALF_OPEN);
        long outOfHalfOpen = count(State.HALF_OPEN, State.CLOSED) + count(State.HALF_OPEN, State.OPEN);
        assertThat(transitions.keySet()).isSubsetOf("CLOSED->OPEN", "OPEN->HALF_OPEN", "HALF_OPEN->CLOSED",
                "HALF_OPEN->OPEN");
        assertThat(intoClosed).isEqualTo(outOfClosed + (last == State.CLOSED ? 1 : 0));
        assertThat(intoOpen).isEqualTo(outOfOpen + (last == State.OPEN ? 1 : 0));
        assertThat(intoHalfOpen).isEqualTo(outOfHalfOpen + (last == State.HALF_OPEN ? 1 : 0));
    }

    /** Runs {@code call} on every thread at once and waits for all. */
    private void together(Runnable call) throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            done.add(pool.submit(() -> {
                start.await(30, TimeUnit.SECONDS);
                call.run();
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void whenManyThreadsCallAHalfOpenBreakerExactlyOneTrialRunsAndMaxFailuresOpenItExactlyOnce() throws Exception {
        int maxFailures = 3;
        CircuitBreaker breaker = CircuitBreaker.builder().name("racy").system(system).maxFailures(maxFailures)
                .resetTimeout(RESET).build();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < maxFailures; i++) {
            breaker.call(() -> CompletableFuture.failedFuture(new IllegalStateException()));
        }
        for (int round = 0; round < 200; round++) {
            assertThat(breaker.state()).isEqualTo(State.OPEN);
            clock.advance(RESET);
            AtomicInteger trials = new AtomicInteger();
            AtomicInteger refusedWhileTrial = new AtomicInteger();
            CompletableFuture<Object> trialOutcome = new CompletableFuture<>();
            together(() -> breaker.call(() -> {
                trials.incrementAndGet();
                return trialOutcome;
            }).whenComplete((v, e) -> {
                if (e instanceof CircuitBreakerOpenException o && o.retryIn().isZero()) {
                    refusedWhileTrial.incrementAndGet();
                }
            }));
            assertThat(trials.get()).as("trials in round " + round).isEqualTo(1);
            assertThat(refusedWhileTrial.get()).isEqualTo(THREADS - 1);

            if (random.nextBoolean()) {
                trialOutcome.completeExceptionally(new IllegalStateException("still down"));
                continue;
            }
            trialOutcome.complete("up");
            assertThat(breaker.state()).isEqualTo(State.CLOSED);
            long opened = count(State.CLOSED, State.OPEN);
            AtomicInteger ran = new AtomicInteger();
            together(() -> breaker.call(() -> {
                ran.incrementAndGet();
                return CompletableFuture.failedFuture(new IllegalStateException("down again"));
            }));
            assertThat(count(State.CLOSED, State.OPEN)).as("opened once in round " + round).isEqualTo(opened + 1);
            assertThat(ran.get()).isBetween(maxFailures, THREADS);
        }
        assertTransitionsBalance(breaker.state());
    }

    @Test
    void underRandomConcurrentOutcomesAndAMovingClockEveryCallCompletesOnceAndNoTransitionIsLost() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.builder().name("racy").system(system).maxFailures(4)
                .callTimeout(Duration.ofMillis(300)).resetTimeout(Duration.ofMillis(200))
                .exponentialBackoff(1.5, Duration.ofSeconds(1)).build();
        int callsPerThread = 3000;
        ConcurrentLinkedQueue<CompletableFuture<Object>> pending = new ConcurrentLinkedQueue<>();
        LongAdder completions = new LongAdder();
        LongAdder refused = new LongAdder();
        AtomicInteger threadSeeds = new AtomicInteger();
        AtomicInteger running = new AtomicInteger(THREADS);

        Future<?> mover = pool.submit(() -> {
            SplittableRandom random = new SplittableRandom(7);
            while (running.get() > 0) {
                clock.advance(Duration.ofMillis(random.nextInt(1, 60)));
                CompletableFuture<Object> f;
                while ((f = pending.poll()) != null) {
                    if (random.nextInt(3) == 0) {
                        f.complete("late");
                    } else {
                        f.completeExceptionally(new IllegalStateException("late failure"));
                    }
                }
                Thread.onSpinWait();
            }
            return null;
        });
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < THREADS - 1; t++) {
            callers.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(threadSeeds.incrementAndGet());
                try {
                    for (int i = 0; i < callsPerThread; i++) {
                        int dice = random.nextInt(10);
                        breaker.call(() -> dice < 5 ? CompletableFuture.completedFuture((Object) "ok")
                                : dice < 8 ? CompletableFuture.failedFuture(new IllegalStateException("down"))
                                : track(pending, new CompletableFuture<>()))
                                .whenComplete((v, e) -> {
                                    completions.increment();
                                    if (e instanceof CircuitBreakerOpenException) {
                                        refused.increment();
                                    }
                                });
                    }
                } finally {
                    running.decrementAndGet();
                }
                return null;
            }));
        }
        running.decrementAndGet(); // the mover is not a caller
        for (Future<?> f : callers) {
            f.get(120, TimeUnit.SECONDS);
        }
        mover.get(120, TimeUnit.SECONDS);
        clock.advance(Duration.ofSeconds(10)); // every remaining call timeout fires
        pending.forEach(f -> f.complete("after the end"));

        long calls = (long) (THREADS - 1) * callsPerThread;
        assertThat(completions.sum()).as("completions").isEqualTo(calls);
        assertThat(refused.sum()).as("some calls were refused").isPositive();
        assertThat(count(State.OPEN, State.HALF_OPEN)).as("trials").isPositive();
        assertTransitionsBalance(breaker.state());
    }

    private static <T> CompletableFuture<T> track(ConcurrentLinkedQueue<CompletableFuture<Object>> pending,
                                                  CompletableFuture<T> f) {
        @SuppressWarnings("unchecked")
        CompletableFuture<Object> any = (CompletableFuture<Object>) f;
        pending.add(any);
        return f;
    }
}
