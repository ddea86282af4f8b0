package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The children table's structure after long histories of spawns and stops, and what its lock-free readers may rely on.
 * Cells are built but never started: the table only reads their names.
 */
class ChildMapTest {

    /**
     * The longest run a lookup walks, at most. Linear probing kept at most half full with a well-spread hash has
     * expected longest runs of a few dozen slots even in a million-slot table; a history that clusters names (the
     * failure this guards against) drives it to the thousands.
     */
    private static final int PROBE_BOUND = 64;
    private static final int CYCLES = 2_000_000;

    private static LocalActorSystem system;

    @BeforeAll
    static void startSystem() {
        system = new LocalActorSystem("child-map", ActorSystemConfig.builder().parallelism(1).build());
    }

    @AfterAll
    static void stopSystem() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private static ActorCell cell(String name) {
        Supplier<Actor> never = () -> {
            throw new AssertionError("a table test never starts a cell");
        };
        return new ActorCell(system, null, name, never, SpawnOptions.defaults(), null, system.dispatcher(null), false);
    }

    @Test
    void sequentialNamesKeepProbesShortAndTheTableSizedByTheLiveCount() {
        for (int window : new int[] {1, 64, 5_000}) {
            churn(i -> "child-" + i, window, "sequential names, " + window + " live");
        }
    }

