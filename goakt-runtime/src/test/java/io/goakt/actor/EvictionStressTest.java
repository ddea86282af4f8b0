package io.goakt.actor;

import io.goakt.eventstream.ActorPassivated;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spawning and messaging from several threads while eviction runs (on spawn and on its timer): nothing throws, the
 * cap holds once the spawning stops, and every message is either handled or a dead letter (sent to an actor that
 * was evicted), never lost.
 */
class EvictionStressTest {

    private static final int CAP = 100;
    private static final int THREADS = 4;
    private static final int SPAWNS_PER_THREAD = 500;
    private static final int MESSAGES_PER_SPAWN = 10;

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(30));
        }
    }

    @Test
    void spawningAndMessagingWhileEvictionRunsLosesNoMessage() throws Exception {
        system = ActorSystem.create("evict-stress", ActorSystemConfig.builder()
                .eviction(EvictionPolicy.lru(CAP).withInterval(Duration.ofMillis(20)).withSampleSize(8)).build());
        AtomicLong handled = new AtomicLong();
        AtomicLong deadLettered = new AtomicLong();
        AtomicLong evicted = new AtomicLong();
        system.eventStream().subscribe(DeadLetter.class, d -> {
            if (d.message() instanceof Integer) {
                deadLettered.incrementAndGet();
            }
        });
        system.eventStream().subscribe(ActorPassivated.class, p -> evicted.incrementAndGet());
        SpawnOptions onDemand = SpawnOptions.builder().passivation(Passivation.afterIdle(Duration.ofHours(1))).build();
        AtomicLong sent = new AtomicLong();
        CyclicBarrier go = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    go.await(30, TimeUnit.SECONDS);
                    List<ActorRef> mine = new ArrayList<>();
                    for (int i = 0; i < SPAWNS_PER_THREAD; i++) {
                        ActorRef ref = system.spawn("t" + thread + "-" + i, () -> Actors.fromFunction(ctx -> {
                            if (ctx.message() instanceof Integer) {
                                handled.incrementAndGet();
                            }
                        }), onDemand);
                        mine.add(ref);
                        for (int m = 0; m < MESSAGES_PER_SPAWN; m++) {
                            // Half to the new actor, half to an earlier one that may have been evicted meanwhile.
                            ActorRef to = m % 2 == 0 ? ref : mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                            to.tell(m);
                            sent.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS); // rethrows whatever a spawning thread met
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (long) THREADS * SPAWNS_PER_THREAD * MESSAGES_PER_SPAWN;
        assertThat(sent).hasValue(total);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(handled.get() + deadLettered.get()).isEqualTo(total));
        await().atMost(Duration.ofSeconds(60)).until(() -> system.actorCount() <= CAP);
        assertThat(evicted.get()).isGreaterThanOrEqualTo((long) THREADS * SPAWNS_PER_THREAD - CAP);
    }
}
