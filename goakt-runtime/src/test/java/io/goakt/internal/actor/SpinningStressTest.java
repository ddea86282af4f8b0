package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.dispatch.Spinning;
import io.goakt.internal.dispatch.ForkJoinDispatcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many threads ask and tell under each spinning setting, with more dispatcher workers than processors so that
 * spinners get descheduled and the gates close and open again: no message is lost, every ask completes with its own
 * reply, and once the traffic stops no thread is left counted as spinning in either gate.
 */
class SpinningStressTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int THREADS = 8;
    private static final int ROUNDS = 3_000;
    private static final int ECHOES = 4;

    record Req(long n) {
    }

    record Count() {
    }

    @ParameterizedTest
    @EnumSource(Spinning.class)
    void asksAndTellsAllArriveAndTheGatesEmpty(Spinning spinning) throws Exception {
        int parallelism = 2 * Runtime.getRuntime().availableProcessors();
        LocalActorSystem system = (LocalActorSystem) ActorSystem.create("spin-stress-" + spinning.name().toLowerCase(),
                ActorSystemConfig.builder().spinning(spinning).parallelism(parallelism).build());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            AtomicLong counted = new AtomicLong();
            ActorRef counter = system.spawnFromFunction("counter", ctx -> {
                if (ctx.message() instanceof Req) {
                    counted.incrementAndGet();
                } else if (ctx.message() instanceof Count) {
                    ctx.respond(counted.get());
                }
            });
            List<ActorRef> echoes = new ArrayList<>();
            for (int e = 0; e < ECHOES; e++) {
                echoes.add(system.spawnFromFunction("echo-" + e, ctx -> {
                    if (ctx.message() instanceof Req r) {
                        ctx.respond(r);
                        counter.tell(r);
                    }
                }));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    long answered = 0;
                    for (int i = 0; i < ROUNDS; i++) {
                        Req req = new Req((long) thread * ROUNDS + i);
                        ActorRef echo = echoes.get((thread + i) % ECHOES);
                        Object reply = echo.ask(req, TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
                        assertThat(reply).isEqualTo(req);
                        answered++;
                        counter.tell(req); // a tell from outside, between asks
                    }
                    return answered;
                }));
            }
            start.countDown();
            long answered = 0;
            for (Future<Long> f : futures) {
                answered += f.get(5, TimeUnit.MINUTES);
            }
            long expectedTells = 2L * THREADS * ROUNDS; // one from each echo, one from each asker
            assertThat(answered).isEqualTo((long) THREADS * ROUNDS);
            await().atMost(TIMEOUT).until(() -> (Long) counter.ask(new Count(), TIMEOUT).toCompletableFuture()
                    .get(60, TimeUnit.SECONDS) == expectedTells);
            ForkJoinDispatcher dispatcher = (ForkJoinDispatcher) system.dispatcher(null);
            await().atMost(TIMEOUT).until(() -> system.askSpinGate.spinning() == 0
                    && dispatcher.lingerGate().spinning() == 0);
            assertThat(counted.get()).isEqualTo(expectedTells);
        } finally {
            pool.shutdownNow();
            system.shutdown(Duration.ofSeconds(30));
        }
    }
}
