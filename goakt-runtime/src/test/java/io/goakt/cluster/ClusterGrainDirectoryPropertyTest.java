package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import io.goakt.grain.GrainIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grain directory under concurrent use from every member while the view changes: for a seed, 3 or 4 members,
 * a set of identities, and one sender thread per member sending tells and asks (each an increment of one) to
 * random identities while a member joins and then another leaves gracefully. Afterwards: no identity was ever
 * active on two members at once (the shared recorder of {@link GrainFixture}), every ask completed (answered or
 * failed: none hangs), and no tell was lost: each identity's count is at least its tells plus its answered asks,
 * and at most that plus its failed asks. A failure names its seed.
 */
class ClusterGrainDirectoryPropertyTest {

    static final Duration ASK = Duration.ofSeconds(20);

    final ClusterFixture fixture = new ClusterFixture();
    final GrainFixture grains = new GrainFixture();
    /** Dead letters of grain messages on every member, with their reasons: named when a count falls short. */
    final List<String> deadLetters = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {17, 42})
    void eachIdentityIsActiveAtMostOnceAndNoMessageIsLostWhileMembersJoinAndLeave(long seed) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = rnd.nextInt(3, 5);
        int identities = rnd.nextInt(30, 61);
        List<Integer> ports = ClusterFixture.freePorts(n + 1);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            nodes.add(startMember("grains-prop-" + seed, ports.get(i), ports));
        }
        ClusterFixture.awaitSameView(nodes, n);

        Map<String, AtomicInteger> tells = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> failed = new ConcurrentHashMap<>();
        List<CompletableFuture<Object>> asks = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new ArrayList<>();
        // The last member leaves later: the others send throughout.
        for (int s = 0; s < n - 1; s++) {
            ClusterFixture.Node from = nodes.get(s);
            long senderSeed = rnd.nextLong();
            Thread t = new Thread(() -> send(from, senderSeed, identities, stop, tells, answered, failed, asks),
                    "sender-" + s);
            t.start();
            senders.add(t);
        }
        try {
            ClusterFixture.Node joiner = startMember("grains-prop-" + seed, ports.get(n), ports);
            List<ClusterFixture.Node> all = new ArrayList<>(nodes);
            all.add(joiner);
            ClusterFixture.awaitSameView(all, n + 1);
            awaitMessages(asks, 100);
            ClusterFixture.Node leaver = nodes.get(n - 1);
            leaver.cluster.leave().toCompletableFuture().get(60, TimeUnit.SECONDS);
            all.remove(leaver);
            ClusterFixture.awaitSameView(all, n);
            awaitMessages(asks, asks.size() + 100);
        } finally {
            stop.set(true);
            for (Thread t : senders) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
        }
        List<CompletableFuture<Object>> sent = new ArrayList<>(asks);
        CompletableFuture.allOf(sent.stream().map(f -> f.exceptionally(e -> null))
                .toArray(CompletableFuture[]::new)).get(ASK.toSeconds() + 10, TimeUnit.SECONDS);
        assertThat(sent).as("seed %d: asks completed", seed).allMatch(CompletableFuture::isDone);

        for (String id : tells.keySet()) {
            GrainIdentity identity = GrainIdentity.of(GrainFixture.KIND, id);
            int low = tells.get(id).get() + count(answered, id);
            int high = low + count(failed, id);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(grains.store.getOrDefault(identity, 0)).as("seed %d: count of %s (dead letters: %s)",
                            seed, id, deadLetters).isBetween(low, high));
        }
        assertThat(grains.overlaps).as("seed %d: identities active twice at once", seed).isEmpty();
    }

    private ClusterFixture.Node startMember(String name, int port, List<Integer> ports) {
        ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, port,
                        StaticDiscovery.of(ClusterFixture.hostPorts(ports))).remoting(GrainFixture.remoting())
                .stableAfter(GrainFixture.STABLE_AFTER).build());
        grains.register(node);
        node.system.eventStream().subscribe(io.goakt.actor.DeadLetter.class, d -> {
            if (!(d.message() instanceof GrainFixture.Count)) {
                deadLetters.add(node.id() + ": " + d.message() + " " + d.reason() + " " + d.detail());
            }
        });
        return node;
    }

    private static int count(Map<String, AtomicInteger> counts, String id) {
        AtomicInteger c = counts.get(id);
        return c == null ? 0 : c.get();
    }

    /** Waits until {@code total} asks were sent. */
    private static void awaitMessages(List<CompletableFuture<Object>> asks, int total) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> asks.size() >= total);
    }

    private void send(ClusterFixture.Node from, long seed, int identities, AtomicBoolean stop,
                      Map<String, AtomicInteger> tells, Map<String, AtomicInteger> answered,
                      Map<String, AtomicInteger> failed, List<CompletableFuture<Object>> asks) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 100_000 && !stop.get(); i++) {
            String id = "g" + rnd.nextInt(identities);
            var ref = GrainFixture.grains(from).ref(GrainFixture.KIND, id);
            if (rnd.nextInt(5) == 0) {
                CompletableFuture<Object> f = ref.ask(new GrainFixture.Inc(1), ASK).toCompletableFuture();
                f.whenComplete((r, e) -> (e == null ? answered : failed)
                        .computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
                asks.add(f);
                try {
                    f.get(ASK.toSeconds() + 10, TimeUnit.SECONDS); // paces the sender: one ask in flight
                } catch (Exception e) {
                    // counted as failed by the callback; a hang would show in the test's final check
                }
            } else {
                tells.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                ref.tell(new GrainFixture.Inc(1));
            }
        }
    }
}
