package io.goakt.benchmarks.scenario;

import java.io.IOException;
import java.io.InputStream;

/**
 * A CPU-bound co-tenant: one thread per available processor, each spinning on integer arithmetic, so a measurement
 * taken beside it shares every core with a busy neighbour ({@link Harness}'s {@code --co-tenant}).
 *
 * <p>Prints {@code busy N} on standard output once its N threads run, then exits when its standard input ends: the
 * harness that started it holds the other end, so the hog also stops when that harness dies without cleaning up.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.goakt.benchmarks.scenario.CpuHog [threads]} (default: one per
 * available processor).
 */
public final class CpuHog {

    /** Read by no one; the threads publish into it so the JIT cannot drop their loops. */
    private static volatile long sink;

    private CpuHog() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < threads; i++) {
            long seed = 0x9E3779B97F4A7C15L * (i + 1);
            Thread t = new Thread(() -> spin(seed), "cpu-hog-" + i);
            t.setDaemon(true);
            t.start();
        }
        System.out.println("busy " + threads);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // nothing is sent; only the end of the stream matters
        }
        System.exit(0);
    }

    private static void spin(long seed) {
        long x = seed;
        long acc = 0;
        while (true) {
            for (int i = 0; i < 1_000_000; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                acc += x * 31 + (x >>> 3);
            }
            sink = acc; // plain volatile store: only keeps the loop alive
        }
    }
}
