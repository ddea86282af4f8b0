package io.goakt.mailbox;

import org.junit.jupiter.api.RepeatedTest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hammers the transitions of {@link UnboundedMessageQueue} between empty and non-empty, where its algorithm has
 * its races (a producer publishing the head of an empty queue, the consumer CASing the tail back to null). The
 * consumer polls as fast as it can so the queue keeps emptying under the producers.
 */
class UnboundedQueueEmptyTransitionStressTest {

    private static final int PRODUCERS = 4;
    private static final int PER_PRODUCER = 200_000;

    record Item(int producer, int seq) {
    }

    @RepeatedTest(3)
    void everyEnvelopeArrivesOnceInProducerOrder() throws Exception {
        UnboundedMessageQueue q = new UnboundedMessageQueue();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        try {
            CyclicBarrier start = new CyclicBarrier(PRODUCERS + 1);
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int id = p;
                producers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        q.offer(new Envelope(new Item(id, i), null));
                        if ((i & 1023) == 0) {
                            Thread.yield(); // let the consumer empty the queue now and then
                        }
                    }
                    return null;
                }));
            }
            int[] next = new int[PRODUCERS];
            long received = 0;
            int outOfOrder = 0;
            start.await();
            long total = (long) PRODUCERS * PER_PRODUCER;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received < total && System.nanoTime() < deadline) {
                Envelope e = q.poll();
                if (e == null) {
                    continue;
                }
                Item item = (Item) e.message();
                if (item.seq() != next[item.producer()]) {
                    outOfOrder++;
                }
                next[item.producer()] = item.seq() + 1;
                received++;
            }
            for (Future<?> f : producers) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(received).isEqualTo(total);
            assertThat(outOfOrder).isZero();
            assertThat(q.poll()).isNull();
            assertThat(q.hasMessages()).isFalse();
            assertThat(q.size()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
