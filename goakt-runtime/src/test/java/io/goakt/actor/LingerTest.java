package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker whose actor ran dry keeps the turn open for a moment, waiting for the next message (request-reply
 * traffic). These tests hold the lingering worker to the same rules as any turn: it still sees system messages, it
 * gives other actors their turn, and no message is lost or answered twice.
 */
class LingerTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<ActorSystem> systems = new ArrayList<>();

    private ActorSystem system(int parallelism) {
        ActorSystem s = ActorSystem.create("linger-" + systems.size(),
                ActorSystemConfig.builder().parallelism(parallelism).build());
        systems.add(s);
        return s;
    }

    @AfterEach
    void tearDown() {
        systems.forEach(s -> s.shutdown(Duration.ofSeconds(30)));
    }

    record Req(long n) {
    }

    private static ActorRef echo(ActorSystem system, String name) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof Req r) {
                ctx.respond(r);
            }
        });
    }

    @Test
    void anActorWaitingForItsNextRequestStillStopsWhenAsked() throws Exception {
        ActorSystem system = system(2);
        ActorRef echo = echo(system, "echo");
        AtomicLong answered = new AtomicLong();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread asker = new Thread(() -> {
            try {
                for (long i = 0; ; i++) {
                    Object reply = echo.ask(new Req(i), TIMEOUT).toCompletableFuture().get();
                    assertThat(reply).isEqualTo(new Req(i));
                    answered.incrementAndGet();
                }
            } catch (ExecutionException e) {
                ended.set(e.getCause());
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        asker.start();
        await().atMost(TIMEOUT).until(() -> answered.get() > 2_000);
        system.stop(echo).toCompletableFuture().get(30, TimeUnit.SECONDS);
        asker.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(asker.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(ActorNotAliveException.class);
    }

    @Test
    void aBusyRequestReplyLoopCannotStarveAnotherActorOnASingleWorker() throws Exception {
        ActorSystem system = system(1);
        ActorRef echo = echo(system, "echo");
        // The loop goes on until the third actor has run (or the bound is reached, which only starvation explains):
        // a fixed count could be used up before the third actor is even spawned, on a fast machine.
        long bound = 50_000_000;
        AtomicLong progress = new AtomicLong();
        AtomicLong seenAt = new AtomicLong(-1);
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread asker = new Thread(() -> {
            try {
                for (long i = 1; i <= bound && ran.getCount() > 0; i++) {
                    echo.ask(new Req(i), TIMEOUT).toCompletableFuture().get();
                    progress.set(i);
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        asker.start();
        await().atMost(TIMEOUT).until(() -> progress.get() > 1_000);
        ActorRef third = system.spawnFromFunction("third", ctx -> {
            if ("hello".equals(ctx.message())) {
                seenAt.set(progress.get());
                ran.countDown();
            }
        });
        third.tell("hello");
        assertThat(ran.await(5, TimeUnit.MINUTES)).as("the third actor ran").isTrue();
        asker.join(TimeUnit.MINUTES.toMillis(5));
        assertThat(asker.isAlive()).isFalse();
        assertThat(failed.get()).isNull();
        assertThat(seenAt.get()).as("the third actor ran while the asks went on").isLessThan(bound);
        assertThat(progress.get()).as("the asks stopped because the third actor ran").isLessThan(bound);
    }

    @Test
    void manyAskersAndSendersLoseNothingWhileWorkersLinger() throws Exception {
        for (int parallelism : new int[] {1, 2, 4}) {
            ActorSystem system = system(parallelism);
            int echoes = 3;
            List<ActorRef> refs = new ArrayList<>();
            for (int i = 0; i < echoes; i++) {
                refs.add(echo(system, "echo-" + i));
            }
            long tellsPerSender = 200_000;
            int senders = 2;
            AtomicLong counted = new AtomicLong();
            ActorRef counter = system.spawnFromFunction("counter", ctx -> {
                if (ctx.message() instanceof Req) {
                    counted.incrementAndGet();
                }
            });
            int askers = 4;
            int asksEach = 20_000;
            ExecutorService pool = Executors.newFixedThreadPool(askers + senders);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int a = 0; a < askers; a++) {
                    int id = a;
                    results.add(pool.submit(() -> {
                        long ok = 0;
                        for (int i = 0; i < asksEach; i++) {
                            Req req = new Req((long) id * asksEach + i);
                            Object reply = refs.get(i % echoes).ask(req, TIMEOUT).toCompletableFuture().get();
                            if (req.equals(reply)) {
                                ok++;
                            }
                        }
                        return ok;
                    }));
                }
                for (int s = 0; s < senders; s++) {
                    results.add(pool.submit(() -> {
                        for (long i = 0; i < tellsPerSender; i++) {
                            counter.tell(new Req(i));
                        }
                        return 0L;
                    }));
                }
                long ok = 0;
                for (Future<Long> f : results) {
                    ok += f.get(5, TimeUnit.MINUTES);
                }
                assertThat(ok).as("every ask got its own reply, parallelism " + parallelism)
                        .isEqualTo((long) askers * asksEach);
                await().atMost(Duration.ofMinutes(2)).untilAsserted(
                        () -> assertThat(counted.get()).isEqualTo(senders * tellsPerSender));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
