package io.goakt.benchmarks.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntConsumer;

/**
 * Threads outside any actor system that send a workload: they are started first and released together, so the
 * measured time contains the sending and the processing but not the thread start-up.
 */
final class OutsideSenders {

    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch gate = new CountDownLatch(1);

    /** Prepares {@code count} threads; thread {@code i} runs {@code body.accept(i)} once released. */
    OutsideSenders(int count, IntConsumer body) {
        CountDownLatch ready = new CountDownLatch(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                ready.countDown();
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                body.accept(index);
            }, "sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        try {
            ready.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Releases the threads; returns {@link System#nanoTime()} at the release. */
    long release() {
        long t0 = System.nanoTime();
        gate.countDown();
        return t0;
    }

    /** Waits for the threads to finish sending. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }
}
