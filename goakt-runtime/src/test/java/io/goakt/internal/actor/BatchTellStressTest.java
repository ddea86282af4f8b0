package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tellAll} among concurrent single tells: several outside threads send to one actor, each mixing batches of
 * random size with single tells, round after round; the actor checks that every sender's sequence arrives complete
 * and in order (within a batch, and between a sender's batches and its tells). Half-way the mailbox switches to
 * sender lanes, so batches go into the base queue (one claim of consecutive positions), across the switch, and into
 * lanes (one chain exchange).
 */
class BatchTellStressTest {

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(30));
        }
    }

    record Seq(int sender, int n) {
    }

    /** Checks per-sender order; counts down when it has everything. Runs on the actor's turn only. */
    private static final class Checker implements Actor {
        final int[] next;
        final CountDownLatch done;
        final long expected;
        long received;
        long outOfOrder;

        Checker(int senders, long expected, CountDownLatch done) {
            this.next = new int[senders];
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Seq s) {
                if (s.n() != next[s.sender()]) {
                    outOfOrder++;
                }
                next[s.sender()] = s.n() + 1;
                if (++received == expected) {
                    done.countDown();
                }
            }
        }
    }

    @RepeatedTest(5)
    void batchesAmongConcurrentTellsKeepEverySendersOrderAcrossTheSwitchToLanes() throws Exception {
        system = new LocalActorSystem("batch-stress", ActorSystemConfig.defaults());
        int senders = 6;
        int perSender = 40_000;
        CountDownLatch done = new CountDownLatch(1);
        Checker checker = new Checker(senders, (long) senders * perSender, done);
        ActorRef target = system.spawn("target", () -> checker, SpawnOptions.defaults());
        ActorCell cell = ((LocalActorRef) target).cell;
        CyclicBarrier start = new CyclicBarrier(senders + 1);
        CountDownLatch halfway = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < senders; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(id * 31L + 7);
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                int n = 0;
                boolean pastHalf = false;
                while (n < perSender) {
                    int size = Math.min(perSender - n, random.nextInt(2) == 0 ? 1 : 2 + random.nextInt(99));
                    if (size == 1) {
                        target.tell(new Seq(id, n++));
                    } else {
                        List<Object> batch = new ArrayList<>(size);
                        for (int i = 0; i < size; i++) {
                            batch.add(new Seq(id, n++));
                        }
                        target.tellAll(batch);
                    }
                    if (!pastHalf && n >= perSender / 2) {
                        pastHalf = true;
                        halfway.countDown();
                    }
                }
            }, "batch-sender-" + t);
            threads.add(thread);
            thread.start();
        }
        start.await();
        assertThat(halfway.await(60, TimeUnit.SECONDS)).isTrue();
        cell.switchToLanes(); // a no-op if contention switched it already
        assertThat(cell.isLanesEnabled()).isTrue();

        assertThat(done.await(120, TimeUnit.SECONDS)).as("all messages arrive").isTrue();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        // The checker's fields were written on the actor's turns; the latch orders them before this read.
        assertThat(checker.outOfOrder).as("messages out of their sender's order").isZero();
        assertThat(checker.received).isEqualTo((long) senders * perSender);
        assertThat(cell.queueSize()).isZero();
        assertThat(cell.queueHasMessages()).isFalse();
    }
}
