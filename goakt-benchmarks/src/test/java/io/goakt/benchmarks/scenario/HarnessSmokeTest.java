package io.goakt.benchmarks.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.goakt.benchmarks.remote.GoaktRemote;
import io.goakt.benchmarks.remote.PekkoRemote;
import org.junit.jupiter.api.Test;

/** Runs every scenario once at tiny sizes: the harness completes on both systems and prints its lines. */
class HarnessSmokeTest {

    @Test
    void everyScenarioCompletesOnBothSystemsAndIsReported() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        // goakt and one Pekko config keep this test to a few seconds; the sweep only repeats the Pekko code path.
        // The remote scenario starts one peer JVM per system.
        new Harness(Harness.Sizes.smoke(), 1, List.of(), out)
                .run(List.of(new GoaktContender(), PekkoContender.defaultDispatcher()),
                        List.of(GoaktRemote::new, PekkoRemote::defaultDispatcher));

        String report = "\n" + bytes.toString(StandardCharsets.UTF_8);
        for (String scenario : List.of("ping-pong-1pair", "ping-pong-8pairs", "fan-in-4threads", "many-actors",
                "ask-p50", "ask-p99.9", "ask-throughput", "spawn-rate", "spawn-heap-per-actor", "remote",
                "churn-round-1", "churn-round-10", "churn-last/first", "matchmaker")) {
            assertThat(report).contains("\nscenario=" + scenario + " system=goakt value=")
                    .contains("\nscenario=" + scenario + " system=pekko value=")
                    .contains("ratio scenario=" + scenario + " goakt/pekko=");
        }
        for (String scenario : List.of("ping-pong", "fan-in", "many-actors", "ask", "spawn", "churn", "matchmaker")) {
            assertThat(report).containsPattern("\n# " + scenario
                    + ": cross-CPU round trip before each iteration \\(ns\\): (\\d+|n/a)\n");
        }
        List<String> added = new ArrayList<>();
        for (int round = 1; round <= Harness.Sizes.smoke().churnRounds(); round++) {
            added.add("churn-round-" + round);
        }
        added.add("churn-last/first");
        added.add("matchmaker");
        for (String scenario : added) {
            for (String system : List.of("goakt", "pekko")) {
                assertThat(value(report, scenario, system)).as("%s on %s", scenario, system).isPositive();
            }
        }
    }

    @Test
    void theHeaderNamesEveryActiveProcessorCountAmongTheJvmArguments() {
        assertThat(Harness.activeProcessorCount(List.of("-Xmx4g"))).isEqualTo("none");
        assertThat(Harness.activeProcessorCount(List.of("-Xmx4g", "-XX:ActiveProcessorCount=1"))).isEqualTo("1");
        assertThat(Harness.activeProcessorCount(
                List.of("-XX:ActiveProcessorCount=1", "-XX:ActiveProcessorCount=2"))).isEqualTo("1,2");
    }

    /** The {@code value=} of the summary line of {@code scenario} on {@code system} (not a detail line). */
    private static double value(String report, String scenario, String system) {
        Matcher m = Pattern.compile("\\nscenario=" + Pattern.quote(scenario) + " system=" + system
                + " value=([0-9.]+) ").matcher(report);
        assertThat(m.find()).as("a line for %s on %s in%n%s", scenario, system, report).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void oneSystemAloneIsReportedWithoutARatio() throws Exception {
        for (Contender alone : List.of(new GoaktContender(), PekkoContender.defaultDispatcher())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

            new Harness(Harness.Sizes.smoke(), 1, List.of("many-actors"), out).run(List.of(alone), List.of());

            String report = "\n" + bytes.toString(StandardCharsets.UTF_8);
            String other = alone.system().equals("goakt") ? "pekko" : "goakt";
            assertThat(report).contains("\nscenario=many-actors system=" + alone.system() + " value=")
                    .doesNotContain("system=" + other)
                    .doesNotContain("ratio ")
                    .doesNotContain("scenario=ping-pong");
        }
    }
}
