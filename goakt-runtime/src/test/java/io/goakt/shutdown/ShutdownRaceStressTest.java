package io.goakt.shutdown;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A coordinated shutdown racing with threads that spawn actors and tell them messages: the shutdown ends, every
 * spawn either succeeds or is refused as the system shutting down, and every message a tell accepted is handled or
 * becomes a dead letter.
 *
 * <p>Every sender waits for an answer from its target every {@value #PACE} tells: senders that outrun the actors on a
 * small machine would otherwise queue tens of millions of messages, and a shutdown whose deadline passes while
 * actors dead-letter such a backlog ends without reporting the rest (the dispatchers stop at the deadline), which is
 * not the race this test is about.
 */
class ShutdownRaceStressTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final int THREADS = 4;
    private static final int PACE = 128;

    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    /** A message of this test, so the count ignores anything else that becomes a dead letter. */
    private record Work(int n) {
    }

    private record Ping() {
    }

    private static void handle(ReceiveContext ctx, AtomicLong handled) {
        if (ctx.message() instanceof Work) {
            handled.incrementAndGet();
        } else if (ctx.message() instanceof Ping) {
            ctx.respond("pong");
        }
    }

    @Test
    void shutdownRacingWithSpawnsAndTellsEndsAndAccountsForEveryMessage() throws Exception {
        for (int round = 0; round < 5; round++) {
            runRound(round);
        }
    }

    private void runRound(int round) throws Exception {
        ActorSystem system = ActorSystem.create("shutdown-race-" + round);
        AtomicLong handled = new AtomicLong();
        AtomicLong deadLettered = new AtomicLong();
        system.eventStream().subscribe(DeadLetter.class, d -> {
            if (d.message() instanceof Work) {
                deadLettered.incrementAndGet();
            }
        });
        List<ActorRef> targets = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 20; i++) {
            targets.add(system.spawnFromFunction("t" + i, ctx -> handle(ctx, handled)));
        }
        AtomicLong sent = new AtomicLong();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                started.countDown();
                for (int i = 0; !stop.get(); i++) {
                    if (i % 64 == 0) {
                        try {
                            targets.add(system.spawn(() -> ctx -> handle(ctx, handled), SpawnOptions.defaults()));
                        } catch (IllegalStateException e) {
                            // SystemShuttingDownException, or a spawn that raced with the guardian's stop
                            refused.incrementAndGet();
                        }
                    }
                    ActorRef target = targets.get((i * 31 + thread) % targets.size());
                    target.tell(new Work(i));
                    sent.incrementAndGet();
                    if (i % PACE == PACE - 1) {
                        try {
                            target.ask(new Ping(), LONG).toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // the target stopped, or the system did: the tells go on regardless
                        }
                    }
                }
            }));
        }
        assertThat(started.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(LONG).until(() -> sent.get() > 20_000);
        CompletableFuture<Void> shutdown = system.coordinatedShutdown()
                .run(new ShutdownReason("stress round " + round), LONG).toCompletableFuture();
        // The senders keep going through the whole shutdown and a little after it.
        shutdown.handle((v, e) -> null).get(LONG.toSeconds() * 2, TimeUnit.SECONDS);
        long afterShutdown = sent.get();
        await().atMost(LONG).until(() -> sent.get() > afterShutdown + 1_000);
        stop.set(true);
        for (Future<?> w : workers) {
            w.get(LONG.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
        assertThat(refused.get()).as("spawns refused once the shutdown stopped accepting").isPositive();
        await().atMost(LONG).untilAsserted(() ->
                assertThat(handled.get() + deadLettered.get()).as("handled + dead letters").isEqualTo(sent.get()));
    }
}
