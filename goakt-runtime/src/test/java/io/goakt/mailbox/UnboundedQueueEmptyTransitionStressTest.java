package io.goakt.mailbox;

import io.goakt.testsupport.MpscStress;
import org.junit.jupiter.api.RepeatedTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hammers the transitions of {@link MessageQueue#unbounded()} between empty and non-empty, where its algorithm has
 * its races (a producer publishing the head of an empty queue, the consumer CASing the tail back to null). The
 * consumer polls as fast as it can so the queue keeps emptying under the producers.
 */
class UnboundedQueueEmptyTransitionStressTest {

    @RepeatedTest(3)
    void everyEnvelopeArrivesOnceInProducerOrder() throws Exception {
        MessageQueue q = MessageQueue.unbounded();
        // Producers yield now and then so that the consumer empties the queue under them.
        MpscStress.run(4, 200_000, 1024, q::offer, q::poll);
        assertThat(q.poll()).isNull();
        assertThat(q.hasMessages()).isFalse();
        assertThat(q.size()).isZero();
    }
}
