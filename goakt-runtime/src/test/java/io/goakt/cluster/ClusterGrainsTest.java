package io.goakt.cluster;

import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;
import io.goakt.grain.GrainUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Grains placed cluster-wide across in-JVM members on 127.0.0.1. */
class ClusterGrainsTest {

    static final Duration BOUND = Duration.ofSeconds(60);
    static final Duration ASK = Duration.ofSeconds(20);

    final ClusterFixture fixture = new ClusterFixture();
    final GrainFixture grains = new GrainFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    static GrainRef ref(ClusterFixture.Node node, String id) {
        return GrainFixture.grains(node).ref(GrainFixture.KIND, id);
    }

    static GrainFixture.Count get(ClusterFixture.Node node, String id) throws Exception {
        return (GrainFixture.Count) ref(node, id).ask(new GrainFixture.Get(), ASK).toCompletableFuture()
                .get(ASK.toSeconds() + 5, TimeUnit.SECONDS);
    }

    /** Where {@code id} is active now, by member id. */
    static Set<String> activeOn(List<ClusterFixture.Node> nodes, String id) {
        Set<String> where = new HashSet<>();
        for (ClusterFixture.Node n : nodes) {
            if (GrainFixture.grains(n).isActive(GrainIdentity.of(GrainFixture.KIND, id))) {
                where.add(n.id());
            }
        }
        return where;
    }

    @Test
    void tellsAndAsksFromEveryMemberReachOneActivationPerIdentity() throws Exception {
        List<ClusterFixture.Node> nodes = grains.start(fixture, "grains-every", 3, QuorumRule.KEEP_MAJORITY);
        int ids = 30;
        for (ClusterFixture.Node n : nodes) {
            for (int i = 0; i < ids; i++) {
                ref(n, "g" + i).tell(new GrainFixture.Inc(1));
            }
        }
        Set<String> hosts = new HashSet<>();
        for (int i = 0; i < ids; i++) {
            String id = "g" + i;
            for (ClusterFixture.Node n : nodes) {
                String member = n.id();
                await().atMost(BOUND).untilAsserted(() -> assertThat(get(n, id).value()).as("%s asked from %s",
                        id, member).isEqualTo(3));
            }
            assertThat(activeOn(nodes, id)).hasSize(1);
            hosts.addAll(activeOn(nodes, id));
        }
        assertThat(hosts).as("members that host grains").hasSize(3);
        assertThat(grains.activations.get()).isEqualTo(ids);
        assertThat(grains.overlaps).isEmpty();
        Map<String, Map<String, Integer>> perMember = ClusterGrains.of(nodes.get(0).system).orElseThrow()
                .activeByKindPerMember(Duration.ofSeconds(10)).toCompletableFuture().get();
        assertThat(perMember).hasSize(3);
        assertThat(perMember.values().stream().mapToInt(m -> m.getOrDefault(GrainFixture.KIND, 0)).sum())
                .isEqualTo(ids);
    }

    @Test
    void whenTheOwnerLeavesGracefullyItsGrainsReactivateAtTheNewOwnerWithoutLosingAMessage() throws Exception {
        List<ClusterFixture.Node> nodes = grains.start(fixture, "grains-leave", 3, QuorumRule.KEEP_MAJORITY);
        ClusterFixture.Node leaver = nodes.get(2);
        List<ClusterFixture.Node> stay = nodes.subList(0, 2);
        int ids = 20;
        for (int i = 0; i < ids; i++) {
            get(nodes.get(0), "g" + i);
        }
        assertThat(GrainFixture.grains(leaver).activeGrains()).as("grains on the leaver").isNotEmpty();

        var leaving = leaver.cluster.leave();
        int rounds = 0;
        while (!leaving.toCompletableFuture().isDone() && rounds < 200) {
            for (int i = 0; i < ids; i++) {
                ref(stay.get(rounds % 2), "g" + i).tell(new GrainFixture.Inc(1));
            }
            rounds++;
            // Paces the rounds without sleeping. An ask that went to the leaver may fail when it leaves: asks are
            // answered or failed, tells are counted below.
            ref(stay.get(0), "g0").ask(new GrainFixture.Get(), ASK).toCompletableFuture().exceptionally(e -> null)
                    .get(ASK.toSeconds() + 5, TimeUnit.SECONDS);
        }
        leaving.toCompletableFuture().get(30, TimeUnit.SECONDS);
        ClusterFixture.awaitSameView(stay, 2);

        int sent = rounds;
        for (int i = 0; i < ids; i++) {
            String id = "g" + i;
            // Tells retried during the hand-over may arrive after a later ask: wait for all of them.
            await().atMost(BOUND).untilAsserted(() -> assertThat(get(stay.get(1), id).value()).as(id)
                    .isEqualTo(sent));
            assertThat(activeOn(stay, id)).hasSize(1);
        }
        assertThat(GrainFixture.grains(leaver).activeGrains()).isEmpty();
        assertThat(grains.overlaps).isEmpty();
    }

