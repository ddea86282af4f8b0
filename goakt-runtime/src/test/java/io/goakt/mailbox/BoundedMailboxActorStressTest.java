package io.goakt.mailbox;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many producers against a real actor with a small bounded mailbox, with exact accounting: every {@code tell}
 * either returned (and its message was processed exactly once, in its producer's order) or threw
 * {@link MailboxFullException} (and its message was never processed). Half the producers use the fail-fast tell,
 * half the timed one.
 *
 * <p>The actor holds in its {@code PostStart} until every producer has been refused at least once, so both outcomes
 * are guaranteed to occur however fast the actor would otherwise drain.
 */
class BoundedMailboxActorStressTest {

    private static final int CAPACITY = 8;
    private static final int PRODUCERS = 6;
    private static final int PER_PRODUCER = 20_000;

    record Msg(int producer, int seq) {
    }

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyTellIsEitherProcessedExactlyOnceOrRefused() throws Exception {
        system = ActorSystem.create("bounded-stress");
        CountDownLatch everyProducerRefused = new CountDownLatch(PRODUCERS);
        AtomicIntegerArray processed = new AtomicIntegerArray(PRODUCERS * PER_PRODUCER);
        AtomicLong processedTotal = new AtomicLong();
        AtomicInteger outOfOrder = new AtomicInteger();
        int[] lastSeq = new int[PRODUCERS]; // touched only by the actor, one message at a time
        Arrays.fill(lastSeq, -1);
        ActorRef ref = system.spawnFromFunction("sink", ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                everyProducerRefused.await(60, TimeUnit.SECONDS);
                return;
            }
            Msg m = (Msg) ctx.message();
            if (m.seq() <= lastSeq[m.producer()]) {
                outOfOrder.incrementAndGet();
            }
            lastSeq[m.producer()] = m.seq();
            processed.incrementAndGet(m.producer() * PER_PRODUCER + m.seq());
            processedTotal.incrementAndGet();
        }, SpawnOptions.builder().mailbox(MailboxFactory.bounded(CAPACITY)).build());

        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try {
            CyclicBarrier start = new CyclicBarrier(PRODUCERS);
            List<Future<boolean[]>> results = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                boolean timed = p % 2 == 1;
                results.add(pool.submit(() -> {
                    boolean[] accepted = new boolean[PER_PRODUCER];
                    boolean refusedOnce = false;
                    start.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        try {
                            if (timed) {
                                ref.tell(new Msg(id, i), null, Duration.ofNanos(50_000));
                            } else {
                                ref.tell(new Msg(id, i));
                            }
                            accepted[i] = true;
                        } catch (MailboxFullException e) {
                            if (!refusedOnce) {
                                refusedOnce = true;
                                everyProducerRefused.countDown();
                            }
                        }
                    }
                    if (!refusedOnce) {
                        everyProducerRefused.countDown(); // do not hold the actor for nothing; asserted below
                    }
                    return accepted;
                }));
            }
            long acceptedTotal = 0;
            long refusedTotal = 0;
            List<boolean[]> outcomes = new ArrayList<>();
            for (Future<boolean[]> f : results) {
                boolean[] accepted = f.get(120, TimeUnit.SECONDS);
                outcomes.add(accepted);
                for (boolean a : accepted) {
                    if (a) {
                        acceptedTotal++;
                    } else {
                        refusedTotal++;
                    }
                }
            }
            long expected = acceptedTotal;
            await().atMost(Duration.ofSeconds(60)).until(() -> processedTotal.get() >= expected);
            // Every producer has returned, so nothing can enter the mailbox any more: an empty mailbox means the
            // count below is final.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> system.inspect("sink").orElseThrow().mailboxSize() == 0);

            assertThat(refusedTotal).as("refused tells").isPositive();
            assertThat(acceptedTotal).as("accepted tells").isPositive();
            assertThat(processedTotal.get()).isEqualTo(acceptedTotal);
            assertThat(outOfOrder.get()).isZero();
            for (int p = 0; p < PRODUCERS; p++) {
                boolean[] accepted = outcomes.get(p);
                for (int i = 0; i < PER_PRODUCER; i++) {
                    int times = processed.get(p * PER_PRODUCER + i);
                    if (times != (accepted[i] ? 1 : 0)) {
                        throw new AssertionError("producer " + p + " message " + i + ": tell "
                                + (accepted[i] ? "returned" : "threw MailboxFullException")
                                + " but it was processed " + times + " times");
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
