package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
        ActorRef target = system.spawnInstance("target", checker); // the test reads this instance's fields
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

    /** Messages waiting in the lanes when the actor stops are reported as dead letters, none lost. */
    @RepeatedTest(3)
    void messagesLeftInTheLanesBecomeDeadLettersWhenTheActorStops() throws Exception {
        system = new LocalActorSystem("lanes-stop", ActorSystemConfig.defaults());
        AtomicInteger deadSeqs = new AtomicInteger();
        ActorRef deadLetters = system.spawnFromFunction("dead", ctx -> {
            if (ctx.message() instanceof DeadLetter d && d.message() instanceof Seq
                    && d.reason() == DeadLetter.Reason.ACTOR_STOPPED) {
                deadSeqs.incrementAndGet();
            }
        });
        system.eventStream().subscribe(DeadLetter.class, deadLetters);
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ActorRef target = system.spawnFromFunction("held", ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                gate.await(10, TimeUnit.SECONDS); // hold the turn so the lanes fill up
            } else if (ctx.message() instanceof Seq) {
                handled.incrementAndGet();
            }
        });
        ActorCell cell = ((LocalActorRef) target).cell;
        cell.switchToLanes();
        assertThat(cell.isLanesEnabled()).isTrue();
        int senders = 4;
        int perSender = 1_000;
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            Thread t = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    target.tell(new Seq(id, i));
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        var stopped = system.stop(target).toCompletableFuture();
        gate.countDown();
        stopped.get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> handled.get() + deadSeqs.get() == senders * perSender);
        assertThat(deadSeqs.get()).as("the stop came before the held turn ended").isPositive();
    }
}