    @Test
    void randomNamesKeepProbesShortAndTheTableSizedByTheLiveCount() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int window : new int[] {1, 64, 5_000}) {
            churn(i -> "r-" + Long.toHexString(random.nextLong()), window,
                    "random names, seed " + seed + ", " + window + " live");
        }
    }

    /**
     * Names built from "Aa" and "BB" all share one {@code String.hashCode()}: the table compares the string's hash
     * and then the name, so each is found as itself, and removing one leaves the others found, also across the
     * rebuilds the adds and removes trigger.
     */
    @Test
    void namesWithOneHashCodeAreEachFoundAsThemselvesThroughAddsRemovesAndRebuilds() {
        List<String> names = new ArrayList<>();
        for (int bits = 0; bits < 256; bits++) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                b.append((bits >> i & 1) == 0 ? "Aa" : "BB");
            }
            names.add(b.toString());
        }
        assertThat(names.stream().mapToInt(String::hashCode).distinct().count()).isOne();
        ChildMap map = new ChildMap(2);
        List<ActorCell> cells = new ArrayList<>();
        for (String n : names) {
            ActorCell c = cell(n);
            cells.add(c);
            assertThat(map.putIfAbsent(c)).isNull();
        }
        for (int i = 0; i < cells.size(); i++) {
            assertThat(map.putIfAbsent(cell(names.get(i)))).as(names.get(i)).isSameAs(cells.get(i));
        }
        for (int i = 0; i < cells.size(); i += 2) {
            assertThat(map.remove(cells.get(i))).isTrue();
        }
        for (int i = 0; i < cells.size(); i++) {
            if (i % 2 == 0) {
                assertThat(map.get(names.get(i))).as(names.get(i)).isNull();
            } else {
                assertThat(map.get(names.get(i))).as(names.get(i)).isSameAs(cells.get(i));
            }
        }
        assertThat(map.size()).isEqualTo(cells.size() / 2);
    }

    @Test
    void aTableThatHeldManyChildrenShrinksOnceTheyStop() {
        ChildMap map = new ChildMap(2);
        List<ActorCell> cells = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ActorCell c = cell("child-" + i);
            cells.add(c);
            assertThat(map.putIfAbsent(c)).isNull();
        }
        for (int i = 0; i < cells.size() - 3; i++) {
            assertThat(map.remove(cells.get(i))).isTrue();
        }
        assertThat(map.size()).isEqualTo(3);
        assertThat(map.capacity()).isLessThanOrEqualTo(16 * 3);
        for (int i = cells.size() - 3; i < cells.size(); i++) {
            assertThat(map.get("child-" + i)).isSameAs(cells.get(i));
        }
    }

    /**
     * A table for more children than one chunk holds is made of chunks no longer than {@link ChildMap#CHUNK_SLOTS}
     * (so none is a G1 humongous object), finds every child across the chunk edges and the wrap from the last slot
     * to the first, keeps its probes short, and goes back to one chunk once most children stop.
     */
    @Test
    void aTableForManyChildrenIsMadeOfBoundedChunksAndFindsEveryChildAcrossThem() {
        ChildMap map = new ChildMap(2);
        int count = 8 * ChildMap.CHUNK_SLOTS;
        List<ActorCell> cells = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ActorCell c = cell("c" + i);
            cells.add(c);
            assertThat(map.putIfAbsent(c)).isNull();
        }
        assertThat(map.capacity()).isGreaterThan(ChildMap.CHUNK_SLOTS);
        assertThat(map.longestChunk()).isLessThanOrEqualTo(ChildMap.CHUNK_SLOTS);
        assertThat(map.longestProbe()).isLessThanOrEqualTo(PROBE_BOUND);
        for (int i = 0; i < count; i++) {
            assertThat(map.get("c" + i)).isSameAs(cells.get(i));
        }
        assertThat(map.get("c" + count)).isNull();
        Set<ActorCell> listed = Collections.newSetFromMap(new IdentityHashMap<>());
        listed.addAll(map.values());
        assertThat(listed).hasSize(count);
        assertThat(cells).allMatch(listed::contains);

        SplittableRandom random = new SplittableRandom(42);
        List<ActorCell> kept = new ArrayList<>();
        for (ActorCell c : cells) {
            if (random.nextInt(1_000) == 0) {
                kept.add(c);
            } else {
                assertThat(map.remove(c)).isTrue();
                assertThat(map.get(c.name)).isNull();
            }
        }
        assertThat(map.size()).isEqualTo(kept.size());
        assertThat(map.capacity()).isLessThanOrEqualTo(ChildMap.CHUNK_SLOTS);
        for (ActorCell c : kept) {
            assertThat(map.get(c.name)).isSameAs(c);
        }
    }

    /**
     * Adds a child named by {@code names} and, once {@code window} are live, removes the oldest, for {@link #CYCLES}
     * cycles; checks the table's structure as it goes and its contents at the end.
     */
    private static void churn(IntFunction<String> names, int window, String history) {
        ChildMap map = new ChildMap(2);
        ArrayDeque<ActorCell> live = new ArrayDeque<>();
        for (int i = 0; i < CYCLES; i++) {
            ActorCell c = cell(names.apply(i));
            assertThat(map.putIfAbsent(c)).as(history).isNull();
            live.addLast(c);
            if (live.size() > window) {
                assertThat(map.remove(live.pollFirst())).as(history).isTrue();
            }
            if ((i & 0xFFF) == 0 || i == CYCLES - 1) {
                assertThat(map.longestProbe()).as("longest probe after %d cycles, %s", i, history)
                        .isLessThanOrEqualTo(PROBE_BOUND);
                assertThat(map.capacity()).as("capacity for %d live after %d cycles, %s", live.size(), i, history)
                        .isLessThanOrEqualTo(Math.max(8, 16 * live.size()));
            }
        }
        assertThat(map.size()).as(history).isEqualTo(live.size());
        for (ActorCell c : live) {
            assertThat(map.get(c.name)).as(history).isSameAs(c);
        }
        assertThat(map.values()).as(history).containsExactlyInAnyOrderElementsOf(live);
    }

    /**
     * Invariants checked on every read, while the owner adds and removes other children (growing, shrinking and
     * purging the table many times):
     * <ol>
     *   <li>a child present throughout is always found by name, and always listed by {@code values()};</li>
     *   <li>a cell found under a name carries that name (it was published fully built);</li>
     *   <li>{@code size()} is never negative nor below the children present throughout.</li>
     * </ol>
     */
    @Test
    void readersNeverMissAChildPresentThroughoutWhileTheOwnerAddsAndRemovesOthers() throws Exception {
        ChildMap map = new ChildMap(2);
        int permanentCount = 32;
        List<ActorCell> permanent = new ArrayList<>();
        for (int i = 0; i < permanentCount; i++) {
            ActorCell c = cell("permanent-" + i);
            permanent.add(c);
            map.putIfAbsent(c);
        }
        int readers = 3;
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        CountDownLatch started = new CountDownLatch(readers);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            int seed = r;
            Thread t = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                started.countDown();
                long n = 0;
                while (!stop.get()) {
                    ActorCell expected = permanent.get(random.nextInt(permanentCount));
                    ActorCell found = map.get(expected.name);
                    if (found != expected) {
                        violations.add("get(" + expected.name + ") returned " + found);
                    }
                    ActorCell other = map.get("transient-" + random.nextInt(10_000));
                    if (other != null && !other.name.startsWith("transient-")) {
                        violations.add("a transient lookup returned " + other.name);
                    }
                    if (map.size() < permanentCount) {
                        violations.add("size " + map.size() + " with " + permanentCount + " present throughout");
                    }
                    if ((++n & 0x3FF) == 0 && !map.values().containsAll(permanent)) {
                        violations.add("values() left out a child present throughout");
                    }
                }
                reads.addAndGet(n);
            }, "child-map-reader-" + r);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            int next = 0;
            for (int round = 0; round < 200 && violations.isEmpty(); round++) {
                // Bursts of different sizes make the table grow, purge its tombstones and shrink again; every 25th
                // grows it past one chunk, so reads also run while the table moves between one chunk and several.
                int burst = round % 25 == 24 ? 3 * ChildMap.CHUNK_SLOTS / 2 : 1 + (round * 37) % 3_000;
                List<ActorCell> added = new ArrayList<>(burst);
                for (int i = 0; i < burst; i++) {
                    ActorCell c = cell("transient-" + (next++ % 100_000));
                    if (map.putIfAbsent(c) == null) {
                        added.add(c);
                    }
                }
                for (ActorCell c : added) {
                    map.remove(c);
                }
            }
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
        assertThat(violations).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(map.size()).isEqualTo(permanentCount);
    }
}
