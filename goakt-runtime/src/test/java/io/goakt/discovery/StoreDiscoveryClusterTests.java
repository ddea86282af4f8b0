package io.goakt.discovery;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.MultiJvm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a discovery provider backed by a server that keeps one entry per member (etcd, NATS) must do beyond
 * {@link DiscoveryConformance}, against the real server: a member that dies without leaving disappears from the
 * server's entries and from the others' view, and the server restarting without its data neither breaks a formed
 * cluster nor loses the members for good (they register again), and members that could not reach the server when
 * they started find each other (join, or merge their views) once it is back. Extend it with the provider and its
 * server.
 */
abstract class StoreDiscoveryClusterTests {

    /** The entry's ttl: short, so a dead member's entry goes within the test's patience. */
    static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String CLUSTER = "store-drill";

    @TempDir
    Path dir;

    private final List<ActorSystem> systems = new ArrayList<>();

    /** Starts the server, its data in {@code directory}. */
    abstract void startServer(Path directory) throws Exception;

    /** Stops the server and starts it again on the same address with no data. */
    abstract void restartServerWithoutData() throws Exception;

    /** Stops the server. */
    abstract void stopServer();

    /** The provider under test, with ttl {@link #TTL}, pointed at the server. */
    abstract Discovery discovery();

    /** The provider's type and the server's address, as {@link StoreMemberMain} takes them. */
    abstract List<String> memberArgs();

    /** Asserts that the server holds exactly {@code n} entries of cluster {@code cluster}. */
    abstract void assertEntries(String cluster, int n) throws Exception;

    @AfterEach
    void stopAll() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(30));
        }
        stopServer();
    }

    @Test
    void aMemberThatDiesWithoutLeavingDisappearsFromTheServerAndFromTheView() throws Exception {
        startServer(Files.createDirectory(dir.resolve("server")));
        List<Integer> ports = FreePorts.controlPorts(3);
        List<Cluster> clusters = List.of(member(ports.get(0)), member(ports.get(1)));
        try (MultiJvm jvms = new MultiJvm(Files.createDirectory(dir.resolve("jvms")))) {
            List<String> args = memberArgs();
            MultiJvm.Member victim = jvms.start("victim", StoreMemberMain.class, args.get(0), CLUSTER,
                    Integer.toString(ports.get(2)), args.get(1), Long.toString(TTL.toSeconds()));

            await().atMost(WITHIN).untilAsserted(() -> {
                for (Cluster c : clusters) {
                    assertThat(c.view().size()).as("view of %s", c.view().self()).isEqualTo(3);
                }
            });
            await().atMost(WITHIN).untilAsserted(() -> assertEntries(CLUSTER, 3));

            victim.kill();

            await().atMost(WITHIN).untilAsserted(() -> {
                for (Cluster c : clusters) {
                    assertThat(c.view().size()).as("view of %s", c.view().self()).isEqualTo(2);
                }
            });
            await().atMost(WITHIN).untilAsserted(() -> assertEntries(CLUSTER, 2));
        }
    }

    @Test
    void theServerRestartingWithoutItsDataKeepsTheClusterFormedAndTheMembersRegisterAgain() throws Exception {
        startServer(Files.createDirectory(dir.resolve("server")));
        List<Cluster> clusters = new ArrayList<>();
        for (int port : FreePorts.controlPorts(3)) {
            clusters.add(member(port));
        }
        await().atMost(WITHIN).untilAsserted(() -> {
            for (Cluster c : clusters) {
                assertThat(c.view().size()).as("view of %s", c.view().self()).isEqualTo(3);
                assertThat(c.view().viewId()).isEqualTo(clusters.get(0).view().viewId());
            }
        });
        await().atMost(WITHIN).untilAsserted(() -> assertEntries(CLUSTER, 3));
        long formed = clusters.get(0).view().viewId();

        // the new server starts empty: every entry it holds from here on, a member wrote again
        restartServerWithoutData();

        await().atMost(WITHIN).untilAsserted(() -> assertEntries(CLUSTER, 3));
        for (Cluster c : clusters) {
            assertThat(c.view().viewId()).as("view of %s", c.view().self()).isEqualTo(formed);
            assertThat(c.view().size()).isEqualTo(3);
        }
    }

    @Test
    void aMemberStartedWhileTheServerIsDownFindsTheOthersOnceItIsBack() throws Exception {
        startServer(Files.createDirectory(dir.resolve("server")));
        stopServer();
        List<Integer> ports = FreePorts.controlPorts(2);

        Cluster early = member(ports.get(0));
        restartServerWithoutData();
        Cluster late = member(ports.get(1));

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(early.view().size()).as("view of the member that started without the server").isEqualTo(2);
            assertThat(late.view().members()).isEqualTo(early.view().members());
        });
        await().atMost(WITHIN).untilAsserted(() -> assertEntries(CLUSTER, 2));
    }

    @Test
    void membersThatStartedAloneWhileTheServerWasDownMergeOnceItIsBack() throws Exception {
        startServer(Files.createDirectory(dir.resolve("server")));
        stopServer();
        List<Cluster> clusters = new ArrayList<>();
        for (int port : FreePorts.controlPorts(2)) {
            clusters.add(member(port));
        }
        for (Cluster c : clusters) {
            assertThat(c.view().size()).as("found no one without the server").isEqualTo(1);
        }

        restartServerWithoutData();

        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(clusters.get(0).view().size()).isEqualTo(2);
            assertThat(clusters.get(1).view().members()).isEqualTo(clusters.get(0).view().members());
        });
    }

    private Cluster member(int port) {
        ActorSystem system = ActorSystem.create("store" + port);
        systems.add(system);
        return Cluster.start(system, ClusterConfig.builder().clusterName(CLUSTER).port(port)
                .discovery(discovery()).failureDetection(FailureDetection.fast())
                .joinTimeout(Duration.ofMillis(500)).build());
    }
}
