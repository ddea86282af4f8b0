package io.goakt.mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** What only a bounded queue promises: refusal when full, waiting for room, and the bound under contention. */
class BoundedMessageQueueTest {

    private static Envelope envelope(Object message) {
        return new Envelope(message, null);
    }

    @Test
    void aCapacityBelowOneIsRejected() {
        assertThatThrownBy(() -> MailboxFactory.bounded(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0");
        assertThatThrownBy(() -> new BoundedMessageQueue(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesWhenFullAndAcceptsAgainAfterAPoll() {
        MessageQueue q = MailboxFactory.bounded(3).create();
        assertThat(q.capacity()).isEqualTo(3);
        assertThat(q.offer(envelope(1))).isTrue();
        assertThat(q.offer(envelope(2))).isTrue();
        assertThat(q.offer(envelope(3))).isTrue();
        assertThat(q.offer(envelope(4))).isFalse();
        assertThat(q.size()).isEqualTo(3);

        assertThat(q.poll().message()).isEqualTo(1);
        assertThat(q.offer(envelope(5))).isTrue();
        assertThat(q.offer(envelope(6))).isFalse();

        List<Object> rest = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            rest.add(e.message());
        }
        assertThat(rest).containsExactly(2, 3, 5); // the refused 4 and 6 were never queued
    }

    @Test
    void aCapacityOfOneAlternates() {
        MessageQueue q = new BoundedMessageQueue(1);
        for (int i = 0; i < 1000; i++) {
            assertThat(q.offer(envelope(i))).isTrue();
            assertThat(q.offer(envelope(-i))).isFalse();
            assertThat(q.poll().message()).isEqualTo(i);
        }
    }

    @Test
    void theTimedOfferReturnsFalseAfterTheTimeoutWhenNobodyMakesRoom() throws Exception {
        MessageQueue q = new BoundedMessageQueue(2);
        q.offer(envelope(1));
        q.offer(envelope(2));
        assertThat(q.offer(envelope(3), 20, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.offer(envelope(4), 0, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(q.size()).isEqualTo(2);
        assertThat(q.poll().message()).isEqualTo(1);
        assertThat(q.poll().message()).isEqualTo(2);
        assertThat(q.poll()).isNull();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theTimedOfferSucceedsWhenTheConsumerFreesRoom() throws Exception {
        MessageQueue q = new BoundedMessageQueue(2);
        q.offer(envelope(1));
        q.offer(envelope(2));
        CompletableFuture<Boolean> offered = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                offered.complete(q.offer(envelope(3), 30, TimeUnit.SECONDS));
            } catch (Throwable e) {
                offered.completeExceptionally(e);
            }
        });
        waiter.start();
        // The offer is asleep waiting for room (not spinning, not done).
        await().atMost(Duration.ofSeconds(20)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        assertThat(offered).isNotDone();

        assertThat(q.poll().message()).isEqualTo(1);
        assertThat(offered.get(20, TimeUnit.SECONDS)).isTrue();
        waiter.join(20_000);
        assertThat(q.poll().message()).isEqualTo(2);
        assertThat(q.poll().message()).isEqualTo(3);
        assertThat(q.poll()).isNull();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anInterruptedTimedOfferThrowsAndQueuesNothing() throws Exception {
        MessageQueue q = new BoundedMessageQueue(1);
        q.offer(envelope(1));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                q.offer(envelope(2), 30, TimeUnit.SECONDS);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> t.getState() == Thread.State.TIMED_WAITING);
        t.interrupt();
        assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.poll().message()).isEqualTo(1);
        assertThat(q.poll()).isNull();
    }

    /**
     * Producers hammer a small queue, half with fail-fast offers and half with short timed offers, while the
     * consumer checks the bound after every poll. Every accepted message must arrive exactly once and in its
     * producer's order; a refused one must never arrive.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void manyProducersNeverExceedTheCapacityAndEveryAcceptedMessageArrives() throws Exception {
        int capacity = 16;
        int producers = 6;
        int attempts = 50_000;
        BoundedMessageQueue q = new BoundedMessageQueue(capacity);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            List<Future<boolean[]>> results = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                boolean timed = p % 2 == 0;
                results.add(pool.submit(() -> {
                    boolean[] accepted = new boolean[attempts];
                    start.await();
                    for (int i = 0; i < attempts; i++) {
                        Envelope e = new Envelope(new MessageQueueConformance.Item(id, i), null);
                        accepted[i] = timed ? q.offer(e, 50, TimeUnit.MICROSECONDS) : q.offer(e);
                    }
                    return accepted;
                }));
            }
            start.await();
            List<List<Integer>> received = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                received.add(new ArrayList<>());
            }
            int maxSeen = 0;
            while (!allDone(results) || q.hasMessages()) {
                maxSeen = Math.max(maxSeen, q.size());
                Envelope e = q.poll();
                if (e != null) {
                    MessageQueueConformance.Item item = (MessageQueueConformance.Item) e.message();
                    received.get(item.producer()).add(item.seq());
                }
            }
            assertThat(maxSeen).isLessThanOrEqualTo(capacity);
            long acceptedTotal = 0;
            long refusedTotal = 0;
            for (int p = 0; p < producers; p++) {
                boolean[] accepted = results.get(p).get();
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < attempts; i++) {
                    if (accepted[i]) {
                        expected.add(i);
                    } else {
                        refusedTotal++;
                    }
                }
                acceptedTotal += expected.size();
                assertThat(received.get(p)).as("accepted messages of producer %d, in order", p)
                        .isEqualTo(expected);
            }
            assertThat(acceptedTotal + refusedTotal).isEqualTo((long) producers * attempts);
            assertThat(acceptedTotal).isPositive();
            assertThat(q.poll()).isNull();
            assertThat(q.size()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every producer only uses timed offers with a wait far longer than the test, against a consumer that stops
     * polling once the messages it expects have all arrived. A lost wake-up would leave a producer asleep with
     * room available and the test would time out.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void waitingProducersAreAllWokenAndNothingIsLost() throws Exception {
        int producers = 6;
        int perProducer = 20_000;
        BoundedMessageQueue q = new BoundedMessageQueue(4);
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        AtomicBoolean refused = new AtomicBoolean();
        try {
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            List<Future<?>> sent = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                sent.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        if (!q.offer(new Envelope(new MessageQueueConformance.Item(id, i), null), 1, TimeUnit.HOURS)) {
                            refused.set(true);
                        }
                    }
                    return null;
                }));
            }
            start.await();
            int[] next = new int[producers];
            long total = (long) producers * perProducer;
            for (long received = 0; received < total; ) {
                assertThat(q.size()).isLessThanOrEqualTo(4);
                Envelope e = q.poll();
                if (e == null) {
                    if (Thread.interrupted()) { // @Timeout fired: a producer is stuck asleep
                        throw new InterruptedException("only " + received + " of " + total + " arrived");
                    }
                    Thread.onSpinWait();
                    continue;
                }
                MessageQueueConformance.Item item = (MessageQueueConformance.Item) e.message();
                assertThat(item.seq()).isEqualTo(next[item.producer()]);
                next[item.producer()]++;
                received++;
            }
            for (Future<?> f : sent) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertThat(refused).isFalse();
            assertThat(q.poll()).isNull();
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean allDone(List<? extends Future<?>> futures) {
        for (Future<?> f : futures) {
            if (!f.isDone()) {
                return false;
            }
        }
        return true;
    }
}
