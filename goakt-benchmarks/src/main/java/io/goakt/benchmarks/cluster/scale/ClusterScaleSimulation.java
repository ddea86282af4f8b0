package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grows a simulated cluster of {@link SimulationStack} members in this JVM, on JGroups' in-process transport, and
 * at each requested size measures membership and placement.
 *
 * <h2>What is measured at each size N</h2>
 * <ul>
 *   <li><b>join one</b>: the cluster grows from the previous size to N one member at a time; each join is timed
 *       from the joiner's {@code connect} to the moment every member holds the view with it (median and largest of
 *       that segment's joins), and the process's CPU time over the segment is divided by its joins: the CPU all
 *       members together spend on one view change.</li>
 *   <li><b>leave one</b>: a random member other than the coordinator leaves gracefully; timed until the others hold
 *       the view without it (a member then joins again to restore N).</li>
 *   <li><b>join batch</b> and <b>leave batch</b>: {@code --batch} members connect at once, then leave at once;
 *       timed until every member holds the one view with (without) all of them.</li>
 *   <li><b>view bytes</b>: the serialized size of the N-member view, with goakt's metadata in every address.</li>
 *   <li><b>idle CPU</b>: the process's CPU time over {@code --idle-seconds} with nothing happening but the
 *       protocols' own traffic (heartbeats, merge announcements, stability gossip), in cores.</li>
 *   <li><b>heap</b> after a full collection and the JVM's <b>threads</b>.</li>
 *   <li><b>placement</b> ({@link PartitionFigures}): partitions and {@code --identities} grain identities per
 *       member, and the share of both that moves when a member joins or leaves ({@code --trials} each).</li>
 *   <li><b>registry</b>: the names registry is fully replicated, so every member holds all {@code --names} entries;
 *       their heap is the entry count times the bytes per entry that {@link RegistryFootprint} measures.</li>
 *   <li><b>goakt's view work</b> ({@link ViewWork}): the view diff and the partition owner table, on one thread.</li>
 * </ul>
 *
 * <h2>What the figures are</h2>
 * CPU and memory of the algorithms, not network behaviour: a send is a method call into the receiving member's
 * stack, there is no latency, loss or bandwidth limit, and all N members share this JVM's cores and heap. Times are
 * an upper bound on the protocol work a view change costs when N members do it on the same cores, not the time a
 * view change takes across machines. See {@code docs/scaling.md} for how they extrapolate.
 *
 * <pre>
 * java -Xmx8g -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.cluster.scale.ClusterScaleSimulation \
 *   [--sizes 50,100,200,300,400,500] [--batch 10] [--identities 1000000] [--names 100000] [--trials 20] \
 *   [--idle-seconds 5] [--profile defaults|fast] [--fd-slowdown 1] [--pool-threads 256] [--seed 1] \
 *   [--step-timeout-seconds 120] [--partition-count 271] [--placement-sizes 1000]
 * </pre>
 * After the series, {@code --placement-sizes} computes the placement figures and {@link ViewWork} alone, on
 * member ids without channels, for sizes past what one JVM holds as channels (1,000 by default; empty for none).
 * {@code --fd-slowdown f} multiplies the profile's heartbeat interval, suspicion timeout and merge interval by
 * {@code f}. Every member multicasts a heartbeat per interval, so N members in one JVM deliver {@code N(N-1)} per
 * interval: at 500 members and the 1 s default that is 250,000 deliveries a second, more than two cores can
 * process, and members would suspect each other for want of CPU, not of network. A series past about 100 members
 * therefore slows the background protocols down and reads their cost per delivery from a run at the defaults
 * (the idle CPU columns).
 */
public final class ClusterScaleSimulation {

    private ClusterScaleSimulation() {
    }

