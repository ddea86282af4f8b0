package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;
import io.goakt.testsupport.MpscStress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SlotQueue}: order across the inline slot and the segments, new epochs when the queue empties, positions
 * claimed but not yet filled (built deterministically by pausing a producer right after its claim), and stress runs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a lost message
// leaves the waiting poll spinning: fail instead of hanging the build
class SlotQueueTest {

    /** The algorithm on fields of its own; can pause or yield a producer right after its claim. */
    static class Holder implements SlotQueue {
        private static final VarHandle CLAIMS;
        private static final VarHandle INLINE;
        private static final VarHandle FIRST;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                CLAIMS = l.findVarHandle(Holder.class, "claims", long.class);
                INLINE = l.findVarHandle(Holder.class, "inlineMessage", Object.class);
                FIRST = l.findVarHandle(Holder.class, "first", SlotSegment.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        @SuppressWarnings("unused")
        private long claims;
        @SuppressWarnings("unused")
        private Object inlineMessage;
        private Object inlineSender;
        @SuppressWarnings("unused")
        private SlotSegment first;
        private int taken;

        /** Yield right after every n-th claim (0: never). */
        int yieldEvery;
        private final AtomicInteger claimCount = new AtomicInteger();
        /** Set to pause the next claimer right after its claim: it counts down {@code claimed}, awaits {@code go}. */
        volatile CountDownLatch pauseClaimed;
        volatile CountDownLatch pauseGo;
        /** Runs once between the next sender's read of the claims word and its increment. */
        Runnable interference;
        /** Runs once right after the consumer's next successful CAS of the claims word (a new epoch). */
        Runnable afterNewEpoch;

        @Override
        public long claimsVolatile() {
            return (long) CLAIMS.getVolatile(this);
        }

        @Override
        public long claimsGetAndIncrement() {
            Runnable r = interference;
            interference = null;
            if (r != null) {
                r.run();
            }
            long c = (long) CLAIMS.getAndAdd(this, 1L);
            CountDownLatch claimed = pauseClaimed;
            if (claimed != null) {
                pauseClaimed = null;
                claimed.countDown();
                try {
                    assertThat(pauseGo.await(30, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (yieldEvery > 0 && claimCount.incrementAndGet() % yieldEvery == 0) {
                Thread.yield(); // the producer is descheduled between its claim and its store
            }
            return c;
        }

        @Override
        public long claimsGetAndAdd(int n) {
            long c = (long) CLAIMS.getAndAdd(this, (long) n);
            if (yieldEvery > 0 && claimCount.incrementAndGet() % yieldEvery == 0) {
                Thread.yield(); // the producer is descheduled between its claim and its stores
            }
            return c;
        }

        @Override
        public boolean claimsCompareAndSet(long expect, long update) {
            boolean set = CLAIMS.compareAndSet(this, expect, update);
            Runnable r = afterNewEpoch;
            if (set && r != null) {
                afterNewEpoch = null;
                r.run();
            }
            return set;
        }

        @Override
        public Object inlineMessageAcquire() {
            return INLINE.getAcquire(this);
        }

        @Override
        public void inlineMessageRelease(Object message) {
            INLINE.setRelease(this, message);
        }

        @Override
        public Object inlineSender() {
            return inlineSender;
        }

        @Override
        public void inlineSender(Object sender) {
            inlineSender = sender;
        }

        @Override
        public SlotSegment firstAcquire() {
            return (SlotSegment) FIRST.getAcquire(this);
        }

        @Override
        public boolean firstCompareAndSet(SlotSegment expect, SlotSegment update) {
            return FIRST.compareAndSet(this, expect, update);
        }

        @Override
        public void firstRelease(SlotSegment segment) {
            FIRST.setRelease(this, segment);
        }

        @Override
        public int taken() {
            return taken;
        }

        @Override
        public void taken(int count) {
            taken = count;
        }

        /** A producer thread that sends {@code message} and pauses right after its claim; returns once it has claimed. */
        CompletableFuture<Void> sendPausedAfterClaim(Object message, CountDownLatch go) throws InterruptedException {
            CountDownLatch claimed = new CountDownLatch(1);
            pauseGo = go;
            pauseClaimed = claimed;
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> offerSlot(message, null));
            assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
            return done;
        }
    }

    @Test
    void segmentSizesCoverEveryPositionOnce() {
        assertThat(SlotSegment.capacityOf(0)).isEqualTo(SlotSegment.FIRST_CAPACITY);
        assertThat(SlotSegment.capacityOf(10)).isEqualTo(SlotSegment.MAX_CAPACITY);
        int expectedStart = 0;
        for (int index = 0; index < 400; index++) {
            assertThat(SlotSegment.startOf(index)).as("start of segment %d", index).isEqualTo(expectedStart);
            for (int j = 0; j < SlotSegment.capacityOf(index); j++) {
                assertThat(SlotSegment.indexOf(expectedStart + j)).as("segment of position %d", expectedStart + j)
                        .isEqualTo(index);
            }
            expectedStart += SlotSegment.capacityOf(index);
        }
    }

    @Test
    void touchingAheadCountsTheFilledSlotsAndStopsAtTheSegmentEnd() {
        SlotSegment s = new SlotSegment(0, 6); // a full-size segment
        int capacity = SlotSegment.capacityOf(6);
        for (int j = 0; j < capacity; j++) {
            if (j % 3 != 0) { // every third slot claimed but not yet filled
                s.put(j, new Object[] {j}, "sender");
            }
        }
        assertThat(s.touch(0, 8)).isEqualTo(5); // slots 1, 2, 4, 5, 7
        assertThat(s.touch(capacity - 4, 8)).as("clipped to the segment's last slot: 28, 29, 31").isEqualTo(3);
        assertThat(s.touch(capacity, 8)).as("past the end").isZero();
    }

    @Test
    void messagesComeOutInOrderWithTheirSendersAcrossTheInlineSlotAndTheSegments() {
        Holder q = new Holder();
        for (int i = 0; i < 1_000; i++) {
            q.offerSlot("m" + i, "s" + i);
        }
        assertThat(q.sizeSlots()).isEqualTo(1_000);
        for (int i = 0; i < 1_000; i++) {
            Envelope e = q.pollSlotNoWait();
            assertThat(e.message()).isEqualTo("m" + i);
            assertThat(e.sender()).isEqualTo("s" + i);
        }
        assertThat(q.pollSlotNoWait()).isNull();
        assertThat(q.hasSlots()).isFalse();
        assertThat(q.sizeSlots()).isZero();
    }

    @Test
    void anEmptiedQueueStartsANewEpochAndKeepsNoSegment() {
        Holder q = new Holder();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                q.offerSlot(round * 1000 + i, null);
            }
            assertThat(q.firstAcquire()).isNotNull();
            for (int i = 0; i < 100; i++) {
                assertThat(q.pollSlotNoWait().message()).isEqualTo(round * 1000 + i);
            }
            assertThat(q.claimsVolatile() >>> 32).as("epoch after round %d", round).isEqualTo(round + 1L);
            assertThat((int) q.claimsVolatile()).isZero();
            assertThat(q.firstAcquire()).as("segments of the old epoch are let go").isNull();
            assertThat(q.inlineMessageAcquire()).isNull();
        }
        // A lone message in the new epoch lives in the inline slot: no segment is made for it.
        q.offerSlot("lone", null);
        assertThat(q.firstAcquire()).isNull();
        assertThat(q.pollSlotNoWait().message()).isEqualTo("lone");
    }

    @Test
    void theConsumerLetsGoOfEachSegmentItLeaves() {
        Holder q = new Holder();
        for (int i = 0; i < 200; i++) {
            q.offerSlot(i, null);
        }
        SlotSegment initial = q.firstAcquire();
        assertThat(initial.index).isZero();
        for (int i = 0; i < 100; i++) {
            q.pollSlotNoWait();
        }
        SlotSegment now = q.firstAcquire();
        assertThat(now.index).isEqualTo(SlotSegment.indexOf(98)); // position 99 is segment position 98
        assertThat(now.start).isLessThanOrEqualTo(98);
        assertThat(now.hintAcquire().index).as("the producers' hint, carried over: the segment of the last position")
                .isEqualTo(SlotSegment.indexOf(198));
    }

    @Test
    void anInlineSlotBeingFilledIsLeftForLater() throws Exception {
        Holder q = new Holder();
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> sender = q.sendPausedAfterClaim("first", go);

        assertThat(q.pollSlotNoWait()).as("claimed but not stored").isNull();
        assertThat(q.hasSlots()).as("the message counts as present").isTrue();

        go.countDown();
        sender.get(30, TimeUnit.SECONDS);
        assertThat(q.pollSlotNoWait().message()).isEqualTo("first");
        assertThat(q.hasSlots()).isFalse();
    }

    @Test
    void aSegmentSlotBeingFilledHoldsBackTheMessagesBehindIt() throws Exception {
        Holder q = new Holder();
        q.offerSlot("inline", null);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> sender = q.sendPausedAfterClaim("stalled", go);
        q.offerSlot("behind", null); // another producer completes after the stalled claim

        assertThat(q.pollSlotNoWait().message()).isEqualTo("inline");
        assertThat(q.pollSlotNoWait()).as("the stalled position comes first").isNull();
        assertThat(q.hasSlots()).isTrue();
        assertThat(q.sizeSlots()).isEqualTo(2);

        go.countDown();
        sender.get(30, TimeUnit.SECONDS);
        assertThat(q.pollSlotNoWait().message()).isEqualTo("stalled");
        assertThat(q.pollSlotNoWait().message()).isEqualTo("behind");
        assertThat(q.pollSlotNoWait()).isNull();
        assertThat(q.hasSlots()).isFalse();
    }

    @Test
    void aClaimAfterTheLastTakenPositionKeepsTheEpoch() throws Exception {
        Holder q = new Holder();
        q.offerSlot("a", null);
        q.offerSlot("b", null);
        assertThat(q.pollSlotNoWait().message()).isEqualTo("a");
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> sender = q.sendPausedAfterClaim("c", go);

        // Taking "b" is not taking the last claimed position: the epoch stays, the segments stay.
        assertThat(q.pollSlotNoWait().message()).isEqualTo("b");
        assertThat(q.claimsVolatile() >>> 32).isZero();
        assertThat(q.hasSlots()).isTrue();

        go.countDown();
        sender.get(30, TimeUnit.SECONDS);
        assertThat(q.pollSlotNoWait().message()).isEqualTo("c");
        assertThat(q.claimsVolatile() >>> 32).isEqualTo(1L);
        assertThat(q.firstAcquire()).isNull();
    }

    @Test
    void aSegmentInstalledRightAfterANewEpochStartsIsKept() {
        Holder q = new Holder();
        q.offerSlot("old 0", null);
        q.offerSlot("old 1", null); // a segment of epoch 0
        assertThat(q.pollSlotNoWait().message()).isEqualTo("old 0");
        // Senders of the new epoch get in between the consumer's CAS and its clean-up of the old epoch's segment:
        // the second one installs the new epoch's first segment, which the clean-up must leave alone.
        q.afterNewEpoch = () -> {
            q.offerSlot("new 0", null);
            q.offerSlot("new 1", null);
        };
        assertThat(q.pollSlotNoWait().message()).isEqualTo("old 1");
        assertThat(q.firstAcquire()).isNotNull();
        assertThat(q.firstAcquire().epoch).isEqualTo(1);
        assertThat(q.pollSlotNoWait().message()).isEqualTo("new 0");
        assertThat(q.pollSlotNoWait().message()).isEqualTo("new 1");
        assertThat(q.hasSlots()).isFalse();
    }

    @Test
    void theWaitingPollWaitsForAClaimedPosition() throws Exception {
        Holder q = new Holder();
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Void> sender = q.sendPausedAfterClaim("late", go);
        CompletableFuture<Envelope> polled = CompletableFuture.supplyAsync(q::pollSlot);
        go.countDown();
        assertThat(polled.get(30, TimeUnit.SECONDS).message()).isEqualTo("late");
        sender.get(30, TimeUnit.SECONDS);
        assertThat(q.pollSlot()).isNull();
    }

    @Test
    void aSendSensesAnotherSenderThatGotInBetween() {
        Holder q = new Holder();
        assertThat(q.offerSlot("alone", null)).isTrue();
        assertThat(q.offerSlot("behind alone", null)).isTrue();

        q.interference = () -> q.offerSlot("another sender", null);
        assertThat(q.offerSlot("contended", null)).isFalse();

        q.interference = () -> {
            while (q.pollSlotNoWait() != null) {
                // the consumer empties the queue (a new epoch) in between: no contention
            }
        };
        assertThat(q.offerSlot("after the consumer", null)).isTrue();
        assertThat(q.pollSlotNoWait().message()).isEqualTo("after the consumer");
        assertThat(q.pollSlotNoWait()).isNull();
    }

    /**
     * Producers that yield right after some of their claims (the window the consumer must not wait in) and now and
     * then between sends (so the queue runs empty and new epochs start while others send), and a consumer that only
     * uses the non-waiting poll: every message arrives exactly once, in each producer's order, and the queue ends
     * empty, holding no segment.
     */
    @RepeatedTest(3)
    void stalledProducersLoseNothingAndKeepTheirOrder() throws Exception {
        Holder q = new Holder();
        q.yieldEvery = 97;
        MpscStress.run(4, 100_000, 0, e -> q.offerSlot(e.message(), e.sender()), q::pollSlotNoWait);
        assertEmpty(q);
    }

    @RepeatedTest(3)
    void manyNewEpochsLoseNothing() throws Exception {
        Holder q = new Holder();
        q.yieldEvery = 13;
        MpscStress.run(3, 50_000, 7, e -> q.offerSlot(e.message(), e.sender()), q::pollSlotNoWait);
        assertEmpty(q);
        assertThat(q.claimsVolatile() >>> 32).as("epochs started").isPositive();
    }

    @RepeatedTest(2)
    void theWaitingPollUnderStressLosesNothing() throws Exception {
        Holder q = new Holder();
        q.yieldEvery = 31;
        MpscStress.run(4, 50_000, 11, e -> q.offerSlot(e.message(), e.sender()), q::pollSlot);
        assertEmpty(q);
    }

    private static void assertEmpty(Holder q) {
        assertThat(q.pollSlotNoWait()).isNull();
        assertThat(q.hasSlots()).isFalse();
        assertThat(q.sizeSlots()).isZero();
        assertThat(q.firstAcquire()).isNull();
        assertThat(q.inlineMessageAcquire()).isNull();
    }
}
