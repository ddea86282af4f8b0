package io.goakt.internal.dispatch;

import io.goakt.dispatch.KeepableTurn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a worker holds (the task in its hand-off slot, its kept turns) is run by another worker when the turn that
 * put it there blocks; the other workers are parked meanwhile, so it must be noticed without their help.
 */
class BlockedWorkerTest {

    private final ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("blocked-worker", 2, null);

    @AfterEach
    void shutdown() {
        dispatcher.shutdown(Duration.ofSeconds(10));
    }

    /** A kept turn that records on which thread it was run or released. */
    static final class Kept implements KeepableTurn {
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Thread> by = new AtomicReference<>();

        @Override
        public void run() {
            by.set(Thread.currentThread());
            done.countDown();
        }

        @Override
        public void releaseKept() {
            by.set(Thread.currentThread());
            done.countDown();
        }
    }

    @Test
    void theSlotOfAWorkerWhoseTurnBlocksIsRunByAnotherWorker() {
        CountDownLatch slotRan = new CountDownLatch(1);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        AtomicReference<Thread> blockedOn = new AtomicReference<>();
        AtomicBoolean through = new AtomicBoolean();
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            blockedOn.set(Thread.currentThread());
            dispatcher.execute(() -> {
                ranOn.set(Thread.currentThread());
                slotRan.countDown();
            });
            try {
                if (slotRan.await(60, TimeUnit.SECONDS)) {
                    through.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        await().atMost(Duration.ofSeconds(30)).untilTrue(through);
        assertThat(ranOn.get()).isNotSameAs(blockedOn.get());
    }

    @Test
    void theKeptTurnsOfAWorkerWhoseTurnBlocksAreTakenByAnotherThread() {
        Kept first = new Kept();
        Kept second = new Kept();
        AtomicReference<Thread> blockedOn = new AtomicReference<>();
        AtomicBoolean kept = new AtomicBoolean();
        AtomicBoolean through = new AtomicBoolean();
        CountDownLatch slotRan = new CountDownLatch(1);
        dispatcher.execute(() -> dispatcher.runTurn(() -> {
            blockedOn.set(Thread.currentThread());
            dispatcher.execute(slotRan::countDown);
            kept.set(dispatcher.keepDryTurn(first) && dispatcher.keepDryTurn(second));
            try {
                if (slotRan.await(60, TimeUnit.SECONDS) && first.done.await(60, TimeUnit.SECONDS)
                        && second.done.await(60, TimeUnit.SECONDS)) {
                    through.set(true);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        await().atMost(Duration.ofSeconds(30)).untilTrue(through);
        assertThat(kept).isTrue();
        assertThat(first.by.get()).isNotSameAs(blockedOn.get());
        assertThat(second.by.get()).isNotSameAs(blockedOn.get());
    }
}
