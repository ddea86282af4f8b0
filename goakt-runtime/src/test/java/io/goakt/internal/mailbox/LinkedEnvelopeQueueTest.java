package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;
import io.goakt.testsupport.MpscStress;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The non-waiting poll of {@link LinkedEnvelopeQueue}. The states a producer leaves between its exchange of the tail
 * and its second store are built by hand (the accessors are the holder's), so each is checked deterministically; a
 * stress test then widens that window with yields inside real producers.
 */
class LinkedEnvelopeQueueTest {

    /** The standalone queue; {@code yieldEvery > 0} yields right after every n-th exchange of the tail. */
    static final class Holder extends EnvelopeQueue {
        private final int yieldEvery;
        private final AtomicInteger exchanges = new AtomicInteger();

        Holder(int yieldEvery) {
            this.yieldEvery = yieldEvery;
        }

        @Override
        public Envelope tailGetAndSet(Envelope t) {
            Envelope prev = super.tailGetAndSet(t);
            if (yieldEvery > 0 && exchanges.incrementAndGet() % yieldEvery == 0) {
                Thread.yield(); // the producer is descheduled between its two stores
            }
            return prev;
        }
    }

    /** Runs {@code interference} once, between the next send's read of the tail and its exchange. */
    static final class Interleaved extends EnvelopeQueue {
        Runnable interference;

        @Override
        public Envelope tailGetAndSet(Envelope t) {
            Runnable r = interference;
            interference = null;
            if (r != null) {
                r.run();
            }
            return super.tailGetAndSet(t);
        }
    }

    @Test
    void aSendSensesAnotherSenderThatGotInBetween() {
        Interleaved q = new Interleaved();
        assertThat(q.offerLinkedSensing(env("alone"))).isTrue();
        assertThat(q.offerLinkedSensing(env("behind alone"))).isTrue();

        q.interference = () -> q.offerLinked(env("another sender"));
        assertThat(q.offerLinkedSensing(env("contended"))).isFalse();

        q.interference = () -> {
            while (q.pollLinked() != null) {
                // the consumer empties the queue in between: no contention
            }
        };
        assertThat(q.offerLinkedSensing(env("after the consumer"))).isTrue();
        assertThat(q.pollLinked().message()).isEqualTo("after the consumer");
        assertThat(q.pollLinked()).isNull();
    }

    private static Envelope env(Object message) {
        return new Envelope(message, null);
    }

    @Test
    void aHeadBeingPublishedIsLeftForLater() {
        Holder q = new Holder(0);
        Envelope first = env("first");
        // A producer found the queue empty and swapped itself in, but has not published the head yet.
        assertThat(q.tailGetAndSet(first)).isNull();

        assertThat(q.pollLinkedNoWait()).isNull();
        assertThat(q.hasLinked()).as("the message counts as present").isTrue();

        q.headRelease(first); // the producer's second store
        assertThat(q.pollLinkedNoWait()).isSameAs(first);
        assertThat(q.pollLinkedNoWait()).isNull();
        assertThat(q.hasLinked()).isFalse();
    }

    @Test
    void aLinkBeingWrittenLeavesTheHeadInPlace() {
        Holder q = new Holder(0);
        Envelope first = env("first");
        Envelope second = env("second");
        q.offerLinked(first);
        // A second producer swapped itself in behind the first but has not linked it yet.
        assertThat(q.tailGetAndSet(second)).isSameAs(first);

        assertThat(q.pollLinkedNoWait()).as("the first may not go: its successor is not reachable yet").isNull();
        assertThat(q.hasLinked()).isTrue();
        assertThat(q.headAcquire()).as("the head is put back").isSameAs(first);

        EnvelopeLinks.NEXT.setRelease(first, second); // the producer's second store
        assertThat(q.pollLinkedNoWait()).isSameAs(first);
        assertThat(q.pollLinkedNoWait()).isSameAs(second);
        assertThat(q.pollLinkedNoWait()).isNull();
        assertThat(q.hasLinked()).isFalse();
        assertThat(q.sizeLinked()).isZero();
    }

    @Test
    void theLastMessageEmptiesTheQueueAndTheNextPublishesAHeadAgain() {
        Holder q = new Holder(0);
        Envelope first = env("first");
        q.offerLinked(first);
        assertThat(q.sizeLinked()).isEqualTo(1);
        assertThat(q.pollLinkedNoWait()).isSameAs(first);
        assertThat(q.hasLinked()).isFalse();

        Envelope second = env("second");
        Envelope third = env("third");
        q.offerLinked(second);
        q.offerLinked(third);
        assertThat(q.sizeLinked()).isEqualTo(2);
        assertThat(q.pollLinkedNoWait()).isSameAs(second);
        assertThat(q.pollLinked()).isSameAs(third);
        assertThat(q.pollLinked()).isNull();
    }

    /**
     * Producers that yield right after some of their exchanges (the window the consumer must not wait in), and a
     * consumer that only ever uses the non-waiting poll: every message arrives exactly once, in each producer's
     * order, and the queue ends empty.
     */
    @RepeatedTest(3)
    void stalledProducersLoseNothingAndKeepTheirOrder() throws Exception {
        Holder q = new Holder(97);
        MpscStress.run(4, 100_000, 0, q::offerLinked, q::pollLinkedNoWait);
        assertThat(q.pollLinkedNoWait()).isNull();
        assertThat(q.hasLinked()).isFalse();
        assertThat(q.sizeLinked()).isZero();
    }
}
