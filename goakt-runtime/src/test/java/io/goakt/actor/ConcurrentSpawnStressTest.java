package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Many threads spawning, looking up and stopping top-level actors at once: the guardian's child table under fire. */
class ConcurrentSpawnStressTest {

    private final ActorSystem system = ActorSystem.create("spawn-stress");
    private final ExecutorService pool = Executors.newFixedThreadPool(8);

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        system.shutdown(Duration.ofSeconds(30));
    }

    @Test
    void uniqueNamesUnderRacingSpawnsLookupsAndStops() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger duplicateWins = new AtomicInteger();
        AtomicInteger alreadyExists = new AtomicInteger();
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            work.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    ActorRef mine = system.spawnFromFunction("t" + id + "-" + i, ctx -> { });
                    assertThat(system.lookup("t" + id + "-" + i)).contains(mine);
                    // Every thread also races for the same shared names: exactly one may win each.
                    try {
                        system.spawnFromFunction("shared-" + i, ctx -> { });
                        duplicateWins.incrementAndGet();
                    } catch (ActorAlreadyExistsException e) {
                        alreadyExists.incrementAndGet();
                    }
                    if (i % 2 == 0) {
                        system.stop(mine).toCompletableFuture().get(10, TimeUnit.SECONDS);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get(120, TimeUnit.SECONDS);
        }
        assertThat(duplicateWins).hasValue(perThread);
        assertThat(alreadyExists).hasValue(perThread * (threads - 1));
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                assertThat(system.lookup("t" + t + "-" + i).isPresent()).isEqualTo(i % 2 == 1);
            }
        }
        assertThat(system.actorCount()).isEqualTo(threads * perThread / 2 + perThread);
        assertThat(system.actors()).hasSize(threads * perThread / 2 + perThread);
    }
}
