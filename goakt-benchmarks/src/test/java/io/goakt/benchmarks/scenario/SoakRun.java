package io.goakt.benchmarks.scenario;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The soak of the {@code reliability} profile (docs/reliability.md, "Soak"): runs {@link SoakDriver} for
 * {@code -Dsoak} with the extra arguments of {@code -Dsoak.args}. Its name keeps it out of the default build's test
 * run, and without {@code -Dsoak} (which the profile always sets, 10m by default) it is skipped, so a {@code -Dtest}
 * pattern that matches it does not start a soak.
 */
class SoakRun {

    @Test
    void soak() throws Exception {
        assumeTrue(System.getProperty("soak") != null, "a soak runs only with -Dsoak (the reliability profile)");
        String[] extra = System.getProperty("soak.args", "").isBlank() ? new String[0]
                : System.getProperty("soak.args").trim().split("\\s+");
        String[] args = Stream.concat(Stream.of("--duration", System.getProperty("soak")),
                Arrays.stream(extra)).toArray(String[]::new);

        SoakDriver.Result result = SoakDriver.runWithCoTenant(SoakDriver.Options.parse(args), System.out);

        assertThat(result.failures()).as("failed soak checks").isEmpty();
    }
}
