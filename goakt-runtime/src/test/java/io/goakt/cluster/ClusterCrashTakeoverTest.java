package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterHooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which path confirms a view stable after a member vanished: the short one when its process crashed (its
 * failure-detection socket closed) or it left gracefully, the whole {@code stableAfter} when it was cut off. The
 * path is read from the members' counters, never from how long it took.
 */
class ClusterCrashTakeoverTest {

    private static final Duration BOUND = Duration.ofSeconds(60);
    /** Long enough that the short path (500 ms) and the full one never meet. */
    private static final Duration STABLE_AFTER = Duration.ofSeconds(4);

    private final ClusterFixture fixture = new ClusterFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Three members whose three-member view was confirmed stable (by the full wait: it was reached by joins). */
    private List<ClusterFixture.Node> startThree(String name, boolean fastCrashTakeover,
                                                 List<List<ClusterView>> stableViews) throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        List<ClusterFixture.Node> nodes = new ArrayList<>();
        for (int port : ports) {
            ClusterFixture.Node node = fixture.start(ClusterFixture.config(name, port,
                            StaticDiscovery.of(ClusterFixture.hostPorts(ports)))
                    .stableAfter(STABLE_AFTER).fastCrashTakeover(fastCrashTakeover).build());
            List<ClusterView> stable = new CopyOnWriteArrayList<>();
            ClusterHooks.of(node.cluster).onStableView(stable::add);
            stableViews.add(stable);
            nodes.add(node);
        }
        ClusterFixture.awaitSameView(nodes, 3);
        await().atMost(BOUND).until(() -> stableViews.stream()
                .allMatch(s -> !s.isEmpty() && s.get(s.size() - 1).size() == 3));
        for (ClusterFixture.Node n : nodes) {
            assertThat(n.internal().fastStableViews()).as("fast stable views of %s while joining", n.id()).isZero();
        }
        return nodes;
    }

    @Test
    void aCrashedMembersSuccessorsConfirmTheViewWithoutItByTheShortPath() throws Exception {
        List<List<ClusterView>> stable = new ArrayList<>();
        List<ClusterFixture.Node> nodes = startThree("crash-fast", true, stable);
        Confirmations before = new Confirmations(nodes.subList(0, 2));

        nodes.get(2).crash();

        before.assertTwoMemberViewWithout(nodes.get(2), stable, 1, 0);
    }

    @Test
    void aMemberCutOffFromTheNetworkIsReplacedOnlyAfterTheFullStableAfter() throws Exception {
        List<List<ClusterView>> stable = new ArrayList<>();
        List<ClusterFixture.Node> nodes = startThree("crash-cut", true, stable);
        Confirmations before = new Confirmations(nodes.subList(0, 2));

        nodes.get(2).cutOff();

        before.assertTwoMemberViewWithout(nodes.get(2), stable, 0, 1);
        nodes.get(2).reconnect();
    }

    @Test
    void withFastCrashTakeoverOffACrashedMembersSuccessorsWaitTheFullStableAfter() throws Exception {
        List<List<ClusterView>> stable = new ArrayList<>();
        List<ClusterFixture.Node> nodes = startThree("crash-off", false, stable);
        Confirmations before = new Confirmations(nodes.subList(0, 2));

        nodes.get(2).crash();

        before.assertTwoMemberViewWithout(nodes.get(2), stable, 0, 1);
    }

    @Test
    void aGracefulLeaversSuccessorsConfirmTheViewWithoutItByTheShortPath() throws Exception {
        List<List<ClusterView>> stable = new ArrayList<>();
        List<ClusterFixture.Node> nodes = startThree("crash-leave", true, stable);
        Confirmations before = new Confirmations(nodes.subList(0, 2));

        nodes.get(2).cluster.leave().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);

        before.assertTwoMemberViewWithout(nodes.get(2), stable, 1, 0);
    }

    /** The survivors' full-wait confirmations counted before a member goes, to compare with after. */
    private static final class Confirmations {
        private final List<ClusterFixture.Node> survivors;
        private final long[] fullBefore;

        Confirmations(List<ClusterFixture.Node> survivors) {
            this.survivors = survivors;
            this.fullBefore = survivors.stream().mapToLong(n -> n.internal().fullStableViews()).toArray();
        }

        /**
         * Waits until every survivor agrees on a two-member view and has confirmed it stable without {@code gone},
         * then checks the path: {@code fast} short-path confirmations in all, {@code fullAdded} more full waits.
         */
        void assertTwoMemberViewWithout(ClusterFixture.Node gone, List<List<ClusterView>> stable, int fast,
                                        int fullAdded) {
            ClusterFixture.awaitSameView(survivors, 2);
            for (int i = 0; i < survivors.size(); i++) {
                List<ClusterView> seen = stable.get(i);
                await().atMost(BOUND).until(() -> seen.get(seen.size() - 1).size() == 2);
                ClusterFixture.Node n = survivors.get(i);
                assertThat(seen.get(seen.size() - 1).contains(gone.cluster.self())).isFalse();
                assertThat(n.internal().fastStableViews()).as("short-path confirmations of %s", n.id())
                        .isEqualTo(fast);
                assertThat(n.internal().fullStableViews()).as("full-wait confirmations of %s", n.id())
                        .isEqualTo(fullBefore[i] + fullAdded);
            }
        }
    }
}
