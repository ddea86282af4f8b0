package io.goakt.benchmarks.scenario;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CrossCpuRoundTripTest {

    @Test
    void twoProcessorsGiveAPositiveRoundTripAndTheMeasurementEndsOnTime() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        CrossCpuRoundTrip probe = new CrossCpuRoundTrip();

        double nanos = probe.roundTripNanos(Duration.ofMillis(500));

        assertThat(nanos).isPositive().isLessThan(Duration.ofMillis(500).toNanos());
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("cross-cpu-echo"));
    }

    @Test
    void aMeasurementCanBeRepeatedOnOneProbe() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two processors");
        CrossCpuRoundTrip probe = new CrossCpuRoundTrip();

        assertThat(probe.roundTripNanos(Duration.ofMillis(200))).isPositive();
        assertThat(probe.roundTripNanos(Duration.ofMillis(200))).isPositive();
    }

    @Test
    void noMeasurementPrintsAsNotAvailableAndOthersAsWholeNanoseconds() {
        assertThat(CrossCpuRoundTrip.format(-1)).isEqualTo("n/a");
        assertThat(CrossCpuRoundTrip.format(72.4)).isEqualTo("72");
        assertThat(CrossCpuRoundTrip.format(310.6)).isEqualTo("311");
    }
}
