package io.goakt.internal.dispatch;

import io.goakt.dispatch.KeepableTurn;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How turns reach a fork-join pool. A mailbox is a plain turn, never a {@link ForkJoinTask}, so no pool can hold the
 * same task object twice (a queue that does can lose its base index to a thief's late CAS and strand the tasks behind
 * it; see {@link ForkJoinDispatcher.PoolTurn}); the default dispatcher wraps each turn it queues in a task of its own
 * that starts it through {@link ForkJoinDispatcher#runTurn}, so a turn taken from the pool hands off like any other.
 */
class PoolSubmissionTest {

    private static final int SUBMISSIONS = 20_000;

    /**
     * Queues itself again, behind other work (into the pool, not the worker's slot), until it ran
     * {@code SUBMISSIONS} times; each time it hands a second turn to its thread and records whether that turn runs
     * next there, which only a turn started through {@code runTurn} can do.
     */
    static final class RequeueingTurn implements KeepableTurn {
        final ForkJoinDispatcher dispatcher;
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger handedOff = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        final KeepableTurn partner = new KeepableTurn() {
            @Override
            public void run() {
            }

            @Override
            public void releaseKept() {
            }
        };

        RequeueingTurn(ForkJoinDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        public void run() {
            dispatcher.execute(partner);
            if (dispatcher.runsNext(partner)) {
                handedOff.incrementAndGet();
            }
            if (runs.incrementAndGet() == SUBMISSIONS) {
                done.countDown();
            } else {
                dispatcher.executeBehind(this);
            }
        }

        @Override
        public void releaseKept() {
        }
    }

    @Test
    void aTurnTakenFromThePoolRunsAsATopLevelTurnEveryTimeItIsQueued() throws Exception {
        ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("pool-submission", 2, null);
        try {
            RequeueingTurn turn = new RequeueingTurn(dispatcher);
            dispatcher.execute(turn); // from outside the pool

            assertThat(turn.done.await(60, TimeUnit.SECONDS)).as("all submissions ran").isTrue();
            assertThat(turn.runs.get()).isEqualTo(SUBMISSIONS);
            assertThat(turn.handedOff.get()).as("runs whose hand-off ran next on their thread").isEqualTo(SUBMISSIONS);
        } finally {
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void aMailboxIsNotAForkJoinTaskSoNoPoolQueuesTheSameTaskObjectTwice() throws Exception {
        Class<?> cell = Class.forName("io.goakt.internal.actor.ActorCell");

        assertThat(Runnable.class.isAssignableFrom(cell)).isTrue();
        assertThat(ForkJoinTask.class.isAssignableFrom(cell)).isFalse();
        assertThat(ForkJoinTask.class.isAssignableFrom(ForkJoinDispatcher.PoolTurn.class)).isTrue();
    }
}
