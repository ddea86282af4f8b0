package io.goakt.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SpinGateTest {

    @Test
    void aClosedGateAsksOnceAndNeverSpins() {
        SpinGate gate = new SpinGate(0);
        AtomicInteger calls = new AtomicInteger();
        boolean done = gate.spinUntil(() -> calls.incrementAndGet() > 1_000, Long.MAX_VALUE, null);
        assertThat(done).isFalse();
        assertThat(calls).hasValue(1);
    }

    @Test
    void returnsTrueAsSoonAsTheConditionHolds() throws Exception {
        SpinGate gate = new SpinGate(1);
        AtomicBoolean flag = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(1);
        Thread setter = new Thread(() -> {
            try {
                spinning.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flag.set(true);
        });
        setter.start();
        boolean done = gate.spinUntil(() -> {
            spinning.countDown();
            return flag.get();
        }, TimeUnit.SECONDS.toNanos(60), null);
        setter.join();
        assertThat(done).isTrue();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void anAbortEndsTheSpin() {
        SpinGate gate = new SpinGate(1);
        AtomicInteger abortCalls = new AtomicInteger();
        boolean done = gate.spinUntil(() -> false, Long.MAX_VALUE, () -> abortCalls.incrementAndGet() >= 3);
        assertThat(done).isFalse();
        assertThat(abortCalls).hasValue(3);
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void givesUpWhenTheTimeRunsOut() {
        SpinGate gate = new SpinGate(1);
        assertThat(gate.spinUntil(() -> false, 1_000, null)).isFalse();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void neverAdmitsMoreSpinnersThanItsLimit() throws Exception {
        int limit = 2;
        int threads = 8;
        int rounds = 20_000;
        SpinGate gate = new SpinGate(limit);
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger spins = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        int[] calls = {0};
                        gate.spinUntil(() -> {
                            maxSeen.accumulateAndGet(gate.spinning(), Math::max);
                            return ++calls[0] > 20;
                        }, TimeUnit.SECONDS.toNanos(60), null);
                        if (calls[0] > 1) {
                            spins.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(maxSeen.get()).isBetween(1, limit);
        assertThat(spins.get()).as("some calls got to spin").isPositive();
        assertThat(gate.spinning()).isZero();
    }
}
