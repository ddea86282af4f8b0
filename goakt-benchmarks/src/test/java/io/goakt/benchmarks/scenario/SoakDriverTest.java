package io.goakt.benchmarks.scenario;

import io.goakt.dispatch.Spinning;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoakDriverTest {

    @Test
    void aShortRunAtATinyRateBalancesItsBooksAndReportsEveryInterval() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        SoakDriver.Result result = SoakDriver.run(SoakDriver.Options.parse(
                "--duration", "4s", "--rate", "400", "--report-every", "1s"), out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        SoakDriver.Books.Snapshot books = result.books();
        assertThat(books.accepted()).isPositive();
        assertThat(books.handled() + books.deadLettered()).isEqualTo(books.accepted());
        assertThat(result.lost()).isZero();
        assertThat(books.asksReplied() + books.asksFailed()).isEqualTo(books.asksIssued());
        assertThat(books.asksIssued()).isPositive();
        assertThat(result.askMaxMicros()).isPositive().isGreaterThanOrEqualTo(result.askP99Micros());
        assertThat(books.spawned()).isPositive().isEqualTo(books.stopped());
        assertThat(books.activations()).isPositive().isEqualTo(books.deactivations());
        assertThat(books.remoteTells()).isPositive();
        assertThat(books.remoteAsks()).isPositive();
        assertThat(result.leakedAsks()).isZero();
        assertThat(result.leakedTimers()).isZero();
        assertThat(result.leakedConnections()).isZero();
        assertThat(result.samples()).isNotEmpty();
        assertThat(result.samples()).allSatisfy(s -> assertThat(s.oldGenBytes()).isNotNegative());
        assertThat(text).contains("t=1s accepted/s=", "old-gen-after-gc=", "# summary:", "lost=0", "# result: PASS");
        assertThat(result.passed()).as(text).isTrue();
    }

    @Test
    void lostWorkFailsTheRun() {
        SoakDriver.Books books = new SoakDriver.Books();
        books.accepted.add(3);
        books.handled.add(2);

        SoakDriver.Result result = new SoakDriver.Result(books.snapshot(), java.util.List.of(), 0, 0, 0, true, 0, 0, 0, 0, 1,
                1, 1, 1, Duration.ofSeconds(1));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.failures()).containsExactly("lost=1");
    }

    @Test
    void oldGenerationGrowthBetweenTheSecondAndLastQuarterIsJudged() {
        SoakDriver.Books books = new SoakDriver.Books();
        java.util.List<SoakDriver.Sample> samples = java.util.List.of(
                sample(30_000, 100), sample(60_000, 100), sample(90_000, 110), sample(100_000, 110),
                sample(110_000, 110));

        SoakDriver.Result result = new SoakDriver.Result(books.snapshot(), samples, 0, 0, 0, true, 0, 0, 0, 0, 1, 1, 1, 1,
                Duration.ofSeconds(120));

        assertThat(result.oldGenGrowth()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.failures()).containsExactly("old-gen-growth=10.0%");
    }

    @Test
    void optionsReadDurationsSpinningAndTheCoTenant() {
        SoakDriver.Options o = SoakDriver.Options.parse("--duration", "2m", "--spinning", "off", "--co-tenant", "",
                "--rate", "5000", "--report-every", "5s");

        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.spinning()).isEqualTo(Spinning.OFF);
        assertThat(o.coTenant()).isTrue();
        assertThat(o.rate()).isEqualTo(5000);
        assertThat(o.reportEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(SoakDriver.Options.parse().duration()).isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> SoakDriver.Options.parse("--rate", "0")).hasMessageContaining("--rate");
    }

    private static SoakDriver.Sample sample(long atMillis, long oldGen) {
        return new SoakDriver.Sample(atMillis, 1, 1, oldGen, 1, 1, 0, 0, 0, java.util.Map.of());
    }
}
