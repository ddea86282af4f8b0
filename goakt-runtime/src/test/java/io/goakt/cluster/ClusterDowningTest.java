package io.goakt.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ClusterDowningTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private final ClusterFixture fixture = new ClusterFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<ClusterFixture.Node> threeMembers(String name) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = List.of(fixture.start(name, ports.get(0), ports),
                fixture.start(name, ports.get(1), ports), fixture.start(name, ports.get(2), ports));
        awaitSameView(nodes, 3);
        return nodes;
    }

    private static void awaitSameView(List<ClusterFixture.Node> nodes, int size) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (ClusterFixture.Node n : nodes) {
                assertThat(n.cluster.view().size()).as("view of %s", n.id()).isEqualTo(size);
                assertThat(n.cluster.view().members()).isEqualTo(nodes.get(0).cluster.view().members());
            }
        });
    }

    private static void assertDownedAndAlone(ClusterFixture.Node downed) {
        await().atMost(BOUND).untilAsserted(() -> assertThat(downed.events(SelfDowned.class)).hasSize(1));
        SelfDowned event = downed.events(SelfDowned.class).get(0);
        assertThat(event.member()).isEqualTo(downed.cluster.self());
        assertThat(event.view().members()).containsExactly(downed.cluster.self());
        assertThat(downed.cluster.isUp()).isFalse();
        assertThat(downed.cluster.view().members()).containsExactly(downed.cluster.self());
    }

    @Test
    void downingALiveMemberRemovesItEverywhereAndItLearnsItWasDowned() throws Exception {
        List<ClusterFixture.Node> nodes = threeMembers("down-live");
        ClusterFixture.Node operator = nodes.get(1);
        ClusterFixture.Node downed = nodes.get(2);

        boolean removed = operator.cluster.down(downed.id()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(removed).isTrue();
        assertThat(operator.cluster.view().member(downed.id())).isEmpty();
        for (ClusterFixture.Node n : nodes.subList(0, 2)) {
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(n.memberIds(MemberLeft.class)).containsExactly(downed.id()));
            assertThat(n.events(MemberUnreachable.class)).isEmpty();
        }
        awaitSameView(nodes.subList(0, 2), 2);
        assertDownedAndAlone(downed);
        assertThat(downed.memberIds(MemberLeft.class)).containsExactlyInAnyOrder(nodes.get(0).id(),
                nodes.get(1).id());
        assertThat(downed.events.indexOf(downed.events(SelfDowned.class).get(0)))
                .isGreaterThan(downed.events.indexOf(downed.events(ClusterViewChanged.class)
                        .get(downed.events(ClusterViewChanged.class).size() - 1)));
    }

    @Test
    void aDownedMemberStaysOutWhenItsSystemStartsTheClusterAgain() throws Exception {
        List<ClusterFixture.Node> nodes = threeMembers("down-stays");
        ClusterFixture.Node downed = nodes.get(2);
        nodes.get(0).cluster.down(downed.id()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertDownedAndAlone(downed);

        Cluster again = Cluster.start(downed.system, downed.cluster.config());

        assertThat(again).isSameAs(downed.cluster);
        assertThat(again.isUp()).isFalse();
        assertThat(again.view().members()).containsExactly(downed.cluster.self());
        awaitSameView(nodes.subList(0, 2), 2);
        assertThat(nodes.get(0).events(ClusterViewChanged.class)).noneMatch(ClusterViewChanged::merged);
    }

    @Test
    void downingTheCoordinatorRemovesItAndTheNextMemberTakesOver() throws Exception {
        List<ClusterFixture.Node> nodes = threeMembers("down-coord");
        ClusterFixture.Node coordinator = nodes.get(0);

        boolean removed = nodes.get(2).cluster.down(coordinator.id()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(removed).isTrue();
        awaitSameView(nodes.subList(1, 3), 2);
        assertThat(nodes.get(1).cluster.view().oldest()).isEqualTo(nodes.get(1).cluster.self());
        assertDownedAndAlone(coordinator);
    }

    @Test
    void aMemberDownedWhileCutOffDoesNotMergeBackAndLearnsItWasDowned() throws Exception {
        List<ClusterFixture.Node> nodes = threeMembers("down-cut");
        ClusterFixture.Node cut = nodes.get(2);
        cut.cutOff();

        boolean removed = nodes.get(0).cluster.down(cut.id()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(removed).isTrue();
        awaitSameView(nodes.subList(0, 2), 2);
        await().atMost(BOUND).untilAsserted(() -> assertThat(cut.cluster.view().size()).isEqualTo(1));
        assertThat(cut.events(SelfDowned.class)).isEmpty();

        cut.reconnect();

        // The cut member hears it was downed only from a member that dropped its messages after the heal.
        assertDownedAndAlone(cut);
        awaitSameView(nodes.subList(0, 2), 2);
        for (ClusterFixture.Node n : nodes.subList(0, 2)) {
            assertThat(n.events(ClusterViewChanged.class)).noneMatch(ClusterViewChanged::merged);
            // Joined once, when the cluster formed; never again.
            assertThat(n.memberIds(MemberJoined.class)).filteredOn(cut.id()::equals).hasSize(1);
        }
    }

    @Test
    void downingAnUnknownMemberReturnsFalse() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node first = fixture.start("down-unknown", ports.get(0), ports);
        ClusterFixture.Node second = fixture.start("down-unknown", ports.get(1), ports);
        awaitSameView(List.of(first, second), 2);

        boolean removed = first.cluster.down("nobody@127.0.0.1:1#000000").toCompletableFuture()
                .get(30, TimeUnit.SECONDS);

        assertThat(removed).isFalse();
        assertThat(first.cluster.view().size()).isEqualTo(2);
        assertThat(first.events(MemberLeft.class)).isEmpty();
    }

    @Test
    void downingItselfLeavesTheCluster() throws Exception {
        List<ClusterFixture.Node> nodes = threeMembers("down-self");
        ClusterFixture.Node leaver = nodes.get(1);

        boolean removed = leaver.cluster.down(leaver.id()).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(removed).isTrue();
        assertThat(leaver.cluster.isUp()).isFalse();
        for (ClusterFixture.Node n : List.of(nodes.get(0), nodes.get(2))) {
            await().atMost(BOUND).untilAsserted(() ->
                    assertThat(n.memberIds(MemberLeft.class)).containsExactly(leaver.id()));
            assertThat(n.events(MemberUnreachable.class)).isEmpty();
        }
    }
}
