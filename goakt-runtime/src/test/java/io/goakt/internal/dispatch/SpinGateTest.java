package io.goakt.internal.dispatch;

import io.goakt.dispatch.Spinning;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class SpinGateTest {

    @Test
    void aClosedGateAdmitsNobody() {
        SpinGate gate = new SpinGate(0, 0);
        assertThat(gate.tryEnter()).isFalse();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void aFullGateRefusesUntilASpinnerExits() {
        SpinGate gate = new SpinGate(1, 1_000);
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
        SpinGate gate = new SpinGate(limit, 1_000);
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

    /** A clock the test moves by hand. */
    static final class FakeClock implements SpinGate.Clock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final AtomicLong reads = new AtomicLong();

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return now.get();
        }

        void advance(long nanos) {
            now.addAndGet(nanos);
        }
    }

    private final FakeClock clock = new FakeClock();

    private SpinGate adaptive(int max) {
        return new SpinGate(max, 20_000, clock);
    }

    @Test
    void offAdmitsNobodyAndReadsNoClock() {
        SpinGate gate = SpinGate.forSpinning(Spinning.OFF, 4, 20_000, 8, clock);
        assertThat(gate.closedForGood()).isTrue();
        assertThat(gate.tryEnter()).isFalse();
        assertThat(gate.spinning()).isZero();
        assertThat(clock.reads.get()).isZero();
    }

    @Test
    void aJvmThatSeesOneProcessorNeverSpinsWhateverTheSetting() {
        for (Spinning s : Spinning.values()) {
            SpinGate gate = SpinGate.forSpinning(s, 4, 20_000, 1, clock);
            assertThat(gate.closedForGood()).as(s.name()).isTrue();
            assertThat(gate.tryEnter()).as(s.name()).isFalse();
        }
    }

    @Test
    void adaptiveAdmitsItsShareButNeverMoreThanHalfTheProcessors() {
        assertThat(SpinGate.forSpinning(Spinning.ADAPTIVE, 8, 20_000, 4, clock).max()).isEqualTo(2);
        assertThat(SpinGate.forSpinning(Spinning.ADAPTIVE, 1, 20_000, 16, clock).max()).isEqualTo(1);
        assertThat(SpinGate.forSpinning(Spinning.ADAPTIVE, 0, 20_000, 2, clock).max()).as("at least one").isEqualTo(1);
        assertThat(SpinGate.forSpinning(Spinning.ADAPTIVE, 8, 20_000, 4, clock).spinNanos()).isEqualTo(20_000);
    }

    @Test
    void reducedAdmitsOneSpinnerForAFewMicroseconds() {
        SpinGate gate = SpinGate.forSpinning(Spinning.REDUCED, 8, 50_000, 16, clock);
        assertThat(gate.max()).isEqualTo(1);
        assertThat(gate.spinNanos()).isEqualTo(SpinGate.REDUCED_SPIN_NANOS);
        assertThat(gate.tryEnter()).isTrue();
        assertThat(gate.tryEnter()).as("one spinner at most").isFalse();
        gate.exit();
    }

    @Test
    void clockReadsCloseTogetherMeanTheSpinnerKeptItsCpu() {
        SpinGate gate = adaptive(2);
        long t = clock.nanoTime();
        assertThat(gate.offCpu(t, t + SpinGate.OFF_CPU_NANOS)).isFalse();
        assertThat(gate.closedNow()).isFalse();
        assertThat(gate.closings()).isZero();
    }

    @Test
    void aSpinnerTakenOffItsCpuClosesTheGateForEveryoneUntilTheCoolDownEnds() {
        SpinGate gate = adaptive(2);
        assertThat(gate.tryEnter()).isTrue();
        long before = clock.nanoTime();
        clock.advance(SpinGate.OFF_CPU_NANOS + 1);
        assertThat(gate.offCpu(before, clock.nanoTime())).isTrue();
        gate.exit();
        assertThat(gate.closings()).isEqualTo(1);
        assertThat(gate.tryEnter()).as("closed for every thread, not only the one that saw it").isFalse();
        clock.advance(SpinGate.OFF_CPU_COOL_DOWN_NANOS - 1);
        assertThat(gate.tryEnter()).as("still cooling down").isFalse();
        clock.advance(1);
        assertThat(gate.tryEnter()).as("open again once the cool-down is over").isTrue();
        gate.exit();
        assertThat(gate.closedNow()).isFalse();
        assertThat(gate.spinning()).isZero();
    }

    /** Misses until the gate closes; fails past {@code limit}. */
    private int missesUntilClosed(SpinGate gate, int limit) {
        long closings = gate.closings();
        for (int i = 1; i <= limit; i++) {
            gate.miss(clock.nanoTime());
            if (gate.closings() > closings) {
                return i;
            }
        }
        throw new AssertionError("still open after " + limit + " misses");
    }

    @Test
    void aMissCostsItsSpinTimeInWakeUpsAHitSaves() {
        assertThat(new SpinGate(1, 20_000, clock).missCost()).isEqualTo(4);
        assertThat(new SpinGate(1, 50_000, clock).missCost()).isEqualTo(10);
        assertThat(new SpinGate(1, SpinGate.REDUCED_SPIN_NANOS, clock).missCost()).as("at least one").isEqualTo(1);
        assertThat(new SpinGate(1, 10_000_000, clock).missCost()).as("at most half the credit")
                .isEqualTo(SpinGate.CREDIT_CAP / 2);
    }

    @Test
    void aGateWhoseSpinsPaidClosesAfterItsCreditInMissesInARow() {
        SpinGate gate = adaptive(2);
        int first = SpinGate.CREDIT_CAP / gate.missCost();
        assertThat(missesUntilClosed(gate, 100)).isEqualTo(first);
        assertThat(gate.tryEnter()).isFalse();
        clock.advance(SpinGate.MISS_COOL_DOWN_NANOS);
        assertThat(gate.tryEnter()).isTrue();
        gate.exit();
    }

    @Test
    void aGateThatClosedClosesAgainAtTheFirstMissThatItsHitsCannotPayFor() {
        SpinGate gate = adaptive(2);
        missesUntilClosed(gate, 100);
        clock.advance(SpinGate.MISS_COOL_DOWN_NANOS);
        for (int i = 0; i < gate.missCost(); i++) {
            gate.hit();
        }
        assertThat(missesUntilClosed(gate, 100)).as("%d hits pay for no miss", gate.missCost()).isEqualTo(1);
        clock.advance(SpinGate.MISS_COOL_DOWN_NANOS << 1);
        for (int i = 0; i <= gate.missCost(); i++) {
            gate.hit();
        }
        assertThat(missesUntilClosed(gate, 100)).as("%d hits pay for one", gate.missCost() + 1).isEqualTo(2);
    }

    @Test
    void eachClosingLastsTwiceAsLongUpToTheCapUntilTheBalanceIsFullAgain() {
        SpinGate gate = adaptive(2);
        for (int closing = 0; closing <= SpinGate.MAX_COOL_DOWN_SHIFT + 2; closing++) {
            missesUntilClosed(gate, 100);
            long expected = SpinGate.MISS_COOL_DOWN_NANOS << Math.min(closing, SpinGate.MAX_COOL_DOWN_SHIFT);
            clock.advance(expected - 1);
            assertThat(gate.tryEnter()).as("closing %d still shut", closing).isFalse();
            clock.advance(1);
            assertThat(gate.tryEnter()).as("closing %d over after %d ns", closing, expected).isTrue();
            gate.exit();
        }
        for (int i = 0; i < SpinGate.CREDIT_CAP; i++) {
            gate.hit();
        }
        assertThat(missesUntilClosed(gate, 100)).isEqualTo(SpinGate.CREDIT_CAP / gate.missCost());
        clock.advance(SpinGate.MISS_COOL_DOWN_NANOS);
        assertThat(gate.tryEnter()).as("a full balance made the next closing the shortest again").isTrue();
        gate.exit();
    }

    @Test
    void spinsThatHitLessOftenThanTheMissCostAllowsCloseTheGate() {
        SpinGate gate = adaptive(1);
        for (int i = 0; i < 10_000 && gate.closings() == 0; i++) {
            if (i % gate.missCost() == 0) {
                gate.miss(clock.nanoTime());
            } else {
                gate.hit();
            }
        }
        assertThat(gate.closings()).isPositive();
    }

    @Test
    void aQuietGateWhoseSpinsPayNeverCloses() {
        SpinGate gate = adaptive(1);
        for (int i = 0; i < 100_000; i++) {
            assertThat(gate.tryEnter()).isTrue();
            if (i % (gate.missCost() + 2) == 0) {
                gate.miss(clock.nanoTime());
            } else {
                gate.hit();
            }
            gate.exit();
            clock.advance(1_000);
        }
        assertThat(gate.closings()).isZero();
        assertThat(clock.reads.get()).as("an open gate reads no clock to admit")
                .isEqualTo((100_000 + gate.missCost() + 1) / (gate.missCost() + 2));
    }
}