    @Test
    void whenTheOwnerCrashesItsGrainsReactivateAfterAStableView() throws Exception {
        // crash() closes the member's sockets but its activations live on in this JVM until it loses quorum: a
        // closed socket does not mean a dead process here, so the crash short path is off (a real SIGKILL takes it:
        // SingletonGrainProcessDrillTest).
        List<ClusterFixture.Node> nodes = grains.start(fixture, "grains-crash", 3, QuorumRule.KEEP_MAJORITY, false);
        ClusterFixture.Node crashed = nodes.get(2);
        List<ClusterFixture.Node> stay = nodes.subList(0, 2);
        int ids = 20;
        for (int i = 0; i < ids; i++) {
            ref(nodes.get(0), "g" + i).ask(new GrainFixture.Inc(1), ASK).toCompletableFuture().get();
        }
        Set<String> onCrashed = new HashSet<>();
        GrainFixture.grains(crashed).activeGrains().forEach(g -> onCrashed.add(g.id()));
        assertThat(onCrashed).isNotEmpty();

        crashed.crash();
        ClusterFixture.awaitSameView(stay, 2);

        for (String id : onCrashed) {
            GrainFixture.Count c = get(stay.get(0), id);
            assertThat(c.value()).as(id).isEqualTo(1);
            assertThat(c.member()).isNotEqualTo(crashed.id());
        }
        await().atMost(BOUND).until(() -> GrainFixture.grains(crashed).activeGrains().isEmpty());
        assertThat(grains.overlaps).isEmpty();
    }

    @Test
    void grainsUsedBeforeTheClusterStartedBecomeClusterWide() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        List<ClusterFixture.Node> nodes = new java.util.ArrayList<>();
        GrainIdentity early = GrainIdentity.of(GrainFixture.KIND, "early");
        for (int port : ports) {
            ClusterConfig config = ClusterFixture.config("grains-early", port, io.goakt.discovery.StaticDiscovery.of(
                    ClusterFixture.hostPorts(ports))).remoting(GrainFixture.remoting())
                    .stableAfter(GrainFixture.STABLE_AFTER).build();
            boolean first = nodes.isEmpty();
            nodes.add(fixture.start(config, system -> {
                // As a Spring context does: kinds registered before the cluster; and on the first member a grain
                // even used before it.
                io.goakt.grain.Grains.of(system).register(GrainFixture.KIND, () -> grains.new Counter(system.name()));
                if (first) {
                    io.goakt.grain.Grains.of(system).ref(early).ask(new GrainFixture.Inc(1), ASK)
                            .toCompletableFuture().join();
                }
                return Cluster.start(system, config);
            }));
        }
        ClusterFixture.awaitSameView(nodes, 2);

        GrainFixture.Count c0 = get(nodes.get(0), "early");
        GrainFixture.Count c1 = get(nodes.get(1), "early");
        assertThat(c0.value()).isEqualTo(1);
        assertThat(c1).isEqualTo(c0);
        assertThat(activeOn(nodes, "early")).hasSize(1);
        assertThat(grains.overlaps).isEmpty();
    }

    @Test
    void aMemberWithoutQuorumDeactivatesItsGrainsAndRefusesMessages() throws Exception {
        List<ClusterFixture.Node> nodes = grains.start(fixture, "grains-minority", 3, QuorumRule.KEEP_MAJORITY);
        ClusterFixture.Node cut = nodes.get(2);
        for (int i = 0; i < 20; i++) {
            get(cut, "g" + i);
        }
        assertThat(GrainFixture.grains(cut).activeGrains()).isNotEmpty();

        cut.cutOff();
        await().atMost(BOUND).until(() -> !cut.cluster.hasQuorum());

        await().atMost(BOUND).until(() -> GrainFixture.grains(cut).activeGrains().isEmpty());
        await().atMost(BOUND).until(() -> cut.cluster.view().size() == 1);
        assertThat(ClusterGrains.of(cut.system).orElseThrow().servedPartitions()).isZero();
        assertThatThrownBy(() -> ref(cut, "g1").ask(new GrainFixture.Get(), ASK).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(GrainUnavailableException.class);
        assertThat(grains.overlaps).isEmpty();
    }
}
