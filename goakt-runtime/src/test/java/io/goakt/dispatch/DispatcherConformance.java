package io.goakt.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The promises every {@link Dispatcher} makes to the mailboxes it runs (see its class comment), checked against each
 * implementation through {@link #newDispatcher}: execute never runs a task on the calling thread before returning,
 * every accepted task runs exactly once, a kept turn is run or released exactly once, a linger ends, and the
 * queries are safe wherever they are asked.
 */
public abstract class DispatcherConformance {

    /** A new dispatcher with at least two threads; the suite shuts it down. */
    protected abstract Dispatcher newDispatcher();

    private Dispatcher dispatcher;

    @BeforeEach
    void create() {
        dispatcher = newDispatcher();
    }

    @AfterEach
    void shutdown() {
        if (dispatcher != null) { // null when newDispatcher skipped the suite
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }

    /** Runs {@code body} as a turn on one of the dispatcher's threads, as a mailbox's task would. */
    private void inATurn(Runnable body) {
        dispatcher.execute(() -> dispatcher.runTurn(body));
    }

    @Test
    void executeFromOutsideNeverRunsTheTaskOnTheCallingThread() throws Exception {
        CompletableFuture<Thread> ranOn = new CompletableFuture<>();
        dispatcher.execute(() -> ranOn.complete(Thread.currentThread()));
        assertThat(ranOn.get(30, TimeUnit.SECONDS)).isNotSameAs(Thread.currentThread());
    }

    @Test
    void executeFromInsideATurnRunsTheTaskOnlyAfterTheTurnEnds() throws Exception {
        AtomicBoolean turnEnded = new AtomicBoolean();
        CompletableFuture<Boolean> sawTurnEnded = new CompletableFuture<>();
        Thread[] turnThread = new Thread[1];
        inATurn(() -> {
            turnThread[0] = Thread.currentThread();
            dispatcher.execute(() -> sawTurnEnded.complete(
                    Thread.currentThread() != turnThread[0] || turnEnded.get()));
            turnEnded.set(true);
        });
        assertThat(sawTurnEnded.get(30, TimeUnit.SECONDS)).as("ran elsewhere, or after the turn on its thread")
                .isTrue();
    }

    @Test
    void everyAcceptedTaskRunsExactlyOnceFromOutsideAndFromInsideTurns() throws Exception {
        int producers = 4;
        int perProducer = 5_000;
        int total = producers * perProducer * 2;
        AtomicIntegerArray runs = new AtomicIntegerArray(total);
        AtomicInteger done = new AtomicInteger();
        ExecutorService outside = Executors.newFixedThreadPool(producers);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int base = p * perProducer * 2;
                sends.add(outside.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        int outer = base + 2 * i;
                        dispatcher.execute(() -> dispatcher.runTurn(() -> {
                            runs.incrementAndGet(outer);
                            done.incrementAndGet();
                            dispatcher.execute(() -> { // a task made runnable by a turn: a hand-off, maybe
                                runs.incrementAndGet(outer + 1);
                                done.incrementAndGet();
                            });
                        }));
                    }
                }));
            }
            for (Future<?> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            outside.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= total);
        for (int i = 0; i < total; i++) {
            assertThat(runs.get(i)).as("runs of task %d", i).isEqualTo(1);
        }
    }

    /** Counts what the dispatcher did with it. */
    private static final class CountingTurn implements KeepableTurn {
        final AtomicInteger ran = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();
        final CountDownLatch settled = new CountDownLatch(1);

        @Override
        public void run() {
            ran.incrementAndGet();
            settled.countDown();
        }

        @Override
        public void releaseKept() {
            released.incrementAndGet();
            settled.countDown();
        }
    }

    @Test
    void aKeptTurnIsRunOrReleasedExactlyOnceAndAnUnkeptOneIsLeftAlone() throws Exception {
        for (int round = 0; round < 200; round++) {
            CountingTurn turn = new CountingTurn();
            CompletableFuture<Boolean> kept = new CompletableFuture<>();
            inATurn(() -> {
                dispatcher.execute(() -> { }); // something to run next, as a partner would be
                kept.complete(dispatcher.keepDryTurn(turn));
            });
            if (kept.get(30, TimeUnit.SECONDS)) {
                assertThat(turn.settled.await(30, TimeUnit.SECONDS)).as("round %d settled", round).isTrue();
                // Let any duplicate show up before counting: a second task through the same dispatcher runs after.
                CountDownLatch after = new CountDownLatch(1);
                dispatcher.execute(after::countDown);
                assertThat(after.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(turn.ran.get() + turn.released.get()).as("round %d: run or released once", round)
                        .isEqualTo(1);
            } else {
                assertThat(turn.ran.get() + turn.released.get()).as("round %d: not kept, left alone", round)
                        .isZero();
            }
        }
    }

    @Test
    void aLingerWithNothingComingEnds() throws Exception {
        CompletableFuture<Boolean> lingered = new CompletableFuture<>();
        inATurn(() -> lingered.complete(dispatcher.linger(() -> false)));
        assertThat(lingered.get(30, TimeUnit.SECONDS)).as("true only when the condition said so").isFalse();
    }

    @Test
    void runsNextIsFalseForNullAndOffTheDispatchersThreads() throws Exception {
        Runnable somebody = () -> { };
        assertThat(dispatcher.runsNext(null)).isFalse();
        assertThat(dispatcher.runsNext(somebody)).isFalse();
        CompletableFuture<Boolean> inTurn = new CompletableFuture<>();
        inATurn(() -> inTurn.complete(dispatcher.runsNext(null)));
        assertThat(inTurn.get(30, TimeUnit.SECONDS)).isFalse();
    }
}
