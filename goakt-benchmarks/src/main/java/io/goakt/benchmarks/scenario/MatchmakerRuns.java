package io.goakt.benchmarks.scenario;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The harness's matchmaker workload run many times in one JVM, each run's rate printed beside the cross-CPU round trip
 * measured just before it ({@link CrossCpuRoundTrip}): how the matchmaker's rate follows the host's placement of the
 * processors, on goakt and on Pekko (cores-sized dispatcher, throughput 300, its best configuration for this
 * workload), the two alternating run by run.
 *
 * <p>Usage: {@code java -Xms2g -Xmx4g -cp benchmarks.jar io.goakt.benchmarks.scenario.MatchmakerRuns [runs]
 * [goakt|pekko|both]} (default 20 runs of each, both). Prints one line a run:
 * {@code run=<n> system=<goakt|pekko> msgs-per-s=<rate> round-trip-ns=<ns or n/a>}.
 */
public final class MatchmakerRuns {

    private static final int CLIENTS = 100;
    private static final int ROUND_TRIPS = 10;
    private static final int PAIRINGS = 200_000;

    private MatchmakerRuns() {
    }

    /** Entry point; see the class comment. */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String systems = args.length > 1 ? args[1] : "both";
        if (runs < 1 || !List.of("goakt", "pekko", "both").contains(systems)) {
            throw new IllegalArgumentException("usage: MatchmakerRuns [runs >= 1] [goakt|pekko|both]");
        }
        List<Contender> contenders = new ArrayList<>();
        if (!systems.equals("pekko")) {
            contenders.add(new GoaktContender());
        }
        if (!systems.equals("goakt")) {
            contenders.add(PekkoContender.coresDispatcher(Runtime.getRuntime().availableProcessors(), 300));
        }
        try {
            run(contenders, runs, CLIENTS, ROUND_TRIPS, PAIRINGS, System.out);
        } finally {
            for (Contender c : contenders) {
                c.close();
            }
        }
        System.exit(0); // the systems are stopped; do not wait for stray daemons
    }

    /** {@code runs} runs of each contender, alternating, one line each on {@code out}. */
    static void run(List<Contender> contenders, int runs, int clients, int roundTrips, int pairings, PrintStream out)
            throws Exception {
        CrossCpuRoundTrip probe = new CrossCpuRoundTrip();
        long messages = Contender.matchmakerMessages(clients, roundTrips, pairings);
        for (int run = 1; run <= runs; run++) {
            for (Contender c : contenders) {
                System.gc();
                double roundTrip = probe.roundTripNanos(CrossCpuRoundTrip.PROBE);
                long nanos = c.matchmaker(clients, roundTrips, pairings);
                out.printf(Locale.ROOT, "run=%d system=%s msgs-per-s=%.0f round-trip-ns=%s%n", run, c.system(),
                        messages / (nanos / 1e9), CrossCpuRoundTrip.format(roundTrip));
            }
        }
    }
}
