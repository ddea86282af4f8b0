package io.goakt.internal.dispatch;

import io.goakt.dispatch.LingerCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a worker lingers and what counts as a miss: only a linger that timed out backs off; one that ended because
 * other work arrived, or that never started because work was waiting, does not.
 */
class LingerPolicyTest {

    /**
     * Time moves 1 us per clock read, so a linger times out after a fixed number of reads, never mistaken for a
     * worker taken off its CPU (which a loaded machine can do to a real clock).
     */
    private final AtomicLong now = new AtomicLong();
    private final ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("linger-policy", 1, null,
            new SpinGate(1, ForkJoinDispatcher.LINGER_NANOS, () -> now.addAndGet(1_000)));

    @AfterEach
    void shutdown() {
        dispatcher.shutdown(Duration.ofSeconds(10));
    }

    /** What a linger inside a turn returned, and the worker's back-off state after it. */
    record Outcome(boolean hit, int misses, int skips) {
    }

    /** Runs {@code before}, then one linger for {@code hasWork}, inside a turn on the single worker. */
    private Outcome lingerInATurn(Runnable before, LingerCondition hasWork) throws Exception {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            before.run();
            boolean hit = dispatcher.linger(hasWork);
            ForkJoinDispatcher.Worker w = (ForkJoinDispatcher.Worker) Thread.currentThread();
            out.complete(new Outcome(hit, w.lingerMisses, w.lingerSkips));
        }));
        return out.get(30, TimeUnit.SECONDS);
    }

    @Test
    void workThatArrivesEndsTheLingerAsAHit() throws Exception {
        Outcome o = lingerInATurn(() -> { }, () -> true);
        assertThat(o.hit()).isTrue();
        assertThat(o.misses()).isZero();
    }

    @Test
    void aLingerThatTimesOutIsAMissAndBacksOff() throws Exception {
        Outcome o = lingerInATurn(() -> { }, () -> false);
        assertThat(o.hit()).isFalse();
        assertThat(o.misses()).isEqualTo(1);
        assertThat(o.skips()).isEqualTo(1);
    }

    @Test
    void workWaitingInThePoolIsNoMissAndNoSpin() throws Exception {
        CompletableFuture<Void> other = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean submitted = new java.util.concurrent.atomic.AtomicBoolean();
        Thread submitter = new Thread(() -> {
            dispatcher.execute(() -> other.complete(null));
            submitted.set(true);
        });
        Outcome o = lingerInATurn(() -> {
            // Submitted from outside the pool while its only worker is busy: it waits in the pool's queue. The
            // worker waits for that by spinning, not by blocking: a blocked worker makes newer ForkJoinPools start a
            // spare worker, which would take the task away.
            submitter.start();
            while (!submitted.get()) {
                Thread.onSpinWait();
            }
        }, () -> false);
        assertThat(o.hit()).isFalse();
        assertThat(o.misses()).isZero();
        assertThat(o.skips()).isZero();
        other.get(30, TimeUnit.SECONDS); // and it ran once the turn ended
    }
}
