package io.goakt.internal.dispatch;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.Dispatchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn that is its own {@link ForkJoinTask} (as a mailbox is) reaches a fork-join pool as a task object of its own
 * every time it is submitted, never as itself: a pool's queue that meets one task object twice can lose its base
 * index to a thief's late CAS and strand the tasks behind it (see {@link ForkJoinDispatcher.PoolTurn}). The pool
 * running the turn's own {@code exec} is how a submission of the turn itself shows.
 */
class PoolSubmissionTest {

    private static final int SUBMISSIONS = 20_000;

    /** Submits itself again from its own turn until it ran {@code SUBMISSIONS} times; counts how it was run. */
    @SuppressWarnings("serial")
    static final class SelfSubmittingTurn extends ForkJoinTask<Void> implements Runnable {
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger ownExecs = new AtomicInteger();
        final CountDownLatch done = new CountDownLatch(1);
        Dispatcher dispatcher;
        boolean behind;

        @Override
        public void run() {
            if (runs.incrementAndGet() == SUBMISSIONS) {
                done.countDown();
            } else if (behind) {
                dispatcher.executeBehind(this);
            } else {
                dispatcher.execute(this);
            }
        }

        @Override
        protected boolean exec() {
            ownExecs.incrementAndGet();
            run();
            return false;
        }

        @Override
        public Void getRawResult() {
            return null;
        }

        @Override
        protected void setRawResult(Void value) {
        }
    }

    @Test
    void theDefaultDispatcherNeverHandsThePoolATurnsOwnTask() throws Exception {
        ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("pool-submission", 2, null);
        try {
            SelfSubmittingTurn turn = new SelfSubmittingTurn();
            turn.dispatcher = dispatcher;
            turn.behind = true; // into the pool every time, not through the worker's slot
            dispatcher.execute(turn);

            assertThat(turn.done.await(60, TimeUnit.SECONDS)).as("all submissions ran").isTrue();
            assertThat(turn.runs.get()).isEqualTo(SUBMISSIONS);
            assertThat(turn.ownExecs.get()).as("runs through the turn's own ForkJoinTask").isZero();
        } finally {
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void anExecutorDispatcherOverAForkJoinPoolNeverHandsThePoolATurnsOwnTask() throws Exception {
        Dispatcher dispatcher = Dispatchers.fromExecutor("pool-submission-executor", new ForkJoinPool(2), true);
        try {
            SelfSubmittingTurn turn = new SelfSubmittingTurn();
            turn.dispatcher = dispatcher;
            dispatcher.execute(turn);

            assertThat(turn.done.await(60, TimeUnit.SECONDS)).as("all submissions ran").isTrue();
            assertThat(turn.runs.get()).isEqualTo(SUBMISSIONS);
            assertThat(turn.ownExecs.get()).as("runs through the turn's own ForkJoinTask").isZero();
        } finally {
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }
}
