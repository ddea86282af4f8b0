package io.goakt.internal.dispatch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SpinGateTest {

    @Test
    void aClosedGateAdmitsNobody() {
        SpinGate gate = new SpinGate(0);
        assertThat(gate.tryEnter()).isFalse();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void aFullGateRefusesUntilASpinnerExits() {
        SpinGate gate = new SpinGate(1);
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).as("full").isFalse();
        gate.exit();
        assertThat(gate.tryEnter()).as("the place was given back").isTrue();
        gate.exit();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void theClockIsDueOnTheFirstPollAndThenEverySixteenth() {
        List<Integer> due = new ArrayList<>();
        for (int poll = 0; poll < 3 * SpinGate.POLLS_PER_CLOCK_READ; poll++) {
            if (SpinGate.clockDue(poll)) {
                due.add(poll);
            }
        }
        assertThat(due).containsExactly(0, SpinGate.POLLS_PER_CLOCK_READ, 2 * SpinGate.POLLS_PER_CLOCK_READ);
    }

    @Test
    void neverAdmitsMoreSpinnersThanItsLimit() throws Exception {
        int limit = 2;
        int threads = 8;
        int rounds = 20_000;
        SpinGate gate = new SpinGate(limit);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < rounds; i++) {
                        if (gate.tryEnter()) {
                            try {
                                maxSeen.accumulateAndGet(inside.incrementAndGet(), Math::max);
                                for (int spin = 0; spin < 20; spin++) {
                                    Thread.onSpinWait();
                                }
                                admitted.incrementAndGet();
                            } finally {
                                inside.decrementAndGet();
                                gate.exit();
                            }
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
        assertThat(admitted.get()).as("some calls got to spin").isPositive();
        assertThat(gate.spinning()).isZero();
    }
}