    /** The run's settings; {@link #parse} reads them from the command line. */
    public record Options(int[] sizes, int batch, int identities, int names, int trials, Duration idle,
                          FailureDetection failureDetection, int partitionCount, int poolThreads, long seed,
                          Duration stepTimeout, int[] placementSizes) {

        /** The defaults of the command line. */
        public static Options defaults() {
            return new Options(new int[]{50, 100, 200, 300, 400, 500}, 10, 1_000_000, 100_000, 20,
                    Duration.ofSeconds(5), FailureDetection.defaults(), ClusterConfig.DEFAULT_PARTITION_COUNT, 256,
                    1, Duration.ofSeconds(120), new int[]{1_000});
        }

        static Options parse(String[] args) {
            Options d = defaults();
            int[] sizes = d.sizes;
            int batch = d.batch;
            int identities = d.identities;
            int names = d.names;
            int trials = d.trials;
            Duration idle = d.idle;
            FailureDetection fd = d.failureDetection;
            long slowdown = 1;
        int partitionCount = d.partitionCount;
        int[] placementSizes = d.placementSizes;
        int poolThreads = d.poolThreads;
            long seed = d.seed;
            Duration stepTimeout = d.stepTimeout;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--sizes" -> sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).sorted()
                            .toArray();
                    case "--batch" -> batch = Integer.parseInt(value);
                    case "--identities" -> identities = Integer.parseInt(value);
                    case "--names" -> names = Integer.parseInt(value);
                    case "--trials" -> trials = Integer.parseInt(value);
                    case "--idle-seconds" -> idle = Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
                    case "--profile" -> fd = switch (value) {
                        case "defaults" -> FailureDetection.defaults();
                        case "fast" -> FailureDetection.fast();
                        default -> throw new IllegalArgumentException("--profile must be defaults or fast, was "
                                + value);
                    };
                    case "--fd-slowdown" -> slowdown = Long.parseLong(value);
                    case "--partition-count" -> partitionCount = Integer.parseInt(value);
                    case "--placement-sizes" -> placementSizes = value.isEmpty() ? new int[0]
                            : Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).sorted().toArray();
                    case "--pool-threads" -> poolThreads = Integer.parseInt(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--step-timeout-seconds" -> stepTimeout = Duration.ofSeconds(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --sizes "
                            + "--batch --identities --names --trials --idle-seconds --profile --fd-slowdown --partition-count "
                            + "--placement-sizes --pool-threads --seed "
                            + "--step-timeout-seconds");
                }
            }
            if (sizes.length == 0 || sizes[0] < 2) {
                throw new IllegalArgumentException("--sizes must list sizes of at least 2, was "
                        + Arrays.toString(sizes));
            }
            if (slowdown < 1) {
                throw new IllegalArgumentException("--fd-slowdown must be at least 1, was " + slowdown);
            }
            fd = new FailureDetection(fd.heartbeatInterval().multipliedBy(slowdown),
                    fd.timeout().multipliedBy(slowdown), fd.verifyTimeout(), fd.mergeInterval().multipliedBy(slowdown));
            if (batch < 2) {
                throw new IllegalArgumentException("--batch must be at least 2, was " + batch);
            }
            if (identities < 0 || names < 1 || trials < 1 || poolThreads < 1) {
                throw new IllegalArgumentException("--identities must be at least 0 (was " + identities
                        + "), --names, --trials and --pool-threads at least 1 (were " + names + ", " + trials + ", "
                        + poolThreads + ")");
            }
            return new Options(sizes, batch, identities, names, trials, idle, fd, partitionCount, poolThreads, seed,
                    stepTimeout, placementSizes);
        }
    }

    /** What was measured at one size; times in milliseconds. */
    public record SizeReport(int members, double joinOneMedian, double joinOneMax, int joins, double cpuPerJoin,
                             double leaveOne,
                             double joinBatch, double leaveBatch, int viewBytes, double idleCores, long heapBytes,
                             int threads, int poolThreads, PartitionFigures.Figures placement,
                             long registryEntries, double registryBytesPerEntry, ViewWork.Times viewWork) {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        List<SizeReport> reports = run(options, System.out);
        print(options, reports, System.out);
        printPlacement(options, System.out);
    }

    /**
     * Placement alone (no channels) at {@code --placement-sizes}, for the configured partition count and for
     * {@link ViewWork#LARGE_PARTITION_COUNT}: the hash's figures at sizes the JVM cannot hold as channels.
     */
    static void printPlacement(Options o, PrintStream out) {
        if (o.placementSizes().length == 0) {
            return;
        }
        out.println();
        out.println("| members | partitions | partitions per member, min / mean / max | members without a partition "
                + "| identities per member, min / mean / max | moved on join, partitions mean / max | moved on leave, "
                + "partitions mean / max | identities moved on join / leave | owner table (ms) | view diff (ms) |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (int size : o.placementSizes()) {
            List<io.goakt.cluster.Member> members = PartitionFigures.synthetic(size, o.seed() + size);
            ViewWork.Times work = ViewWork.of(members, o.partitionCount());
            for (int partitions : new int[]{o.partitionCount(), ViewWork.LARGE_PARTITION_COUNT}) {
                // The large table costs partitions x N hashes per trial: a few trials give the mean well enough.
                int trials = partitions > 1_000 ? Math.min(o.trials(), 3) : o.trials();
                PartitionFigures.Figures f = PartitionFigures.of(members, partitions, o.identities(), trials,
                        o.seed() + size + partitions);
                out.printf("| %d | %,d | %d / %.2f / %d | %d | %,d / %,.0f / %,d | %.5f / %.5f | %.5f / %.5f "
                                + "| %.5f / %.5f | %.1f | %.2f |%n", size, partitions,
                        f.partitionsPerMember().min(), f.partitionsPerMember().mean(), f.partitionsPerMember().max(),
                        f.membersWithoutPartitions(), f.identitiesPerMember().min(), f.identitiesPerMember().mean(),
                        f.identitiesPerMember().max(), f.join().meanPartitions(), f.join().maxPartitions(),
                        f.leave().meanPartitions(), f.leave().maxPartitions(), f.join().meanIdentities(),
                        f.leave().meanIdentities(),
                        partitions == o.partitionCount() ? work.ownersDefaultMillis() : work.ownersLargeMillis(),
                        work.diffMillis());
            }
        }
    }

    /** Runs the series of {@code options}, printing a line per size as it goes; the cluster is closed at the end. */
    public static List<SizeReport> run(Options options, PrintStream progress) throws Exception {
        ClusterConfig config = ClusterConfig.builder().failureDetection(options.failureDetection())
                .partitionCount(options.partitionCount()).build();
        double bytesPerEntry = RegistryFootprint.bytesPerEntry(Math.max(1_000, Math.min(options.names(), 100_000)));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<SizeReport> reports = new ArrayList<>();
        try (SimulatedCluster cluster = new SimulatedCluster(config, options.poolThreads(), options.seed(),
                options.stepTimeout())) {
            for (int size : options.sizes()) {
                List<Double> joins = new ArrayList<>();
                int from = cluster.size();
                long cpuStart = os.getProcessCpuTime();
                while (cluster.size() < size) {
                    joins.add(cluster.join(1).millisToAllMembers());
                }
                // The CPU of the whole process over the segment's joins (all members' share of each view change).
                double cpuPerJoin = (os.getProcessCpuTime() - cpuStart) / 1e6 / Math.max(1, size - from);
                double leaveOne = cluster.leaveOne().millisToAllMembers();
                joins.add(cluster.join(1).millisToAllMembers());
                double joinBatch = cluster.join(options.batch()).millisToAllMembers();
                double leaveBatch = cluster.leaveYoungest(options.batch()).millisToAllMembers();
                int viewBytes = cluster.view().serializedSize();

                progress.printf("N=%d: converged; idle for %d ms%n", size, options.idle().toMillis());
                long heap = RegistryFootprint.usedAfterGc(memory);
                long cpuBefore = os.getProcessCpuTime();
                long wallBefore = System.nanoTime();
                Thread.sleep(options.idle().toMillis());
                double idleCores = (double) (os.getProcessCpuTime() - cpuBefore) / (System.nanoTime() - wallBefore);
                int threads = ManagementFactory.getThreadMXBean().getThreadCount();

                PartitionFigures.Figures placement = PartitionFigures.of(cluster.members(), config.partitionCount(),
                        options.identities(), options.trials(), options.seed() + size);
                double[] sorted = joins.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                SizeReport r = new SizeReport(size, sorted[sorted.length / 2], sorted[sorted.length - 1],
                        sorted.length, cpuPerJoin, leaveOne, joinBatch, leaveBatch, viewBytes, idleCores, heap, threads,
                        cluster.poolThreads(), placement, options.names(), bytesPerEntry,
                        ViewWork.of(cluster.members(), config.partitionCount()));
                reports.add(r);
                progress.printf("N=%d: join one median %.1f ms (max %.1f, %d joins), leave one %.1f ms, join %d "
                                + "%.1f ms, leave %d %.1f ms, view %d B, idle %.2f cores, heap %.0f MB, threads %d%n",
                        size, r.joinOneMedian(), r.joinOneMax(), r.joins(), leaveOne, options.batch(), joinBatch,
                        options.batch(), leaveBatch, viewBytes, idleCores, heap / 1e6, threads);
            }
        }
        return reports;
    }

    /** The result tables of the series, as Markdown. */
    static void print(Options o, List<SizeReport> reports, PrintStream out) {
        out.printf("%nfailure detection: heartbeat %d ms, timeout %d ms, merge interval %d ms; %d partitions; "
                        + "batch %d; %,d identities; %,d names; %d trials; idle window %.1f s; registry entry %.0f B%n%n",
                o.failureDetection().heartbeatInterval().toMillis(), o.failureDetection().timeout().toMillis(),
                o.failureDetection().mergeInterval().toMillis(), o.partitionCount(),
                o.batch(), o.identities(), o.names(), o.trials(), o.idle().toMillis() / 1000.0,
                reports.isEmpty() ? 0 : reports.get(0).registryBytesPerEntry());
        out.println("| members | join one, median / max (ms) | leave one (ms) | join " + o.batch() + " at once (ms) "
                + "| leave " + o.batch() + " at once (ms) | view (bytes) | idle CPU (cores) | idle CPU per heartbeat "
                + "delivery (us) | heap (MB) | heap per member (KB) | threads |");
        out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        double heartbeatSeconds = o.failureDetection().heartbeatInterval().toMillis() / 1000.0;
        for (SizeReport r : reports) {
            double deliveriesPerSecond = (double) r.members() * (r.members() - 1) / heartbeatSeconds;
            out.printf("| %d | %.1f / %.1f | %.1f | %.1f | %.1f | %,d | %.2f | %.1f | %.0f | %.0f | %d |%n",
                    r.members(), r.joinOneMedian(), r.joinOneMax(), r.leaveOne(), r.joinBatch(), r.leaveBatch(),
                    r.viewBytes(), r.idleCores(), r.idleCores() * 1e6 / deliveriesPerSecond, r.heapBytes() / 1e6,
                    r.heapBytes() / 1e3 / r.members(), r.threads());
        }
        out.println();
        out.println("| members | partitions per member, min / mean / max | identities per member, min / mean / max "
                + "| moved on join, partitions mean / max (1/(N+1)) | identities moved on join | moved on leave, "
                + "partitions mean / max (1/N) | identities moved on leave | registry per member (MB) |");
        out.println("|---|---|---|---|---|---|---|---|");
        for (SizeReport r : reports) {
            PartitionFigures.Figures f = r.placement();
            out.printf("| %d | %d / %.2f / %d | %,d / %,.0f / %,d | %.4f / %.4f (%.4f) | %.4f | %.4f / %.4f (%.4f) "
                            + "| %.4f | %.1f |%n", r.members(),
                    f.partitionsPerMember().min(), f.partitionsPerMember().mean(), f.partitionsPerMember().max(),
                    f.identitiesPerMember().min(), f.identitiesPerMember().mean(), f.identitiesPerMember().max(),
                    f.join().meanPartitions(), f.join().maxPartitions(), 1.0 / (r.members() + 1),
                    f.join().meanIdentities(), f.leave().meanPartitions(), f.leave().maxPartitions(),
                    1.0 / r.members(), f.leave().meanIdentities(),
                    r.registryEntries() * r.registryBytesPerEntry() / 1e6);
        }
        out.println();
        out.println("| members | CPU per join, all members (ms) | CPU per join per member (ms) | view diff, as "
                + "ClusterNode does it (ms) | owner table, " + o.partitionCount() + " partitions (ms) | owner table, "
                + ViewWork.LARGE_PARTITION_COUNT + " partitions (ms) |");
        out.println("|---|---|---|---|---|---|");
        for (SizeReport r : reports) {
            ViewWork.Times w = r.viewWork();
            out.printf("| %d | %.1f | %.3f | %.3f | %.3f | %.1f |%n", r.members(), r.cpuPerJoin(),
                    r.cpuPerJoin() / r.members(), w.diffMillis(), w.ownersDefaultMillis(), w.ownersLargeMillis());
        }
    }
}
