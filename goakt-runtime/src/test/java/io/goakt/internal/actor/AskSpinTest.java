package io.goakt.internal.actor;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.dispatch.Spinning;
import io.goakt.internal.dispatch.ForkJoinDispatcher;
import io.goakt.internal.dispatch.SpinGate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The spin of a thread blocked on an ask: {@link Spinning#OFF} parks at once, spins whose reply comes too late close
 * the actor system's ask gate, and a spinner taken off its CPU closes it at once. Time is a test clock.
 */
class AskSpinTest {

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

    @Test
    void aClosedGateParksAtOnceWithoutReadingTheClock() {
        SteppingClock clock = new SteppingClock(1_000);
        PromiseRef.AskFuture<Object> future = new PromiseRef.AskFuture<>(new SpinGate(0, 0, clock));
        assertThatThrownBy(() -> future.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(clock.reads.get()).isZero();
    }

    @Test
    void asksWhoseReplyOutlastsTheSpinCloseTheGate() {
        SteppingClock clock = new SteppingClock(1_000);
        SpinGate gate = new SpinGate(1, PromiseRef.AskFuture.SPIN_NANOS, clock);
        for (int i = 0; i < 8; i++) {
            PromiseRef.AskFuture<Object> future = new PromiseRef.AskFuture<>(gate);
            assertThatThrownBy(() -> future.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        }
        assertThat(gate.closings()).isEqualTo(1);
        long reads = clock.reads.get();
        PromiseRef.AskFuture<Object> next = new PromiseRef.AskFuture<>(gate);
        assertThatThrownBy(() -> next.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(clock.reads.get() - reads).as("refused by the closed gate: one read to see it closed").isEqualTo(1);
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void anAskSpinnerTakenOffItsCpuClosesTheGateAtOnce() {
        SteppingClock clock = new SteppingClock(SpinGate.POLLS_PER_CLOCK_READ * 1_000_000L);
        SpinGate gate = new SpinGate(1, PromiseRef.AskFuture.SPIN_NANOS, clock);
        PromiseRef.AskFuture<Object> future = new PromiseRef.AskFuture<>(gate);
        assertThatThrownBy(() -> future.get(1, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        assertThat(clock.reads.get()).as("stopped at the second read").isEqualTo(2);
        assertThat(gate.closings()).isEqualTo(1);
        assertThat(gate.spinning()).isZero();
    }

    @Test
    void anAskAnsweredBeforeItsGetLeavesTheGateOpen() throws Exception {
        SteppingClock clock = new SteppingClock(1_000);
        SpinGate gate = new SpinGate(1, PromiseRef.AskFuture.SPIN_NANOS, clock);
        for (int i = 0; i < 1_000; i++) {
            PromiseRef.AskFuture<Object> future = new PromiseRef.AskFuture<>(gate);
            future.complete(i);
            assertThat(future.get()).isEqualTo(i);
        }
        assertThat(gate.closings()).isZero();
    }

    @Test
    void offClosesTheAskGateAndTheDefaultDispatchersLingerGate() {
        LocalActorSystem system = (LocalActorSystem) ActorSystem.create("ask-spin-off",
                ActorSystemConfig.builder().spinning(Spinning.OFF).build());
        try {
            assertThat(system.askSpinGate.closedForGood()).isTrue();
            assertThat(((ForkJoinDispatcher) system.dispatcher(null)).lingerGate().closedForGood()).isTrue();
        } finally {
            system.shutdown(Duration.ofSeconds(30));
        }
    }

    @Test
    void adaptiveIsTheDefaultAndSpinsOnAMultiCoreJvm() {
        assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThan(1);
        LocalActorSystem system = (LocalActorSystem) ActorSystem.create("ask-spin-default", ActorSystemConfig.defaults());
        try {
            assertThat(system.config().spinning()).isEqualTo(Spinning.ADAPTIVE);
            assertThat(system.askSpinGate.closedForGood()).isFalse();
            assertThat(((ForkJoinDispatcher) system.dispatcher(null)).lingerGate().closedForGood()).isFalse();
        } finally {
            system.shutdown(Duration.ofSeconds(30));
        }
    }
}
