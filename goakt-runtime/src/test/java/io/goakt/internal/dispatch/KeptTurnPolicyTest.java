package io.goakt.internal.dispatch;

import io.goakt.dispatch.HeldTurns;
import io.goakt.dispatch.KeepableTurn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a worker keeps a dry turn ({@link ForkJoinDispatcher#keepDryTurn}) and what becomes of it: it runs again once
 * the slot is empty; it is released (never left behind) when the chain is cut for other waiting work; and a worker
 * keeps two turns at most, and none when it has nothing to run next. Waking an idle worker never grows the pool.
 */
class KeptTurnPolicyTest {

    private final ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("kept-turns", 1, null);

    @AfterEach
    void shutdown() {
        dispatcher.shutdown(Duration.ofSeconds(10));
    }

    /** Records what the worker did with it. */
    static final class Kept implements KeepableTurn {
        final String name;
        final List<String> log;
        final CountDownLatch done = new CountDownLatch(1);

        Kept(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override
        public void run() {
            log.add(name + " ran");
            done.countDown();
        }

        @Override
        public void releaseKept() {
            log.add(name + " released");
            done.countDown();
        }
    }

    @Test
    void aKeptTurnRunsOnceTheSlotIsEmptyAndTheWorkerKeepsTwoAtMost() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Kept a = new Kept("a", log);
        Kept b = new Kept("b", log);
        Kept c = new Kept("c", log);
        CompletableFuture<List<Boolean>> kept = new CompletableFuture<>();
        Runnable slot = () -> log.add("slot ran");
        Runnable elsewhere = () -> log.add("never");
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            boolean nothingNext = dispatcher.keepDryTurn(a);
            dispatcher.execute(slot); // into the slot
            boolean slotNext = dispatcher.runsNext(slot);
            boolean elsewhereNext = dispatcher.runsNext(elsewhere) || dispatcher.runsNext(null);
            boolean keptA = dispatcher.keepDryTurn(a);
            kept.complete(List.of(nothingNext, slotNext, elsewhereNext, keptA, dispatcher.runsNext(a),
                    dispatcher.keepDryTurn(b), dispatcher.keepDryTurn(c)));
        }));
        assertThat(kept.get(30, TimeUnit.SECONDS))
                .as("nothing next; the slot runs next, nothing else does; a is kept and then runs next; b is kept; no "
                        + "room for c")
                .containsExactly(false, true, false, true, true, true, false);
        assertThat(a.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(b.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(log).containsExactly("slot ran", "a ran", "b ran");
        assertThat(dispatcher.keepDryTurn(a)).as("not on a worker").isFalse();
        assertThat(dispatcher.runsNext(slot)).as("not on a worker").isFalse();
    }

    /**
     * Waking an idle worker goes through the pool's compensation for blocking workers; it must never grow the pool
     * beyond its parallelism, whether a worker is idle, not started yet, or all are busy.
     */
    @Test
    void wakingAnIdleWorkerNeverGrowsThePool() throws Exception {
        ForkJoinDispatcher two = new ForkJoinDispatcher("wake", 2, null);
        try {
            for (int i = 0; i < 2_000; i++) {
                CountDownLatch queuedRan = new CountDownLatch(2);
                CompletableFuture<Void> turn = new CompletableFuture<>();
                two.execute(() -> two.runTurn(() -> {
                    two.executeBehind(queuedRan::countDown);
                    two.executeBehind(queuedRan::countDown);
                    ((ForkJoinDispatcher.Worker) Thread.currentThread()).wakeIdleWorker();
                    turn.complete(null);
                }));
                turn.get(30, TimeUnit.SECONDS);
                assertThat(queuedRan.await(30, TimeUnit.SECONDS)).isTrue();
                assertThat(two.poolSize()).as("workers after round %d", i).isLessThanOrEqualTo(2);
            }
        } finally {
            two.shutdown(Duration.ofSeconds(10));
        }
    }

    /** A turn that hands itself off {@code times} times through the slot, and asks for other work on its 10th. */
    final class Chain implements Runnable {
        final Runnable other;
        int runs;

        Chain(Runnable other) {
            this.other = other;
        }

        @Override
        public void run() {
            if (++runs == 10) {
                dispatcher.executeBehind(other); // into the worker's own queue: now other work waits
            }
            if (runs < 10 * ForkJoinDispatcher.MAX_CHAIN) {
                dispatcher.execute(this);
            }
        }
    }

    @Test
    void aChainCutForOtherWorkReleasesTheTurnsItKept() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Kept a = new Kept("a", log);
        CountDownLatch otherRan = new CountDownLatch(1);
        Chain chain = new Chain(() -> {
            log.add("other ran");
            otherRan.countDown();
        });
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            dispatcher.execute(chain);
            dispatcher.keepDryTurn(a);
        }));
        assertThat(otherRan.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(a.done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(log).as("released when the chain was cut, before the other work ran; never run")
                .containsExactly("a released", "other ran");
    }

    @Test
    void releasingHeldTurnsBeforeBlockingReleasesTheKeptOnesAndSendsTheSlotToThePool() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Kept a = new Kept("a", log);
        CountDownLatch slotRan = new CountDownLatch(1);
        Runnable slot = () -> {
            log.add("slot ran");
            slotRan.countDown();
        };
        CompletableFuture<List<Boolean>> after = new CompletableFuture<>();
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            dispatcher.execute(slot);
            boolean kept = dispatcher.keepDryTurn(a);
            ((HeldTurns) Thread.currentThread()).releaseHeldTurns();
            after.complete(List.of(kept, dispatcher.runsNext(slot), dispatcher.runsNext(a)));
        }));
        assertThat(after.get(30, TimeUnit.SECONDS)).as("kept; then neither the slot nor a runs next on this worker")
                .containsExactly(true, false, false);
        assertThat(slotRan.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(log).as("a released at once, never run; the slot ran from the pool").containsExactly("a released",
                "slot ran");
    }

    @Test
    void offAWorkerRunTurnOnlyRunsTheTurnAndNothingIsKeptOrLingered() {
        List<String> log = new CopyOnWriteArrayList<>();
        Kept a = new Kept("a", log);
        dispatcher.runTurn(() -> log.add("turn ran"));
        assertThat(dispatcher.keepDryTurn(a)).isFalse();
        assertThat(dispatcher.linger(() -> true)).isFalse();
        assertThat(log).containsExactly("turn ran");
    }
}
