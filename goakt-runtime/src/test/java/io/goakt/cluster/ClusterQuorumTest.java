package io.goakt.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterQuorumTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ClusterFixture fixture = new ClusterFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<ClusterFixture.Node> startThree(String name, QuorumRule rule) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports) {
            nodes.add(fixture.start(ClusterFixture.config(name, port, io.goakt.discovery.StaticDiscovery.of(
                    ClusterFixture.hostPorts(ports))).quorum(rule).minPeers(2).build()));
        }
        ClusterFixture.awaitSameView(nodes, 3);
        return nodes;
    }

    @Test
    void aMemberCutOffFromTheMajorityLosesQuorumAndRegainsItWhenThePartitionHeals() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-cut", QuorumRule.KEEP_MAJORITY);
        ClusterFixture.Node cut = nodes.get(2);
        assertThat(nodes).allMatch(n -> n.cluster.hasQuorum());

        cut.cutOff();

        await().atMost(BOUND).until(() -> !cut.cluster.hasQuorum());
        QuorumLost lost = cut.events(QuorumLost.class).get(0);
        assertThat(lost.reachable()).isEqualTo(1);
        assertThat(lost.reason()).contains("keep-majority");
        ClusterFixture.awaitSameView(nodes.subList(0, 2), 2);
        assertThat(nodes.subList(0, 2)).allMatch(n -> n.cluster.hasQuorum() && n.events(QuorumLost.class).isEmpty());

        cut.reconnect();

        ClusterFixture.awaitSameView(nodes, 3);
        await().atMost(BOUND).until(cut.cluster::hasQuorum);
        assertThat(cut.events(QuorumRegained.class)).hasSize(1);
    }

    @Test
    void aMemberCutOffFromTheOldestLosesQuorumBeforeTheMajorityTakesOverOnAStableView() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-order", QuorumRule.KEEP_MAJORITY);
        ClusterFixture.Node oldest = nodes.get(0);
        ClusterFixture.Node cut = nodes.get(2);
        assertThat(oldest.cluster.view().members().get(0)).isEqualTo(oldest.cluster.self());
        // one clock for both sides: the order in which the two events happened, not how long they took
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong lostAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong takeOverAt = new java.util.concurrent.atomic.AtomicLong();
        cut.system.eventStream().subscribe(QuorumLost.class, e -> lostAt.compareAndSet(0, clock.incrementAndGet()));
        io.goakt.internal.cluster.ClusterHooks.of(oldest.cluster).onStableView(v -> {
            if (!v.contains(cut.cluster.self())) {
                takeOverAt.compareAndSet(0, clock.incrementAndGet());
            }
        });

        cut.cutOff();

        await().atMost(BOUND).until(() -> takeOverAt.get() != 0);
        assertThat(lostAt.get()).as("the cut-off member's QuorumLost, on the shared clock").isNotZero()
                .isLessThan(takeOverAt.get());
        assertThat(oldest.cluster.hasQuorum()).isTrue();
        assertThat(cut.cluster.hasQuorum()).isFalse();
    }

    @Test
    void membersThatLeaveGracefullyDoNotCostTheLastOneQuorum() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-leave", QuorumRule.KEEP_MAJORITY);
        ClusterFixture.Node last = nodes.get(2);
        await().atMost(BOUND).until(() -> ((io.goakt.internal.cluster.ClusterHooks) last.cluster).stableView()
                .size() == 3);

        nodes.get(0).cluster.leave().toCompletableFuture().get();
        nodes.get(1).cluster.leave().toCompletableFuture().get();

        await().atMost(BOUND).until(() -> last.cluster.view().size() == 1);
        assertThat(last.cluster.hasQuorum()).isTrue();
        assertThat(last.events(QuorumLost.class)).isEmpty();
    }

    @Test
    void staticQuorumDropsASideWithFewerThanMinPeersReachableMembers() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-static", QuorumRule.STATIC_QUORUM);
        ClusterFixture.Node cut = nodes.get(0);

        cut.cutOff();

        await().atMost(BOUND).until(() -> !cut.cluster.hasQuorum());
        assertThat(cut.events(QuorumLost.class).get(0).reason()).contains("min-peers 2");
        ClusterFixture.awaitSameView(nodes.subList(1, 3), 2);
        assertThat(nodes.subList(1, 3)).allMatch(n -> n.cluster.hasQuorum());
    }

    @Test
    void aStableViewIsReportedOncePerViewWithQuorum() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-stable", QuorumRule.KEEP_MAJORITY);
        List<ClusterView> stable = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.goakt.internal.cluster.ClusterHooks.of(nodes.get(0).cluster).onStableView(stable::add);

        nodes.get(2).cluster.leave().toCompletableFuture().get();

        await().atMost(BOUND).until(() -> stable.stream().anyMatch(v -> v.size() == 2));
        assertThat(stable).filteredOn(v -> v.size() == 2).hasSize(1);
    }
}
