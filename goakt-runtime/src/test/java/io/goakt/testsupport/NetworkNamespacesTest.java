package io.goakt.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkNamespacesTest {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int PORT = 7070;

    @TempDir
    Path dir;

    @Test
    void namespacesReachEachOtherUntilALinkIsCutAgainAfterHealingAndNothingIsLeftBehind() throws Exception {
        NetworkNamespaces net = NetworkNamespaces.create(3);
        try (net; MultiJvm jvms = new MultiJvm(dir)) {
            assertThat(net.leftovers()).containsExactlyInAnyOrder(net.namespace(0), net.namespace(1),
                    net.namespace(2));
            jvms.start("listener", net.exec(1), NetworkProbe.class, List.of(),
                    List.of("listen", net.address(1), Integer.toString(PORT))).awaitLog("^listening", WITHIN);
            assertThat(connects(net, 0, 1)).as("0 reaches 1").isTrue();
            assertThat(connects(net, 2, 1)).as("2 reaches 1").isTrue();

            net.cut(0, 1);

            assertThat(connects(net, 0, 1)).as("0 reaches 1 over a cut link").isFalse();
            assertThat(connects(net, 2, 1)).as("2 reaches 1 beside the cut link").isTrue();

            net.heal();

            assertThat(connects(net, 0, 1)).as("0 reaches 1 after healing").isTrue();
        }
        assertThat(net.leftovers()).isEmpty();
    }

    @Test
    void aPartitionSeparatesTheSidesAndKeepsEachSideWhole() throws Exception {
        try (NetworkNamespaces net = NetworkNamespaces.create(4); MultiJvm jvms = new MultiJvm(dir)) {
            for (int i : List.of(1, 3)) {
                jvms.start("listener" + i, net.exec(i), NetworkProbe.class, List.of(),
                        List.of("listen", net.address(i), Integer.toString(PORT))).awaitLog("^listening", WITHIN);
            }

            net.partition(Set.of(0, 1));

            assertThat(connects(net, 0, 1)).as("0 reaches 1 on its side").isTrue();
            assertThat(connects(net, 2, 3)).as("2 reaches 3 on its side").isTrue();
            assertThat(connects(net, 0, 3)).as("0 reaches 3 across the partition").isFalse();
            assertThat(connects(net, 2, 1)).as("2 reaches 1 across the partition").isFalse();

            net.heal();

            assertThat(connects(net, 0, 3)).as("0 reaches 3 after healing").isTrue();
        }
    }

    @Test
    void aJvmStartedInANamespaceGetsTheSignalsItself() throws Exception {
        try (NetworkNamespaces net = NetworkNamespaces.create(2); MultiJvm jvms = new MultiJvm(dir)) {
            MultiJvm.Member member = jvms.start("ticker", net.exec(0), TickingMain.class, List.of(),
                    List.of("100000"));
            member.awaitLog("^tick 1$", WITHIN);

            // stop() and resume() return only once /proc shows the JVM itself stopped and running again
            member.stop();
            member.resume();
            member.kill();

            assertThat(member.exitCode()).hasValue(137);
        }
    }

    private static boolean connects(NetworkNamespaces net, int from, int to) {
        int exit = net.run(from, WITHIN, java(), "-cp", System.getProperty("java.class.path"),
                "-XX:TieredStopAtLevel=1", "-Xmx32m", NetworkProbe.class.getName(), "connect", net.address(to),
                Integer.toString(PORT), "1500");
        assertThat(exit).as("probe exit code").isIn(0, 1);
        return exit == 0;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
