package io.goakt.dispatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WheelSchedulerTest {

    private final WheelScheduler wheel = new WheelScheduler("test-wheel", Duration.ofMillis(2), 8);

    @AfterEach
    void tearDown() {
        wheel.shutdown();
    }

    @Test
    void runsATaskNoEarlierThanItsDelay() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        long[] at = new long[1];
        wheel.schedule(Duration.ofMillis(30), () -> {
            at[0] = System.nanoTime();
            ran.countDown();
        });
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(at[0] - start).isGreaterThanOrEqualTo(Duration.ofMillis(30).toNanos());
        await().atMost(Duration.ofSeconds(5)).until(() -> wheel.pending() == 0);
    }

    @Test
    void delaysLongerThanOneTurnOfTheWheelWaitTheirRounds() throws Exception {
        // 8 buckets of 2 ms: 100 ms is several turns.
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        wheel.schedule(Duration.ofMillis(100), ran::countDown);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }

    @Test
    void aCancelledTaskNeverRunsAndIsReleased() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch marker = new CountDownLatch(1);
        Scheduler.Cancellable c = wheel.schedule(Duration.ofMillis(20), runs::incrementAndGet);
        assertThat(c.cancel()).isTrue();
        assertThat(c.cancel()).isFalse();
        wheel.schedule(Duration.ofMillis(60), marker::countDown); // runs after the cancelled one would have
        assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> wheel.pending() == 0);
    }

    @Test
    void manyThreadsSchedulingAndCancellingLeaveNothingBehind() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicInteger fired = new AtomicInteger();
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                work.add(pool.submit(() -> {
                    for (int i = 0; i < 50_000; i++) {
                        Scheduler.Cancellable c = wheel.schedule(Duration.ofSeconds(30), fired::incrementAndGet);
                        c.cancel();
                    }
                    for (int i = 0; i < 1_000; i++) {
                        wheel.schedule(Duration.ofMillis(i % 50), fired::incrementAndGet);
                    }
                }));
            }
            for (Future<?> f : work) {
                f.get(60, TimeUnit.SECONDS);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> fired.get() == 4_000 && wheel.pending() == 0);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThrowingTaskDoesNotStopTheWheel() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        wheel.schedule(Duration.ofMillis(5), () -> {
            throw new IllegalStateException("task bug");
        });
        wheel.schedule(Duration.ofMillis(20), after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void nothingRunsAfterShutdown() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        wheel.schedule(Duration.ofMillis(50), runs::incrementAndGet);
        wheel.shutdown();
        Scheduler.Cancellable late = wheel.schedule(Duration.ZERO, runs::incrementAndGet);
        assertThat(late.cancel()).isFalse();
        assertThat(runs).hasValue(0);
    }
}
