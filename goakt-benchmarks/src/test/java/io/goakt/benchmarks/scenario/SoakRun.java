package io.goakt.benchmarks.scenario;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak of the {@code reliability} profile (docs/reliability.md, "Soak"): runs {@link SoakDriver} for
 * {@code -Dsoak} (default 10m) with the extra arguments of {@code -Dsoak.args}. Its name keeps it out of the default
 * build's test run.
 */
class SoakRun {

    @Test
    void soak() throws Exception {
        String[] extra = System.getProperty("soak.args", "").isBlank() ? new String[0]
                : System.getProperty("soak.args").trim().split("\\s+");
        String[] args = Stream.concat(Stream.of("--duration", System.getProperty("soak", "10m")),
                Arrays.stream(extra)).toArray(String[]::new);

        SoakDriver.Result result = SoakDriver.runWithCoTenant(SoakDriver.Options.parse(args), System.out);

        assertThat(result.failures()).as("failed soak checks").isEmpty();
    }
}
