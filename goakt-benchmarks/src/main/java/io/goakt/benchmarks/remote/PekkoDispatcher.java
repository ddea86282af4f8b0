package io.goakt.benchmarks.remote;

/**
 * A Pekko dispatcher setting the benchmarks sweep: a label for the report and the configuration that sets it. The
 * local scenarios and the remote one use the same settings, so the same Pekko configurations compete everywhere.
 *
 * @param label     how the report names it
 * @param overrides HOCON overriding Pekko's defaults; empty for the defaults
 */
public record PekkoDispatcher(String label, String overrides) {

    /** Pekko's default dispatcher, untouched. */
    public static PekkoDispatcher defaults() {
        return new PekkoDispatcher("default-dispatcher", "");
    }

    /** The default dispatcher sized to one thread per core, with {@code throughput} messages per turn. */
    public static PekkoDispatcher cores(int cores, int throughput) {
        return new PekkoDispatcher("fj-parallelism-max=" + cores + ",throughput=" + throughput,
                "pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = " + cores + "\n"
                        + "pekko.actor.default-dispatcher.throughput = " + throughput);
    }
}
