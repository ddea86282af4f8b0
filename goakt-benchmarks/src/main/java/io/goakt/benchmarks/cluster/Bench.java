package io.goakt.benchmarks.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;

/** What the cluster benchmarks share: loopback ports for their members, a bounded wait, and the result line. */
final class Bench {

    /** How long a benchmark waits for its cluster to reach a state before it gives up. */
    private static final long WAIT_SECONDS = 60;

    /** Ports JGroups may bind from, each at least 110 apart so a member's port range cannot reach another's. */
    private static final int PORT_SPACING = 110;

    private Bench() {
    }

    /** {@code n} free loopback ports, far enough apart for JGroups' port ranges; fewer if none could be found. */
    static List<Integer> freePorts(int n) throws IOException {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < n && attempt < 1000; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                int p = s.getLocalPort();
                if (p <= 65535 - PORT_SPACING && ports.stream().allMatch(q -> Math.abs(p - q) > PORT_SPACING)) {
                    ports.add(p);
                }
            }
        }
        return ports;
    }

    /** Polls {@code condition} every millisecond for up to a minute; throws naming {@code what} when it never holds. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no " + what + " within " + WAIT_SECONDS + " s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Prints the harness's result line for {@code scenario}: the median of {@code values}, with min and max. */
    static void print(String scenario, double[] values, String unit) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "scenario=%s system=goakt value=%.2f unit=%s min=%.2f max=%.2f",
                scenario, sorted[sorted.length / 2], unit, sorted[0], sorted[sorted.length - 1]));
    }
}
