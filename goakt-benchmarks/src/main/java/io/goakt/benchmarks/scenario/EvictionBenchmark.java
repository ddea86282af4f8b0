package io.goakt.benchmarks.scenario;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.Passivation;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/**
 * On-demand actors under a cap: {@code --threads} threads spawn {@code --actors} passivation-enabled actors in all,
 * each told one message, into a system capped at {@code --cap} live actors by {@code --policy} (lru, lfu, mru), then
 * the same without a cap, and with each spawning thread stopping its own oldest actors to stay within its share of
 * the cap (what the stops alone cost). Prints the spawn rate (spawns and the evictions they cause, until the
 * spawning threads return), the time until the live count is back at the cap, the process's CPU time over that
 * span (the comparison that holds on a shared machine), and the used heap after GC with the system still up.
 *
 * <pre>
 * java -Xms2g -Xmx4g -cp goakt-benchmarks/target/benchmarks.jar io.goakt.benchmarks.scenario.EvictionBenchmark \
 *     --actors 1000000 --cap 100000 --policy lru --threads 2 [--sample 16] [--percentage 0]
 * </pre>
 */
public final class EvictionBenchmark {

    private EvictionBenchmark() {
    }

    /** Counts what it is told; replies to nothing. */
    private static final class Session implements Actor {
        private int seen;

        @Override
        public void receive(ReceiveContext ctx) {
            seen++;
        }
    }

    public static void main(String[] args) throws Exception {
        int actors = 1_000_000;
        int cap = 100_000;
        int threads = 2;
        String policy = "lru";
        int sample = EvictionPolicy.DEFAULT_SAMPLE_SIZE;
        int percentage = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--actors" -> actors = Integer.parseInt(args[++i]);
                case "--cap" -> cap = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--policy" -> policy = args[++i];
                case "--sample" -> sample = Integer.parseInt(args[++i]);
                case "--percentage" -> percentage = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        System.out.printf(Locale.ROOT, "eviction benchmark: %,d actors, cap %,d, %s, sample %d, percentage %d,"
                        + " %d spawning threads, availableProcessors %d, max heap %d MB%n", actors, cap, policy,
                sample, percentage, threads, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        EvictionPolicy.Strategy strategy = EvictionPolicy.Strategy.valueOf(policy.toUpperCase(Locale.ROOT));
        run("capped", actors, threads, EvictionPolicy.of(strategy, cap).withSampleSize(sample)
                .withPercentage(percentage));
        run("uncapped", actors, threads, null);
        run("stop-own", actors, threads, null, cap);
    }

    /**
     * CPU time of this process (every thread, GC included): on a machine shared with other work it compares runs
     * better than wall time, which counts the time other processes held the cores.
     */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static void run(String label, int actors, int threads, EvictionPolicy policy) throws Exception {
        run(label, actors, threads, policy, 0);
    }

    /**
     * With {@code ownCap} > 0 and no policy, each spawning thread keeps its share of the cap itself, stopping its
     * oldest actor for each one past it: what the stops alone cost, the baseline of the capped run.
     */
    private static void run(String label, int actors, int threads, EvictionPolicy policy, int ownCap)
            throws Exception {
        long before = Heap.usedAfterGc();
        ActorSystemConfig.Builder config = ActorSystemConfig.builder();
        if (policy != null) {
            config.eviction(policy);
        }
        ActorSystem system = ActorSystem.create("evict-bench", config.build());
        SpawnOptions onDemand = SpawnOptions.builder()
                .passivation(Passivation.afterIdle(Duration.ofHours(1))).build();
        CyclicBarrier go = new CyclicBarrier(threads + 1);
        List<Thread> spawners = new ArrayList<>();
        int per = actors / threads;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                    int share = ownCap / threads;
                    ActorRef[] ring = share > 0 ? new ActorRef[share] : null;
                    for (int i = 0; i < per; i++) {
                        ActorRef ref = system.spawn("s" + thread + "-" + i, Session::new, onDemand);
                        ref.tell(i);
                        if (ring != null) {
                            ActorRef oldest = ring[i % share];
                            if (oldest != null) {
                                system.stop(oldest);
                            }
                            ring[i % share] = ref;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "spawner-" + t);
            th.start();
            spawners.add(th);
        }
        go.await();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        for (Thread th : spawners) {
            th.join();
        }
        long spawned = System.nanoTime() - start;
        int limit = policy != null ? policy.maxActors() : ownCap > 0 ? ownCap : Integer.MAX_VALUE;
        while (system.actorCount() > limit) {
            Thread.onSpinWait();
        }
        long settled = System.nanoTime() - start;
        long cpu = processCpuNanos() - cpuStart;
        long used = Heap.usedAfterGc() - before;
        int live = system.actorCount();
        System.out.printf(Locale.ROOT, "%-9s spawned %,d in %,d ms: %.2f M spawns/s; live %,d after %,d ms;"
                        + " process CPU %,d ms (%.1f us per spawn); heap %,d MB (%,.0f B per live actor)%n", label,
                per * threads, TimeUnit.NANOSECONDS.toMillis(spawned), per * threads / (spawned / 1e9) / 1e6, live,
                TimeUnit.NANOSECONDS.toMillis(settled), TimeUnit.NANOSECONDS.toMillis(cpu),
                cpu / 1e3 / (per * threads), used >> 20, (double) used / live);
        system.shutdown(Duration.ofMinutes(2));
    }
}
