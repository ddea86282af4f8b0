package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An actor whose mailbox switches to sender lanes while eight outside threads send to it: each sender's messages
 * arrive once and in order, before, across and after the switch, and the mailbox reports the messages in its lanes.
 */
class SenderLanesActorTest {

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    record Seq(int sender, int n) {
    }

    /** Checks per-sender order; counts down when it has everything. Runs on the actor's turn only. */
    private static final class Checker implements Actor {
        final int[] next;
        final CountDownLatch done;
        long received;
        long outOfOrder;
        final long expected;

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

    @RepeatedTest(3)
    void sendersKeepTheirOrderAcrossTheSwitch() throws Exception {
        system = new LocalActorSystem("lanes", ActorSystemConfig.defaults());
        int senders = 8;
        int perSender = 40_000;
        CountDownLatch done = new CountDownLatch(1);
        Checker checker = new Checker(senders, (long) senders * perSender, done);
        ActorRef target = system.spawn("target", checker);
        ActorCell cell = ((LocalActorRef) target).cell;
        CyclicBarrier start = new CyclicBarrier(senders + 1);
        CountDownLatch halfway = new CountDownLatch(senders);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < perSender; i++) {
                    target.tell(new Seq(id, i));
                    if (i == perSender / 2) {
                        halfway.countDown();
                    }
                }
            }, "lanes-sender-" + s);
            threads.add(t);
            t.start();
        }
        start.await();
        assertThat(halfway.await(30, TimeUnit.SECONDS)).isTrue();
        cell.switchToLanes(); // a no-op if contention switched it already
        assertThat(cell.isLanesEnabled()).isTrue();

        assertThat(done.await(60, TimeUnit.SECONDS)).as("all messages arrive").isTrue();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        // The checker's fields were written on the actor's turns; the latch orders them before this read.
        assertThat(checker.outOfOrder).isZero();
        assertThat(checker.received).isEqualTo((long) senders * perSender);
        assertThat(cell.queueSize()).isZero();
        assertThat(cell.queueHasMessages()).isFalse();
    }
}
