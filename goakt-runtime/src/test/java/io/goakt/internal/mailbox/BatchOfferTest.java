package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batches offered in one operation: {@link SlotQueue#offerSlots} (one claim of consecutive positions) and
 * {@link SenderLanes#offerAll} / {@link LinkedEnvelopeQueue#offerChain} (one exchange for a chain). Order within a
 * batch and across a producer's batches and single offers, the inline slot and segment boundaries, and stress runs
 * in which producers mix batches of random sizes with single offers.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BatchOfferTest {

    /** The payload: its producer, its number in that producer's sequence, and how many of its batch follow it. */
    record Item(int producer, int seq, int left) {
    }

    @Test
    void aBatchComesOutInOrderWithItsSendersAcrossTheInlineSlotAndTheSegments() {
        SlotQueueTest.Holder q = new SlotQueueTest.Holder();
        int n = 300; // the inline slot, then segments of 2, 4, 8, 16, then full ones
        Object[] messages = new Object[n];
        Object[] senders = new Object[n];
        for (int i = 0; i < n; i++) {
            messages[i] = "m" + i;
            senders[i] = "s" + i;
        }
        q.offerSlots(messages, senders, "unused");
        assertThat(q.sizeSlots()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            Envelope e = q.pollSlotNoWait();
            assertThat(e.message()).isEqualTo("m" + i);
            assertThat(e.sender()).isEqualTo("s" + i);
        }
        assertThat(q.hasSlots()).isFalse();
        assertThat(q.firstAcquire()).as("the epoch ended: its segments are let go").isNull();
    }

    /** Batches that start at every position of the first segments, after single offers; one sender for all. */
    @Test
    void batchesStartingAnywhereKeepOrderWithTheSingleOffersAroundThem() {
        for (int before = 0; before < 40; before++) {
            for (int size : new int[] {1, 2, 3, 5, 17, 33, 70}) {
                SlotQueueTest.Holder q = new SlotQueueTest.Holder();
                int next = 0;
                for (int i = 0; i < before; i++) {
                    q.offerSlot(next++, null);
                }
                Object[] batch = new Object[size];
                for (int i = 0; i < size; i++) {
                    batch[i] = next++;
                }
                q.offerSlots(batch, null, "batch sender");
                q.offerSlot(next++, null);
                for (int i = 0; i < next; i++) {
                    Envelope e = q.pollSlotNoWait();
                    assertThat(e.message()).as("%d singles, then a batch of %d", before, size).isEqualTo(i);
                    assertThat(e.sender()).isEqualTo(i >= before && i < before + size ? "batch sender" : null);
                }
                assertThat(q.hasSlots()).isFalse();
                assertThat(q.firstAcquire()).isNull();
            }
        }
    }

    @Test
    void aHintLeftByABatchLeadsLaterSendersToTheRightSegment() {
        SlotQueueTest.Holder q = new SlotQueueTest.Holder();
        Object[] batch = new Object[200];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i;
        }
        q.offerSlots(batch, null, null);
        assertThat(q.firstAcquire().hintAcquire().index).isEqualTo(SlotSegment.indexOf(198));
        q.offerSlot(200, null);
        for (int i = 0; i <= 200; i++) {
            assertThat(q.pollSlotNoWait().message()).isEqualTo(i);
        }
    }

    @Test
    void aChainIsLinkedInWithOneExchangeBehindWhatIsQueued() {
        EnvelopeQueue q = new EnvelopeQueue();
        q.offerLinked(new Envelope("before", null));
        Envelope[] chain = {new Envelope("a", null), new Envelope("b", null), new Envelope("c", null)};
        LinkedEnvelopeQueue.linkChain(chain);
        q.offerChain(chain[0], chain[2]);
        q.offerLinked(new Envelope("after", null));
        for (String expected : new String[] {"before", "a", "b", "c", "after"}) {
            assertThat(q.pollLinked().message()).isEqualTo(expected);
        }
        assertThat(q.pollLinked()).isNull();
        assertThat(q.hasLinked()).isFalse();
    }

    @Test
    void aChainIntoAnEmptyQueueBecomesItsHead() {
        EnvelopeQueue q = new EnvelopeQueue();
        Envelope[] chain = {new Envelope("a", null), new Envelope("b", null)};
        LinkedEnvelopeQueue.linkChain(chain);
        q.offerChain(chain[0], chain[1]);
        assertThat(q.sizeLinked()).isEqualTo(2);
        assertThat(q.pollLinkedNoWait().message()).isEqualTo("a");
        assertThat(q.pollLinkedNoWait().message()).isEqualTo("b");
        assertThat(q.pollLinkedNoWait()).isNull();
    }

    /**
     * Producers that yield now and then right after their claim, mixing batches of 2 to 64 with single offers, and
     * a consumer that never waits: every item arrives once, in its producer's order, and each batch arrives whole,
     * with no other producer's item inside it (the positions were claimed at once). The queue ends empty.
     */
    @RepeatedTest(3)
    void batchesAndSingleOffersLoseNothingAndBatchesStayWhole() throws Exception {
        SlotQueueTest.Holder q = new SlotQueueTest.Holder();
        q.yieldEvery = 53;
        run(4, 100_000, true, (batch, single) -> {
            if (single != null) {
                q.offerSlot(single, null);
            } else {
                q.offerSlots(batch, null, null);
            }
        }, q::pollSlotNoWait);
        assertThat(q.hasSlots()).isFalse();
        assertThat(q.firstAcquire()).isNull();
    }

    /**
     * The same over sender lanes: each producer's batches and single offers go to its lane, and the consumer serves
     * the lanes round-robin, so only each producer's order is checked.
     */
    @RepeatedTest(3)
    void batchesIntoLanesLoseNothingAndKeepEachProducersOrder() throws Exception {
        EnvelopeQueue base = new EnvelopeQueue();
        SenderLanes lanes = new SenderLanes(4);
        run(6, 100_000, false, (batch, single) -> {
            if (single != null) {
                lanes.offer(new Envelope(single, null));
            } else {
                Envelope[] chain = new Envelope[batch.length];
                for (int i = 0; i < chain.length; i++) {
                    chain[i] = new Envelope(batch[i], null);
                }
                lanes.offerAll(chain);
            }
        }, () -> lanes.pollNoWait(base));
        assertThat(lanes.hasMessages()).isFalse();
    }

    /** Offers either a batch (then {@code single} is null) or one message. */
    interface Offer {
        void offer(Object[] batch, Object single);
    }

    /**
     * {@code producers} threads each offer {@code perProducer} items, in batches of random size (1 is a single
     * offer); this thread polls until it has them all (or 60 seconds pass) and checks each producer's order, and,
     * when {@code whole}, that nothing falls inside a batch.
     */
    private static void run(int producers, int perProducer, boolean whole, Offer offer, Supplier<Envelope> poll)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                running.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(id);
                    start.await();
                    int seq = 0;
                    while (seq < perProducer) {
                        int size = Math.min(perProducer - seq, random.nextInt(3) == 0 ? 1 : 2 + random.nextInt(63));
                        if (size == 1) {
                            offer.offer(null, new Item(id, seq++, 0));
                        } else {
                            Object[] batch = new Object[size];
                            for (int i = 0; i < size; i++) {
                                batch[i] = new Item(id, seq++, size - 1 - i);
                            }
                            offer.offer(batch, null);
                        }
                        if (random.nextInt(64) == 0) {
                            Thread.yield(); // let the queue run empty now and then
                        }
                    }
                    return null;
                }));
            }
            int[] next = new int[producers];
            long received = 0;
            int outOfOrder = 0;
            int insideBatch = 0;
            int open = -1; // the producer whose batch is being received, or -1
            start.await();
            long total = (long) producers * perProducer;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received < total && System.nanoTime() < deadline) {
                Envelope e = poll.get();
                if (e == null) {
                    continue;
                }
                Item item = (Item) e.message();
                if (item.seq() != next[item.producer()]) {
                    outOfOrder++;
                }
                if (open >= 0 && item.producer() != open) {
                    insideBatch++;
                }
                open = item.left() > 0 ? item.producer() : -1;
                next[item.producer()] = item.seq() + 1;
                received++;
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(received).as("items received").isEqualTo(total);
            assertThat(outOfOrder).as("items out of their producer's order").isZero();
            if (whole) {
                assertThat(insideBatch).as("items of another producer inside a batch").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
