package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.Placement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's merge rule over seeded random histories: whatever order and however often entries arrive, every
 * replica ends with the same map, which holds for each name the entry first in {@link RegistryEntry#PRECEDENCE}:
 * the entry of the older owner, then the earlier registration. Each case names its seed.
 */
class RegistryMergePropertyTest {

    static LongStream seeds() {
        return LongStream.range(1, 101);
    }

    private static List<RegistryEntry> history(SplittableRandom rnd) {
        List<String> owners = List.of("a#1", "b#2", "c#3", "d#4");
        List<RegistryEntry> out = new ArrayList<>();
        int n = rnd.nextInt(1, 40);
        for (int i = 0; i < n; i++) {
            out.add(RegistryFixtures.entry(rnd, "n" + rnd.nextInt(6), owners));
        }
        return out;
    }

    private static Map<String, RegistryEntry> expected(List<RegistryEntry> entries) {
        Map<String, RegistryEntry> best = new HashMap<>();
        for (RegistryEntry e : entries) {
            best.merge(e.name(), e, (x, y) -> RegistryEntry.PRECEDENCE.compare(x, y) <= 0 ? x : y);
        }
        return best;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void replicasThatSawTheSameEntriesInAnyOrderAndMultiplicityAgree(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<RegistryEntry> entries = history(rnd);
        Map<String, RegistryEntry> want = expected(entries);
        for (int replica = 0; replica < 5; replica++) {
            List<RegistryEntry> order = new ArrayList<>(entries);
            for (int dup = rnd.nextInt(0, 10); dup > 0; dup--) {
                order.add(entries.get(rnd.nextInt(entries.size())));
            }
            Collections.shuffle(order, new Random(seed * 31 + replica));
            Registry r = new Registry();
            order.forEach(r::put);
            assertThat(r.snapshot()).as("seed %d replica %d", seed, replica).isEqualTo(want);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void twoPartitionsMergeToTheSameRegistryAndEachConflictNamesItsLoser(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Registry left = new Registry();
        Registry right = new Registry();
        List<RegistryEntry> leftEntries = history(rnd);
        List<RegistryEntry> rightEntries = history(rnd);
        leftEntries.forEach(left::put);
        rightEntries.forEach(right::put);
        Map<String, RegistryEntry> leftBefore = left.snapshot();
        Map<String, RegistryEntry> rightBefore = right.snapshot();

        // After the merge view each owner broadcasts what it owns: each side applies the other's survivors.
        List<RegistryEntry> losers = new ArrayList<>();
        for (RegistryEntry e : rightBefore.values()) {
            RegistryEntry loser = left.put(e);
            if (loser != null) {
                losers.add(loser);
            }
        }
        leftBefore.values().forEach(right::put);

        assertThat(left.snapshot()).as("seed %d", seed).isEqualTo(right.snapshot());
        List<RegistryEntry> all = new ArrayList<>(leftBefore.values());
        all.addAll(rightBefore.values());
        assertThat(left.snapshot()).as("seed %d", seed).isEqualTo(expected(all));
        for (RegistryEntry loser : losers) {
            RegistryEntry winner = left.get(loser.name()).orElseThrow();
            assertThat(winner.winsOver(loser)).as("seed %d name %s", seed, loser.name()).isTrue();
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theEntryOfTheOlderOwnerWinsWhateverTheRegistrationTimesAndOnlyEqualAgesFallBackToThem(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<RegistryEntry> entries = history(rnd);
        Registry r = new Registry();
        entries.forEach(r::put);
        for (RegistryEntry kept : r.snapshot().values()) {
            for (RegistryEntry other : entries) {
                if (!other.name().equals(kept.name()) || other.equals(kept)) {
                    continue;
                }
                assertThat(kept.ownerSince()).as("seed %d name %s", seed, kept.name())
                        .isLessThanOrEqualTo(other.ownerSince());
                if (kept.ownerSince() == other.ownerSince()) {
                    assertThat(kept.registeredAt()).as("seed %d name %s", seed, kept.name())
                            .isLessThanOrEqualTo(other.registeredAt());
                }
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRemovalDeletesOnlyItsOwnIncarnationAndALeavingOwnerTakesAllItsEntries(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Registry r = new Registry();
        history(rnd).forEach(r::put);
        Map<String, RegistryEntry> before = r.snapshot();
        for (RegistryEntry e : before.values()) {
            assertThat(r.remove(e.name(), e.ownerId(), e.uid() + 1)).isNull();
            assertThat(r.remove(e.name(), e.ownerId() + "x", e.uid())).isNull();
        }
        assertThat(r.snapshot()).isEqualTo(before);

        List<RegistryEntry> dropped = r.retainOwners(List.of("a#1", "b#2"));
        assertThat(r.snapshot().values()).as("seed %d", seed).allMatch(e -> e.ownerId().equals("a#1")
                || e.ownerId().equals("b#2"));
        assertThat(dropped).as("seed %d", seed).allMatch(e -> !e.ownerId().equals("a#1")
                && !e.ownerId().equals("b#2"));
        assertThat(dropped.size() + r.snapshot().size()).isEqualTo(before.size());
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aRelocatedSuccessorWinsOverTheEntryItReplacesInWhateverOrderTheReplicaHearsOfThem(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<RegistryEntry> history = history(rnd);
        Map<String, RegistryEntry> want = new HashMap<>(expected(history));
        RegistryEntry handedOver = List.copyOf(want.values()).get(rnd.nextInt(want.size()));
        // The merge rule settled the name on the actor that is handed over: the entries that lost to it are gone.
        List<RegistryEntry> entries = history.stream()
                .filter(e -> !e.name().equals(handedOver.name()) || e.equals(handedOver)).toList();
        // The successor's owner is younger than the old owner, so the ages alone would keep the stopped actor.
        RegistryEntry successor = new RegistryEntry(handedOver.name(), "z#9",
                new Address("sys", "127.0.0.1", 7399, "/user/" + handedOver.name()), rnd.nextLong(1, 6),
                handedOver.registeredAt() + 1, handedOver.viewId() + 1, handedOver.ownerSince() + 1_000, "kind0",
                true, Placement.leastLoaded()).replacing(handedOver);
        want.put(successor.name(), successor);
        for (int replica = 0; replica < 8; replica++) {
            // A replica hears of the history, of the hand-over (a removal of that incarnation) and of the successor
            // in any order, some of them twice; a late copy of the stopped actor's entry can come after all.
            List<Runnable> events = new ArrayList<>();
            Registry r = new Registry();
            entries.forEach(e -> events.add(() -> r.put(e)));
            events.add(() -> r.remove(handedOver.name(), handedOver.ownerId(), handedOver.uid()));
            events.add(() -> r.put(successor));
            events.add(() -> r.put(handedOver));
            Collections.shuffle(events, new Random(seed * 131 + replica));
            events.forEach(Runnable::run);
            Map<String, RegistryEntry> got = r.snapshot();
            assertThat(got.get(successor.name())).as("seed %d replica %d", seed, replica).isEqualTo(successor);
            assertThat(got).as("seed %d replica %d", seed, replica).isEqualTo(want);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void theSuccessorsOwnRegistrationBeatsAStaleEntryOfTheStoppedActorSoItIsNotStoppedAsALoser(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        RegistryEntry old = RegistryFixtures.entry(rnd, "ledger", List.of("a#1", "b#2"));
        RegistryEntry successor = new RegistryEntry("ledger", "c#3",
                new Address("sys", "127.0.0.1", 7399, "/user/ledger"), rnd.nextLong(1, 6), old.registeredAt() + 1,
                old.viewId() + 1, old.ownerSince() + 1_000, "kind0", true, Placement.leastLoaded()).replacing(old);
        Registry r = new Registry();
        r.put(old);
        // The member that spawned the successor has not processed the hand-over yet: its put must name the old
        // entry as the loser (Claims stops its own actor when its own entry comes back as the loser).
        assertThat(r.put(successor)).as("seed %d", seed).isEqualTo(old);
        assertThat(r.get("ledger")).contains(successor);
        assertThat(successor.winsOver(old)).isTrue();
        assertThat(old.winsOver(successor)).isFalse();
    }
}
