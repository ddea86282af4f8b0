package io.goakt.cluster;

import io.goakt.actor.Actor;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterProtocol;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterMembershipTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ClusterFixture fixture = new ClusterFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void awaitSameView(List<ClusterFixture.Node> nodes, int size) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(n.cluster.view().size()).as("view of %s", n.id()).isEqualTo(size);
                assertThat(n.cluster.view().members()).isEqualTo(nodes.get(0).cluster.view().members());
                assertThat(n.cluster.view().viewId()).isEqualTo(nodes.get(0).cluster.view().viewId());
            }
        });
    }

    @Test
    void threeMembersFormOneViewAndEachMemberCarriesItsEndpointRolesAndVersion() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String role = "role-" + i;
            nodes.add(fixture.start(ClusterFixture.config("members", ports.get(i),
                    StaticDiscovery.of(ClusterFixture.hostPorts(ports))).roles(Set.of(role, "all")).build()));
        }
        awaitSameView(nodes, 3);

        ClusterView view = nodes.get(2).cluster.view();
        assertThat(view.oldest()).isEqualTo(nodes.get(0).cluster.self());
        assertThat(view.self()).isEqualTo(nodes.get(2).cluster.self());
        for (int i = 0; i < 3; i++) {
            ClusterFixture.Node n = nodes.get(i);
            Member seen = view.member(n.id()).orElseThrow();
            Endpoint remoting = Remoting.of(n.system).orElseThrow().endpoint();
            assertThat(seen.remoting()).isEqualTo(remoting);
            assertThat(seen.roles()).containsExactlyInAnyOrder("role-" + i, "all");
            assertThat(seen.protocolVersion()).isEqualTo(ClusterProtocol.CURRENT_VERSION);
            assertThat(seen.host()).isEqualTo("127.0.0.1");
            assertThat(seen.controlPort()).isEqualTo(ports.get(i));
            assertThat(n.cluster.isUp()).isTrue();
            assertThat(Cluster.of(n.system)).containsSame(n.cluster);
        }
    }

    @Test
    void aJoiningMemberIsAnnouncedWithMemberJoinedAndClusterViewChanged() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node first = fixture.start("joins", ports.get(0), ports);
        assertThat(first.memberIds(MemberJoined.class)).containsExactly(first.id());

        ClusterFixture.Node second = fixture.start("joins", ports.get(1), ports);

        await().atMost(BOUND).untilAsserted(() ->
                assertThat(first.memberIds(MemberJoined.class)).containsExactly(first.id(), second.id()));
        ClusterViewChanged change = first.events(ClusterViewChanged.class).get(1);
        assertThat(change.joined()).containsExactly(second.cluster.self());
        assertThat(change.left()).isEmpty();
        assertThat(change.view().members()).containsExactly(first.cluster.self(), second.cluster.self());
        assertThat(first.events.indexOf(change))
                .isGreaterThan(first.events.indexOf(first.events(MemberJoined.class).get(1)));
        // The joiner's first view names every member, itself included.
        assertThat(second.memberIds(MemberJoined.class)).containsExactly(first.id(), second.id());
    }

    @Test
    void aGracefulLeaveGivesMemberLeftEverywhereAndNoUnreachable() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = List.of(fixture.start("leaves", ports.get(0), ports),
                fixture.start("leaves", ports.get(1), ports), fixture.start("leaves", ports.get(2), ports));
        awaitSameView(nodes, 3);
        ClusterFixture.Node leaver = nodes.get(1);

        leaver.cluster.leave().toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(leaver.cluster.isUp()).isFalse();
        for (ClusterFixture.Node n : List.of(nodes.get(0), nodes.get(2))) {
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(n.memberIds(MemberLeft.class)).containsExactly(leaver.id()));
            assertThat(n.cluster.view().member(leaver.id())).isEmpty();
            assertThat(n.events(MemberUnreachable.class)).isEmpty();
        }
    }

    @Test
    void shuttingDownTheSystemLeavesTheClusterGracefully() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node stays = fixture.start("shutdown", ports.get(0), ports);
        ClusterFixture.Node goes = fixture.start("shutdown", ports.get(1), ports);
        awaitSameView(List.of(stays, goes), 2);

        goes.system.shutdown(Duration.ofSeconds(30));

        await().atMost(BOUND).untilAsserted(() ->
                assertThat(stays.memberIds(MemberLeft.class)).containsExactly(goes.id()));
        assertThat(stays.events(MemberUnreachable.class)).isEmpty();
        assertThat(goes.cluster.isUp()).isFalse();
    }

    @Test
    void aShutdownLeavesTheClusterBeforeTheMembersActorsStop() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node stays = fixture.start("leave-first", ports.get(0), ports);
        ClusterFixture.Node goes = fixture.start("leave-first", ports.get(1), ports);
        awaitSameView(List.of(stays, goes), 2);
        AtomicReference<String> atPostStop = new AtomicReference<>();
        goes.system.spawn("worker", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
            }

            @Override
            public void postStop(Context ctx) {
                // leave() is idempotent: it returns the stage of the leave already under way, done once out.
                atPostStop.set("up=" + goes.cluster.isUp() + ", left="
                        + goes.cluster.leave().toCompletableFuture().isDone());
            }
        }, SpawnOptions.defaults());

        goes.system.shutdown(Duration.ofSeconds(30));

        assertThat(atPostStop).hasValue("up=false, left=true");
        await().atMost(BOUND).untilAsserted(() ->
                assertThat(stays.memberIds(MemberLeft.class)).containsExactly(goes.id()));
        assertThat(stays.events(MemberUnreachable.class)).isEmpty();
    }

    @Test
    void anAbruptStopIsDetectedAndTheMemberLeavesTheView() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = List.of(fixture.start("crash", ports.get(0), ports),
                fixture.start("crash", ports.get(1), ports), fixture.start("crash", ports.get(2), ports));
        awaitSameView(nodes, 3);
        ClusterFixture.Node crashed = nodes.get(2);

        crashed.crash();

        for (ClusterFixture.Node n : nodes.subList(0, 2)) {
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(n.memberIds(MemberLeft.class)).containsExactly(crashed.id()));
        }
        awaitSameView(nodes.subList(0, 2), 2);
    }

    @Test
    void aMemberCutOffIsReportedUnreachableBeforeItIsRemoved() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = List.of(fixture.start("cut", ports.get(0), ports),
                fixture.start("cut", ports.get(1), ports), fixture.start("cut", ports.get(2), ports));
        awaitSameView(nodes, 3);
        ClusterFixture.Node oldest = nodes.get(0);
        ClusterFixture.Node cut = nodes.get(2);

        cut.cutOff();

        await().atMost(BOUND).untilAsserted(() ->
                assertThat(oldest.memberIds(MemberLeft.class)).containsExactly(cut.id()));
        assertThat(oldest.memberIds(MemberUnreachable.class)).containsExactly(cut.id());
        MemberUnreachable unreachable = oldest.events(MemberUnreachable.class).get(0);
        assertThat(unreachable.view().member(cut.id())).isPresent();
        assertThat(oldest.events.indexOf(unreachable))
                .isLessThan(oldest.events.indexOf(oldest.events(MemberLeft.class).get(0)));
    }

    @Test
    void aHealedPartitionMergesTheViews() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = List.of(fixture.start("merge", ports.get(0), ports),
                fixture.start("merge", ports.get(1), ports), fixture.start("merge", ports.get(2), ports));
        awaitSameView(nodes, 3);
        ClusterFixture.Node cut = nodes.get(2);
        cut.cutOff();
        awaitSameView(nodes.subList(0, 2), 2);
        await().atMost(BOUND).untilAsserted(() -> assertThat(cut.cluster.view().size()).isEqualTo(1));

        cut.reconnect();

        awaitSameView(nodes, 3);
        assertThat(nodes.get(0).events(ClusterViewChanged.class)).anyMatch(ClusterViewChanged::merged);
        assertThat(cut.events(ClusterViewChanged.class).get(cut.events(ClusterViewChanged.class).size() - 1).joined())
                .contains(nodes.get(0).cluster.self(), nodes.get(1).cluster.self());
    }

    @Test
    void twoClustersWithDifferentNamesStayApart() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(4);
        // Every member lists all four addresses: only the cluster name keeps them apart.
        ClusterFixture.Node a1 = fixture.start("alpha", ports.get(0), ports);
        ClusterFixture.Node b1 = fixture.start("beta", ports.get(1), ports);
        ClusterFixture.Node a2 = fixture.start("alpha", ports.get(2), ports);
        ClusterFixture.Node b2 = fixture.start("beta", ports.get(3), ports);

        awaitSameView(List.of(a1, a2), 2);
        awaitSameView(List.of(b1, b2), 2);
        assertThat(a1.cluster.view().members()).containsExactly(a1.cluster.self(), a2.cluster.self());
        assertThat(b1.cluster.view().members()).containsExactly(b1.cluster.self(), b2.cluster.self());
    }

    @Test
    void startingTwiceReturnsTheMembershipAlreadyStarted() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(1);
        ClusterFixture.Node node = fixture.start("twice", ports.get(0), ports);

        Cluster again = Cluster.start(node.system, ClusterFixture.config("other", ports.get(0),
                StaticDiscovery.of(List.of())).build());

        assertThat(again).isSameAs(node.cluster);
        assertThat(node.cluster.hasMinPeers()).isTrue();
    }
}
