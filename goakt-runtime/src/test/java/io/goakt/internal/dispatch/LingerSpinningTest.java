package io.goakt.internal.dispatch;

import io.goakt.dispatch.LingerCondition;
import io.goakt.dispatch.Spinning;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the spinning setting and the gate's adaptive rules reach a lingering worker: {@link Spinning#OFF} never
 * lingers, a worker taken off its CPU mid-linger closes the gate for all workers and backs off as far as it can, and
 * lingers that keep missing close the gate. Time is a test clock, so nothing here depends on the machine's speed.
 */
class LingerSpinningTest {

    private ForkJoinDispatcher dispatcher;

    @AfterEach
    void shutdown() {
        if (dispatcher != null) {
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }

    /** A condition that never holds and counts its polls. */
    static final class NeverArrives implements LingerCondition {
        final AtomicLong polls = new AtomicLong();

        @Override
        public boolean workArrived() {
            polls.incrementAndGet();
            return false;
        }
    }

    /** A clock that moves {@code step} ns at every read. */
    static final class SteppingClock implements SpinGate.Clock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);
        final AtomicLong reads = new AtomicLong();
        final long step;

        SteppingClock(long step) {
            this.step = step;
        }

        @Override
        public long nanoTime() {
            reads.incrementAndGet();
            return now.addAndGet(step);
        }
    }

    /** Runs {@code inTurn} inside a turn on a worker of the dispatcher and returns its result. */
    private <T> T inATurn(Callable<T> inTurn) throws Exception {
        CompletableFuture<T> out = new CompletableFuture<>();
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            try {
                out.complete(inTurn.call());
            } catch (Throwable t) {
                out.completeExceptionally(t);
            }
        }));
        return out.get(30, TimeUnit.SECONDS);
    }

    private static ForkJoinDispatcher.Worker worker() {
        return (ForkJoinDispatcher.Worker) Thread.currentThread();
    }

    @Test
    void offNeverLingersNorPollsTheCondition() throws Exception {
        dispatcher = new ForkJoinDispatcher("spin-off", 2, null, Spinning.OFF);
        NeverArrives condition = new NeverArrives();
        for (int i = 0; i < 1_000; i++) {
            assertThat(inATurn(() -> dispatcher.linger(condition))).isFalse();
        }
        assertThat(condition.polls.get()).as("returns before looking").isZero();
        assertThat(dispatcher.lingerGate().closedForGood()).isTrue();
        assertThat(dispatcher.lingerGate().spinning()).isZero();
    }

    @Test
    void offLingersNotEvenWhenWorkIsThereAlready() throws Exception {
        dispatcher = new ForkJoinDispatcher("spin-off-hit", 2, null, Spinning.OFF);
        assertThat(inATurn(() -> dispatcher.linger(() -> true))).isFalse();
    }

    @Test
    void aLingererTakenOffItsCpuClosesTheGateAndBacksOffAsFarAsItCan() throws Exception {
        SteppingClock clock = new SteppingClock(SpinGate.OFF_CPU_NANOS + 1);
        SpinGate gate = new SpinGate(1, ForkJoinDispatcher.LINGER_NANOS, clock);
        dispatcher = new ForkJoinDispatcher("spin-off-cpu", 1, null, gate);
        NeverArrives condition = new NeverArrives();
        int[] backOff = inATurn(() -> {
            boolean hit = dispatcher.linger(condition);
            ForkJoinDispatcher.Worker w = worker();
            return new int[] {hit ? 1 : 0, w.lingerMisses, w.lingerSkips};
        });
        assertThat(backOff[0]).as("no hit").isZero();
        assertThat(backOff[1]).isEqualTo(ForkJoinDispatcher.MAX_LINGER_BACKOFF_SHIFT);
        assertThat(backOff[2]).isEqualTo((1 << ForkJoinDispatcher.MAX_LINGER_BACKOFF_SHIFT) - 1);
        assertThat(clock.reads.get()).as("stopped at the second clock read").isEqualTo(2);
        assertThat(gate.closings()).isEqualTo(1);
        assertThat(gate.closedNow()).isTrue();
        assertThat(gate.tryEnter()).as("closed for every worker").isFalse();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void lingersThatKeepMissingCloseTheGate() throws Exception {
        SteppingClock clock = new SteppingClock(1_000);
        SpinGate gate = new SpinGate(1, ForkJoinDispatcher.LINGER_NANOS, clock);
        dispatcher = new ForkJoinDispatcher("spin-misses", 1, null, gate);
        NeverArrives condition = new NeverArrives();
        long calls = inATurn(() -> {
            long n = 0;
            while (gate.closings() == 0 && n < 100_000) {
                assertThat(dispatcher.linger(condition)).isFalse();
                n++;
            }
            return n;
        });
        assertThat(gate.closings()).as("closed after %d lingers", calls).isEqualTo(1);
        assertThat(gate.closedNow()).isTrue();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void workThereAtTheFirstLookLeavesTheGateOpen() throws Exception {
        SteppingClock clock = new SteppingClock(1_000);
        SpinGate gate = new SpinGate(1, ForkJoinDispatcher.LINGER_NANOS, clock);
        dispatcher = new ForkJoinDispatcher("spin-hits", 1, null, gate);
        for (int i = 0; i < 1_000; i++) {
            assertThat(inATurn(() -> dispatcher.linger(() -> true))).isTrue();
        }
        assertThat(gate.closings()).isZero();
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void reducedLingersAFewMicrosecondsAtMost() throws Exception {
        SteppingClock clock = new SteppingClock(1_000);
        SpinGate gate = SpinGate.forSpinning(Spinning.REDUCED, 4, ForkJoinDispatcher.LINGER_NANOS, 8, clock);
        dispatcher = new ForkJoinDispatcher("spin-reduced", 1, null, gate);
        assertThat(inATurn(() -> dispatcher.linger(new NeverArrives()))).isFalse();
        // One read to start, then one per microsecond until more than the reduced budget has passed.
        assertThat(clock.reads.get()).isEqualTo(1 + SpinGate.REDUCED_SPIN_NANOS / 1_000 + 1);
    }
}
