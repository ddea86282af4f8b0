package io.goakt.benchmarks.cluster.scale;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The scale simulation at 5 and 10 members: it converges at each step, reports every figure and cleans up. */
class ClusterScaleSimulationSmokeTest {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void theSeriesReportsMembershipAndPlacementAtEverySize() throws Exception {
        ClusterScaleSimulation.Options options = new ClusterScaleSimulation.Options(new int[]{5, 10}, 3, 10_000,
                1_000, 5, Duration.ofMillis(200), FailureDetection.defaults(), 271, 32, 7, STEP_TIMEOUT,
                new int[]{20});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        List<ClusterScaleSimulation.SizeReport> reports = ClusterScaleSimulation.run(options, out);
        ClusterScaleSimulation.print(options, reports, out);
        ClusterScaleSimulation.printPlacement(options, out);

        assertThat(reports).extracting(ClusterScaleSimulation.SizeReport::members).containsExactly(5, 10);
        // Five joins reach 5 members, five more reach 10; each segment also counts the join after the leave.
        assertThat(reports).extracting(ClusterScaleSimulation.SizeReport::joins).containsExactly(6, 6);
        for (ClusterScaleSimulation.SizeReport r : reports) {
            PartitionFigures.Figures f = r.placement();
            assertThat(f.members()).isEqualTo(r.members());
            assertThat(f.partitionsPerMember().mean() * r.members()).isCloseTo(271, org.assertj.core.data.Offset
                    .offset(1e-9));
            assertThat(f.identitiesPerMember().mean() * r.members()).isCloseTo(10_000, org.assertj.core.data.Offset
                    .offset(1e-6));
            assertThat(f.join().meanPartitions()).isBetween(0.0, 1.0);
            assertThat(f.leave().maxPartitions()).isGreaterThan(0.0).isLessThan(1.0);
            assertThat(r.joinOneMax()).isGreaterThanOrEqualTo(r.joinOneMedian()).isPositive();
            assertThat(r.threads()).isPositive();
            assertThat(r.heapBytes()).isPositive();
            assertThat(r.registryBytesPerEntry()).isPositive();
            assertThat(r.viewWork().ownersLargeMillis()).isPositive();
        }
        assertThat(reports.get(1).viewBytes()).as("a view of 10 members is larger than one of 5")
                .isGreaterThan(reports.get(0).viewBytes());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("\n| 5 | ").contains("\n| 10 | ").contains("\n| 20 | 271 | ")
                .contains("\n| 20 | 16,384 | ");
    }

    @Test
    void aSimulatedClusterConvergesAfterJoinsAndLeavesAndLeavesNoMemberInTheTransportTable() throws Exception {
        ClusterConfig config = ClusterConfig.builder().failureDetection(FailureDetection.defaults()).build();
        String name;
        try (SimulatedCluster cluster = new SimulatedCluster(config, 16, 3, STEP_TIMEOUT)) {
            name = cluster.name();
            cluster.join(1);
            cluster.join(1);
            assertThat(cluster.join(4).size()).isEqualTo(6);
            assertThat(cluster.view().size()).isEqualTo(6);
            assertThat(cluster.leaveYoungest(2).size()).isEqualTo(4);
            assertThat(cluster.leaveOne().size()).isEqualTo(3);
            assertThat(cluster.view().getMembers()).hasSize(3);
            assertThat(SHARED_LOOPBACK.getDiscoveryResponsesFor(name)).hasSize(3);
        }
        assertThat(SHARED_LOOPBACK.getDiscoveryResponsesFor(name)).isEmpty();
    }
}
