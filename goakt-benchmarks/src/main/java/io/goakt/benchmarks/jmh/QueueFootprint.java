package io.goakt.benchmarks.jmh;

import io.goakt.mailbox.MessageQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;

/**
 * Prints the retained heap of one empty queue of each kind: it keeps {@code count} instances alive (100,000 unless
 * given as the first argument) and divides the used-heap growth, measured after repeated {@link System#gc()}, by
 * the count. It matters because every idle actor holds one empty mailbox queue.
 *
 * <p>Run: {@code java -cp benchmarks.jar io.goakt.benchmarks.jmh.QueueFootprint [count]}. The numbers are
 * estimates (the heap is measured, not walked); run with {@code -XX:+UseSerialGC} for the steadiest readings.
 */
public final class QueueFootprint {

    private QueueFootprint() {
    }

    /** Measures and prints one line per queue kind. */
    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        measure("goakt MessageQueue.unbounded()", count, MessageQueue::unbounded);
        for (int chunk : new int[] {16, 128, 1024}) {
            measure("jctools MpscUnboundedXaddArrayQueue(chunk=" + chunk + ")", count,
                    () -> new MpscUnboundedXaddArrayQueue<Object>(chunk));
        }
    }

    private static void measure(String name, int count, Supplier<?> factory) {
        // A first round warms up the class and the JIT so that their metadata is not counted.
        retained(Math.min(count, 1000), factory);
        double bytes = retained(count, factory);
        System.out.printf("queue=%s count=%d retained_bytes_per_empty_queue=%.1f%n", name, count, bytes);
    }

    private static double retained(int count, Supplier<?> factory) {
        List<Object> keep = new ArrayList<>(count);
        long before = usedAfterGc();
        for (int i = 0; i < count; i++) {
            keep.add(factory.get());
        }
        long after = usedAfterGc();
        double perQueue = (after - before) / (double) count;
        if (keep.size() != count) {
            throw new AssertionError(); // keeps the list reachable until after the measurement
        }
        // The list's own array (4 or 8 bytes per slot) was allocated before the first reading.
        return perQueue;
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
