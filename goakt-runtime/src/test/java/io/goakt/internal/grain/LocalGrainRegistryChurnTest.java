package io.goakt.internal.grain;

import io.goakt.actor.ActorSystem;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.Grains;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grain directory and the grains parent's children return to their starting size once grains activated with
 * sequential ids (never reused) have deactivated, whichever way they end: on their own request, by passivation, or
 * by a deactivation asked of the registry. A directory that kept an entry per identity ever seen would grow with
 * history.
 */
class LocalGrainRegistryChurnTest {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 10_000;

    private ActorSystem system;
    private LocalGrainRegistry grains;

    @BeforeEach
    void start() {
        system = ActorSystem.create("grain-churn");
        grains = (LocalGrainRegistry) Grains.of(system);
    }

    @AfterEach
    void stop() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private void awaitEmpty(int actorsBefore) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> grains.entryCount() == 0
                && grains.activeGrains().isEmpty() && system.actorCount() == actorsBefore);
    }

    @Test
    void grainsThatDeactivateThemselvesLeaveTheDirectoryEmpty() throws Exception {
        AtomicReference<CountDownLatch> handled = new AtomicReference<>();
        grains.register("self-ending", () -> ctx -> {
            handled.get().countDown();
            ctx.deactivate();
        });
        int actors = system.actorCount();
        int n = 0;
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch latch = new CountDownLatch(PER_ROUND);
            handled.set(latch);
            for (int i = 0; i < PER_ROUND; i++) {
                grains.ref("self-ending", "id" + n++).tell("work");
            }
            assertThat(latch.await(120, TimeUnit.SECONDS)).isTrue();
            awaitEmpty(actors);
        }
    }

    @Test
    void passivatedGrainsLeaveTheDirectoryEmpty() throws Exception {
        AtomicReference<CountDownLatch> handled = new AtomicReference<>();
        grains.register("idle", () -> ctx -> handled.get().countDown(),
                GrainOptions.builder().idleTimeout(Duration.ofMillis(50)).build());
        int actors = system.actorCount();
        int n = 0;
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch latch = new CountDownLatch(PER_ROUND / 5);
            handled.set(latch);
            for (int i = 0; i < PER_ROUND / 5; i++) {
                grains.ref("idle", "id" + n++).tell("work");
            }
            assertThat(latch.await(120, TimeUnit.SECONDS)).isTrue();
            awaitEmpty(actors);
        }
    }

    @Test
    void grainsDeactivatedThroughTheRegistryLeaveTheDirectoryEmpty() throws Exception {
        AtomicReference<CountDownLatch> handled = new AtomicReference<>();
        grains.register("told", () -> ctx -> handled.get().countDown());
        int actors = system.actorCount();
        int n = 0;
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch latch = new CountDownLatch(PER_ROUND / 5);
            handled.set(latch);
            int first = n;
            for (int i = 0; i < PER_ROUND / 5; i++) {
                grains.ref("told", "id" + n++).tell("work");
            }
            assertThat(latch.await(120, TimeUnit.SECONDS)).isTrue();
            for (int id = first; id < n; id++) {
                grains.deactivate(new GrainIdentity("told", "id" + id)).toCompletableFuture().get(60, TimeUnit.SECONDS);
            }
            awaitEmpty(actors);
        }
    }

    /**
     * The directory is a {@code ConcurrentHashMap} keyed by the identity record, whose hash combines kind and id: ids
     * from a counter or at random, under one kind or several, must not share hash codes (a bin of equal hashes turns
     * into a tree and every lookup in it into a walk).
     */
    @Test
    void identitiesFromACounterOrAtRandomHaveDistinctHashCodes() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        int count = 1_000_000;
        Set<Integer> sequential = new HashSet<>();
        Set<Integer> manyKinds = new HashSet<>();
        Set<Integer> randomIds = new HashSet<>();
        for (int i = 0; i < count; i++) {
            sequential.add(new GrainIdentity("user", "id" + i).hashCode());
            manyKinds.add(new GrainIdentity("kind" + (i % 10), "" + (i / 10)).hashCode());
            randomIds.add(new GrainIdentity("user", Long.toHexString(random.nextLong())).hashCode());
        }
        // Random 32-bit codes collide by the birthday bound: about n^2 / 2^33, some 116 for a million.
        assertThat(sequential).as("sequential ids").hasSizeGreaterThan(count - 500);
        assertThat(manyKinds).as("ten kinds, sequential ids").hasSizeGreaterThan(count - 500);
        assertThat(randomIds).as("random ids, seed %d", seed).hasSizeGreaterThan(count - 500);
    }
}
