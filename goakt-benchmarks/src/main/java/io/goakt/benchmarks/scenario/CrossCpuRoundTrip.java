package io.goakt.benchmarks.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long a value takes to go from one spinning thread to another and back, through two volatile fields: the cost
 * of handing a cache line between two processors and back, which every message between actors on different workers
 * pays. On a virtual machine it depends on where the host runs the virtual processors, and it can change while a
 * process runs (65-90 ns and 300-490 ns on the machine of {@code docs/benchmarks.md}); the harness prints it beside
 * its measurements so that a run says which of those machines it ran on.
 *
 * <p>A measurement spins two threads for its whole duration, so it runs between iterations, never during one. With
 * one processor, or when the two threads hardly ever run at the same time (a busy co-tenant), it says so.
 */
final class CrossCpuRoundTrip {

    /** How long the harness and {@link MatchmakerRuns} measure before each run they time. */
    static final Duration PROBE = Duration.ofMillis(50);
    /** Round trips timed together; a measurement keeps each batch's mean. */
    static final int BATCH = 100;
    /** Fewer batches than this in a measurement say the two threads hardly ran at the same time. */
    static final int MIN_BATCHES = 10;

    private volatile long ping;
    private volatile long pong;

    /**
     * A round trip's time in nanoseconds: the tenth percentile of the means of batches of {@value #BATCH} round trips
     * timed over {@code duration} once the other thread answered a first ping. A batch during which a third thread
     * (a compiler thread, the collector) took one of the processors lasts milliseconds; the low percentile leaves
     * those out and keeps what the processors themselves cost. {@code -1} when the other thread did not answer within
     * {@code duration}, or fewer than {@value #MIN_BATCHES} batches completed.
     */
    double roundTripNanos(Duration duration) throws InterruptedException {
        // The echo thread gets up to the measurement's duration again to start and answer a first ping, which is not
        // counted: a thread's start is not what is measured.
        long start = System.nanoTime();
        // The previous measurement ended with ping at -1, which stops an echo thread at once: clear it before this
        // measurement's echo starts (the start orders these writes before anything the thread reads).
        ping = 0;
        pong = 0;
        Thread echo = new Thread(() -> echo(start + 3 * duration.toNanos()), "cross-cpu-echo");
        echo.setDaemon(true);
        echo.start();
        double[] batches = new double[1024];
        int batchesDone = 0;
        long sent = 1;
        try {
            ping = sent;
            while (pong != sent) {
                if (System.nanoTime() - (start + duration.toNanos()) > 0) {
                    return -1;
                }
                Thread.onSpinWait();
            }
            long end = System.nanoTime() + duration.toNanos();
            outer:
            while (batchesDone < batches.length) {
                long t0 = System.nanoTime();
                for (int i = 0; i < BATCH; i++) {
                    ping = ++sent;
                    while (pong != sent) {
                        if (System.nanoTime() - end > 0) {
                            break outer;
                        }
                        Thread.onSpinWait();
                    }
                }
                batches[batchesDone++] = (System.nanoTime() - t0) / (double) BATCH;
                if (System.nanoTime() - end > 0) {
                    break;
                }
            }
        } finally {
            ping = -1; // ends the echo thread however the loop ended
            echo.join();
        }
        if (batchesDone < MIN_BATCHES) {
            return -1;
        }
        Arrays.sort(batches, 0, batchesDone);
        return batches[batchesDone / 10];
    }

    /** Sends every value of {@code ping} back through {@code pong} until {@code ping} is -1 or {@code end} passed. */
    private void echo(long end) {
        long seen = 0;
        while (true) {
            long p = ping;
            if (p == -1) {
                return;
            }
            if (p != seen) {
                seen = p;
                pong = p;
            } else if (System.nanoTime() - end > 0) {
                return;
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /** {@code nanos} as the harness prints it: whole nanoseconds, or {@code n/a} for no measurement. */
    static String format(double nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", nanos);
    }
}
