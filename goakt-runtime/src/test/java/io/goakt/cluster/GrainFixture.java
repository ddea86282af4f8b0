package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainOptions;
import io.goakt.grain.GrainRegistry;
import io.goakt.grain.Grains;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counter grains for cluster tests: their counts live in a shared "store" (saved on every change, loaded on
 * activation), and a shared recorder notes every activation so a test can check that no identity is ever active
 * twice at once, anywhere in the JVM's members.
 */
final class GrainFixture {

    static final String KIND = "counter";

    record Inc(int n) {
    }

    record Get() {
    }

    record Count(int value, String member) {
    }

    /** The application's store: the count of each identity, as its grains saved it. */
    final Map<GrainIdentity, Integer> store = new ConcurrentHashMap<>();
    /** Activations running now, per identity, across every member. */
    final Map<GrainIdentity, AtomicInteger> activeNow = new ConcurrentHashMap<>();
    /** Identities seen with two activations at once, and where. */
    final List<String> overlaps = new CopyOnWriteArrayList<>();
    final AtomicInteger activations = new AtomicInteger();

    /**
     * Longer than a cut-off member of the fast profile needs to suspect the others and lose quorum (the failure
     * detection's timeout plus its verification), as the safety rule of {@link ClusterConfig#stableAfter()} asks.
     */
    static final java.time.Duration STABLE_AFTER = java.time.Duration.ofSeconds(2);

    static RemotingConfig remoting() {
        return RemotingConfig.builder().serialization(Serialization.builder()
                .register("test.Inc", Inc.class).register("test.Get", Get.class)
                .register("test.Count", Count.class).build()).build();
    }

    /** Starts {@code n} members of {@code name} with counter grains registered on each. */
    List<ClusterFixture.Node> start(ClusterFixture fixture, String name, int n, QuorumRule rule) throws Exception {
        return start(fixture, name, n, rule, true);
    }

    /**
     * As {@link #start(ClusterFixture, String, int, QuorumRule)}, with the crash short path on or off: a test that
     * "crashes" a member with {@link ClusterFixture.Node#crash()} closes its sockets but leaves its process, and so its
     * activations, alive, which is the case {@code fastCrashTakeover(false)} exists for.
     */
    List<ClusterFixture.Node> start(ClusterFixture fixture, String name, int n, QuorumRule rule,
                                    boolean fastCrashTakeover) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(n);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports) {
            ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, port,
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).quorum(rule).remoting(remoting())
                    .stableAfter(STABLE_AFTER).fastCrashTakeover(fastCrashTakeover).build());
            register(node);
            nodes.add(node);
        }
        ClusterFixture.awaitSameView(nodes, n);
        return nodes;
    }

    void register(ClusterFixture.Node node) {
        String member = node.id();
        Grains.of(node.system).register(KIND, () -> new Counter(member), GrainOptions.defaults());
    }

    static GrainRegistry grains(ClusterFixture.Node node) {
        return Grains.of(node.system);
    }

    final class Counter implements Grain {
        private final String member;
        private int count;

        Counter(String member) {
            this.member = member;
        }

        @Override
        public void onActivate(GrainContext ctx) {
            activations.incrementAndGet();
            int now = activeNow.computeIfAbsent(ctx.identity(), k -> new AtomicInteger()).incrementAndGet();
            if (now > 1) {
                overlaps.add(ctx.identity() + " activated on " + member + " while active elsewhere");
            }
            count = store.getOrDefault(ctx.identity(), 0);
        }

        @Override
        public void receive(GrainContext ctx) {
            if (ctx.message() instanceof Inc inc) {
                count += inc.n();
                store.put(ctx.identity(), count);
                if (ctx.sender() != null) {
                    ctx.respond(new Count(count, member));
                }
            } else if (ctx.message() instanceof Get) {
                ctx.respond(new Count(count, member));
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            activeNow.get(ctx.identity()).decrementAndGet();
        }
    }
}
