package io.goakt.mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link MessageQueue} must keep, whatever its ordering policy: no loss, no duplicate, FIFO per
 * producer (for queues whose policy reduces to FIFO when all messages are alike and each producer is its own
 * sender), {@code hasMessages}/{@code size}/{@code poll} consistent when quiescent.
 *
 * <p>A subclass supplies {@link #newQueue()}: an empty queue large enough for {@link #PER_PRODUCER} messages from
 * each of 8 producers, and, for ordered kinds, configured so that all messages compare equal.
 *
 * <p>The concurrent test is jcstress-style: producers and one consumer race, and the invariants checked afterwards
 * are exact (every message seen once, each producer's messages in order), not statistical.
 */
abstract class MessageQueueConformance {

    static final int PER_PRODUCER = 100_000;

    /** A new, empty queue of the kind under test. */
    protected abstract MessageQueue newQueue();

    record Item(int producer, int seq) {
    }

    @Test
    void pollOnAnEmptyQueueReturnsNull() {
        MessageQueue q = newQueue();
        assertThat(q.poll()).isNull();
        assertThat(q.hasMessages()).isFalse();
        assertThat(q.size()).isZero();
    }

    @Test
    void hasMessagesIsTrueAfterAnOfferAndFalseAfterDraining() {
        MessageQueue q = newQueue();
        assertThat(q.offer(new Envelope("a", null))).isTrue();
        assertThat(q.hasMessages()).isTrue();
        assertThat(q.offer(new Envelope("b", "someone"))).isTrue();
        assertThat(q.hasMessages()).isTrue();
        assertThat(q.poll()).isNotNull();
        assertThat(q.hasMessages()).isTrue();
        assertThat(q.poll()).isNotNull();
        assertThat(q.hasMessages()).isFalse();
        assertThat(q.poll()).isNull();
    }

    @Test
    void sizeCountsQueuedEnvelopesWhenQuiescent() {
        MessageQueue q = newQueue();
        for (int i = 1; i <= 100; i++) {
            q.offer(new Envelope(i, i % 3 == 0 ? null : "sender-" + (i % 3)));
            assertThat(q.size()).isEqualTo(i);
        }
        for (int i = 99; i >= 0; i--) {
            assertThat(q.poll()).isNotNull();
            assertThat(q.size()).isEqualTo(i);
        }
    }

    @Test
    void oneProducerIsServedInOfferOrderAndTheEnvelopeIsReturnedAsIs() {
        MessageQueue q = newQueue();
        List<Envelope> offered = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Envelope e = new Envelope(i, "only");
            offered.add(e);
            q.offer(e);
        }
        for (Envelope e : offered) {
            Envelope polled = q.poll();
            assertThat(polled).isSameAs(e);
            assertThat(polled.sender()).isEqualTo("only");
        }
        assertThat(q.poll()).isNull();
    }

    @Test
    void theQueueCanEmptyAndFillAgain() {
        MessageQueue q = newQueue();
        for (int round = 0; round < 1000; round++) {
            q.offer(new Envelope(round, "s"));
            q.offer(new Envelope(-round, "s"));
            assertThat(q.poll().message()).isEqualTo(round);
            assertThat(q.poll().message()).isEqualTo(-round);
            assertThat(q.poll()).isNull();
            assertThat(q.hasMessages()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} producers")
    @ValueSource(ints = {4, 8})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentProducersAndOneConsumerLoseNothingDuplicateNothingAndKeepProducerOrder(int producers)
            throws Exception {
        MessageQueue q = newQueue();
        ExecutorService pool = Executors.newFixedThreadPool(producers + 1);
        try {
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                String sender = "producer-" + p; // its own sender, so a fair queue keeps its FIFO lane
                sent.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        if (!q.offer(new Envelope(new Item(id, i), sender))) {
                            throw new AssertionError("offer refused " + i + " of producer " + id);
                        }
                    }
                    return null;
                }));
            }
            long total = (long) producers * PER_PRODUCER;
            Future<int[]> consumed = pool.submit(() -> {
                int[] next = new int[producers];
                long received = 0;
                start.await();
                while (received < total) {
                    Envelope e = q.poll();
                    if (e == null) {
                        if (Thread.interrupted()) { // the test gave up (shutdownNow): stop spinning
                            throw new InterruptedException("consumer gave up after " + received + " messages");
                        }
                        Thread.onSpinWait();
                        continue;
                    }
                    Item item = (Item) e.message();
                    if (item.seq() != next[item.producer()]) {
                        throw new AssertionError("producer " + item.producer() + ": expected " + next[item.producer()]
                                + " but polled " + item.seq());
                    }
                    if (!("producer-" + item.producer()).equals(e.sender())) {
                        throw new AssertionError("sender mixed up on " + item);
                    }
                    next[item.producer()]++;
                    received++;
                }
                return next;
            });
            for (Future<?> f : sent) {
                f.get(100, TimeUnit.SECONDS);
            }
            int[] perProducer = consumed.get(100, TimeUnit.SECONDS);
            for (int p = 0; p < producers; p++) {
                assertThat(perProducer[p]).as("messages of producer %d", p).isEqualTo(PER_PRODUCER);
            }
            // Nothing extra (no duplicate left behind), and the quiescent views agree.
            assertThat(q.poll()).isNull();
            assertThat(q.hasMessages()).isFalse();
            assertThat(q.size()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
