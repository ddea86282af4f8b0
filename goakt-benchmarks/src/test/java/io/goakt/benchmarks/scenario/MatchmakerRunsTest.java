package io.goakt.benchmarks.scenario;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MatchmakerRunsTest {

    @Test
    void everyRunOfEverySystemPrintsItsRateAndTheRoundTripBeforeIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        List<Contender> contenders = List.of(new GoaktContender(), PekkoContender.coresDispatcher(2, 300));
        try {
            MatchmakerRuns.run(contenders, 2, 10, 2, 500, out);
        } finally {
            for (Contender c : contenders) {
                c.close();
            }
        }

        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(4);
        for (int i = 0; i < lines.size(); i++) {
            String system = i % 2 == 0 ? "goakt" : "pekko";
            assertThat(lines.get(i)).matches("run=" + (i / 2 + 1) + " system=" + system
                    + " msgs-per-s=\\d+ round-trip-ns=(\\d+|n/a)");
            double rate = Double.parseDouble(lines.get(i).replaceAll(".* msgs-per-s=(\\S+) .*", "$1"));
            assertThat(rate).isPositive();
        }
    }
}
