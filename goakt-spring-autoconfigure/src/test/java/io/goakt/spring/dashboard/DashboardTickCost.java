package io.goakt.spring.dashboard;

import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Measures what one dashboard tick costs the JVM that runs the actors: the time to walk the actor system and write
 * the snapshot, the bytes allocated doing it (and, for comparison, of the walk alone and of {@code system.actors()}), and the size of the text every viewer is sent, for systems of 10,000
 * and 100,000 idle actors (top-level parents of 100 children each). A measuring program, not a test; docs/benchmarks.md
 * gives the command and the results.
 *
 * <p>Arguments: the system sizes (default {@code 10000 100000}).
 */
public final class DashboardTickCost {

    private static final int WARMUP = 20;
    private static final int MEASURED = 30;

    private DashboardTickCost() {
    }

    /** Runs the measurement and prints one line per size. */
    public static void main(String[] args) {
        int[] sizes = args.length == 0 ? new int[]{10_000, 100_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.printf("dashboard tick cost, JDK %s, %d processors, %d warm-up and %d measured ticks%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), WARMUP, MEASURED);
        for (int size : sizes) {
            measure(size);
        }
    }

    private static void measure(int actors) {
        ActorSystem system = ActorSystem.create("tick-cost");
        try (DashboardEvents events = new DashboardEvents(system)) {
            int parents = actors / 101;
            for (int p = 0; p < parents; p++) {
                system.spawnFromFunction("parent-" + p, ctx -> {
                    if (ctx.message() instanceof PostStart) {
                        for (int c = 0; c < 100; c++) {
                            ctx.spawnChild("child-" + c, () -> m -> { }, SpawnOptions.defaults());
                        }
                    }
                });
            }
            int expected = parents * 101;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (system.actorCount() < expected && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            DashboardSnapshots snapshots = new DashboardSnapshots(system, events, Optional::empty, false);
            com.sun.management.ThreadMXBean threads =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long thread = Thread.currentThread().getId();
            for (int i = 0; i < WARMUP; i++) {
                snapshots.tick();
            }
            double[] millis = new double[MEASURED];
            long allocated = 0;
            int bytes = 0;
            for (int i = 0; i < MEASURED; i++) {
                long before = threads.getThreadAllocatedBytes(thread);
                long start = System.nanoTime();
                String snapshot = snapshots.tick();
                millis[i] = (System.nanoTime() - start) / 1e6;
                allocated += threads.getThreadAllocatedBytes(thread) - before;
                bytes = snapshot.length();
            }
            double[] walk = new double[MEASURED];
            long walkAllocated = 0;
            for (int i = 0; i < MEASURED; i++) {
                long before = threads.getThreadAllocatedBytes(thread);
                long start = System.nanoTime();
                system.actors();
                walk[i] = (System.nanoTime() - start) / 1e6;
                walkAllocated += threads.getThreadAllocatedBytes(thread) - before;
            }
            Arrays.sort(walk);
            double[] visit = new double[MEASURED];
            long visitAllocated = 0;
            for (int i = 0; i < MEASURED; i++) {
                long before = threads.getThreadAllocatedBytes(thread);
                long start = System.nanoTime();
                system.walkActors(DashboardSnapshots.MAX_NODES, (parent, ref, processed, detail) -> { });
                visit[i] = (System.nanoTime() - start) / 1e6;
                visitAllocated += threads.getThreadAllocatedBytes(thread) - before;
            }
            Arrays.sort(visit);
            long searchStart = System.nanoTime();
            snapshots.search("child-99");
            double searchMillis = (System.nanoTime() - searchStart) / 1e6;
            Arrays.sort(millis);
            System.out.printf("%,9d actors: tick median %.1f ms (walkActors alone %.1f ms, system.actors() %.1f ms), "
                            + "max %.1f ms, %,d KB allocated per tick (walkActors alone %,d KB, system.actors() %,d KB), "
                            + "snapshot %,d KB (%,d nodes listed); one search %.1f ms%n",
                    system.actorCount(), millis[MEASURED / 2], visit[MEASURED / 2], walk[MEASURED / 2],
                    millis[MEASURED - 1], allocated / MEASURED / 1024, visitAllocated / MEASURED / 1024,
                    walkAllocated / MEASURED / 1024,
                    bytes / 1024, Math.min(system.actorCount(), DashboardSnapshots.MAX_NODES), searchMillis);
        } finally {
            system.shutdown();
        }
    }
}
