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
    void aMemberThatJoinsTheSideWithoutQuorumDuringAPartitionHasNoQuorumUntilTheHeal() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(4);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports.subList(0, 3)) {
            nodes.add(fixture.start(ClusterFixture.config("quorum-join", port, io.goakt.discovery.StaticDiscovery.of(
                    ClusterFixture.hostPorts(ports.subList(0, 3)))).build()));
        }
        ClusterFixture.awaitSameView(nodes, 3);
        ClusterFixture.Node oldest = nodes.get(0);
        List<ClusterFixture.Node> majority = nodes.subList(1, 3);
        assertThat(oldest.cluster.view().oldest()).isEqualTo(oldest.cluster.self());
        await().atMost(BOUND).until(() -> io.goakt.internal.cluster.ClusterHooks.of(oldest.cluster).stableView()
                .size() == 3);
        // {oldest} | {the other two}; the two hear nobody else, so a newcomer can reach the oldest only
        org.jgroups.protocols.DISCARD oldestCut = new org.jgroups.protocols.DISCARD();
        for (ClusterFixture.Node n : majority) {
            oldestCut.addIgnoreMember(n.internal().channel().getAddress());
        }
        insert(oldest, oldestCut);
        List<HearOnly> majorityCuts = new ArrayList<>();
        for (ClusterFixture.Node n : majority) {
            HearOnly cut = new HearOnly(majority.stream().map(m -> m.internal().channel().getAddress()).toList());
            insert(n, cut);
            majorityCuts.add(cut);
        }
        await().atMost(BOUND).until(() -> !oldest.cluster.hasQuorum() && oldest.cluster.view().size() == 1);
        ClusterFixture.awaitSameView(majority, 2);

        // the newcomer's view shows the oldest alone with it, nothing of the other side
        ClusterFixture.Node joiner = fixture.start(ClusterFixture.config("quorum-join", ports.get(3),
                io.goakt.discovery.StaticDiscovery.of(ClusterFixture.hostPorts(ports))).build());
        ClusterFixture.awaitSameView(List.of(oldest, joiner), 2);

        assertThat(joiner.cluster.hasQuorum()).isFalse();
        assertThat(joiner.events(QuorumLost.class)).singleElement()
                .satisfies(e -> assertThat(e.reason()).contains("which has no quorum"));
        assertThat(oldest.cluster.hasQuorum()).as("the oldest, with the newcomer on its side").isFalse();
        assertThat(majority).allMatch(n -> n.cluster.hasQuorum());

        oldestCut.resetIgnoredMembers();
        majorityCuts.forEach(HearOnly::open);

        List<ClusterFixture.Node> all = new ArrayList<>(nodes);
        all.add(joiner);
        ClusterFixture.awaitSameView(all, 4);
        await().atMost(BOUND).until(() -> all.stream().allMatch(n -> n.cluster.hasQuorum()));
        assertThat(joiner.events(QuorumRegained.class)).hasSize(1);
    }

    private static void insert(ClusterFixture.Node node, org.jgroups.stack.Protocol filter) throws Exception {
        org.jgroups.JChannel ch = node.internal().channel();
        ch.stack().insertProtocol(filter, org.jgroups.stack.ProtocolStack.Position.ABOVE,
                org.jgroups.protocols.TP.class);
    }

    /** Above the transport: drops every message from members other than the given ones, until {@link #open}. */
    private static final class HearOnly extends org.jgroups.stack.Protocol {
        private final java.util.Set<org.jgroups.Address> heard;
        /** Volatile: set by the test thread, read by JGroups' threads. */
        private volatile boolean open;

        HearOnly(List<org.jgroups.Address> heard) {
            this.heard = java.util.Set.copyOf(heard);
        }

        void open() {
            open = true;
        }

        @Override
        public Object up(org.jgroups.Message msg) {
            return open || heard.contains(msg.getSrc()) ? up_prot.up(msg) : null;
        }

        @Override
        public void up(org.jgroups.util.MessageBatch batch) {
            if (open || heard.contains(batch.sender())) {
                up_prot.up(batch);
            }
        }
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

    @Test
    void aListenerRegisteredAfterTheViewWasStableHearsThatViewOnce() throws Exception {
        List<ClusterFixture.Node> nodes = startThree("quorum-late", QuorumRule.KEEP_MAJORITY);
        io.goakt.internal.cluster.ClusterHooks hooks = io.goakt.internal.cluster.ClusterHooks.of(nodes.get(1).cluster);
        List<ClusterView> first = new java.util.concurrent.CopyOnWriteArrayList<>();
        hooks.onStableView(first::add);
        await().atMost(BOUND).until(() -> first.stream().anyMatch(v -> v.size() == 3));

        List<ClusterView> late = new java.util.concurrent.CopyOnWriteArrayList<>();
        hooks.onStableView(late::add);

        await().atMost(BOUND).until(() -> !late.isEmpty());
        assertThat(late).singleElement().isEqualTo(nodes.get(1).cluster.view());
        assertThat(first).filteredOn(v -> v.size() == 3).hasSize(1);
    }
}
