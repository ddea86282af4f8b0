package io.goakt.testsupport;

import io.goakt.mailbox.Envelope;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A multi-producer, single-consumer stress run for envelope queues: producers offer numbered items, the calling
 * thread polls until it has them all (or 60 seconds pass), and the run asserts that every item arrived exactly once
 * and in its producer's order. The queue's state afterwards is the caller's to check.
 */
public final class MpscStress {

    /** The payload: which producer sent it, and its number in that producer's sequence. */
    public record Item(int producer, int seq) {
    }

    private MpscStress() {
    }

    /**
     * @param producers   producer threads
     * @param perProducer items each producer offers
     * @param yieldEvery  a producer yields after every this many offers (0: never), to let the queue run empty
     * @param offer       adds an envelope; called by the producers
     * @param poll        takes the next envelope or null; called by this thread only
     */
    public static void run(int producers, int perProducer, int yieldEvery, Consumer<Envelope> offer,
            Supplier<Envelope> poll) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        try {
            CyclicBarrier start = new CyclicBarrier(producers + 1);
            List<Future<?>> running = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int id = p;
                running.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perProducer; i++) {
                        offer.accept(new Envelope(new Item(id, i), null));
                        if (yieldEvery > 0 && i % yieldEvery == 0) {
                            Thread.yield();
                        }
                    }
                    return null;
                }));
            }
            int[] next = new int[producers];
            long received = 0;
            int outOfOrder = 0;
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
                next[item.producer()] = item.seq() + 1;
                received++;
            }
            for (Future<?> f : running) {
                f.get(10, TimeUnit.SECONDS);
            }
            assertThat(received).as("items received").isEqualTo(total);
            assertThat(outOfOrder).as("items out of their producer's order").isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
