package io.goakt.benchmarks.scenario;

import io.goakt.actor.DeadLetter;
import io.goakt.dispatch.Spinning;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SoakDriverTest {

    /**
     * One end-to-end run (each run starts a second JVM and waits out the dead-letter log's summary timer in its
     * leaked-timer check, so one run covers both): the peak measured from 100 operations a second, then 3 s at 80% of
     * it, with the books balanced across both JVMs.
     */
    @Test
    void aShortAutoRateRunMeasuresItsPeakRunsAtEightyPercentAndBalancesItsBooksAcrossBothJvms() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        SoakDriver.Result result = SoakDriver.run(SoakDriver.Options.parse("--duration", "3s", "--peak-for", "1s",
                "--peak-start", "100", "--report-every", "1s", "--ask-timeout", "2s"), out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(result.peak()).as(text).isPositive();
        assertThat(result.rate()).isEqualTo((int) Math.max(1, Math.round(result.peak() * 0.8)));
        assertThat(result.peakAccepted()).isPositive().isLessThan(result.books().accepted());
        assertThat(text).contains("# peak: warming up for 100 ms at 100 ops/s, then at most 10 steps",
                "# peak step: target=100/s", "running at 80% of it");
        SoakBooks.Snapshot books = result.books();
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
        // soak-b runs in a JVM of its own and reports the remote work it handled
        assertThat(books.peerHandled()).isEqualTo(books.remoteTells() + books.remoteAsks());
        assertThat(result.peerAfter().handled()).isEqualTo(books.peerHandled());
        assertThat(result.peerAfter().threads()).isPositive();
        assertThat(result.peerAfter().connections()).isPositive();
        assertThat(result.peerAfter().pendingReplies()).isZero();
        assertThat(result.leakedAsks()).isZero();
        assertThat(result.leakedTimers()).isZero();
        assertThat(result.leakedConnections()).isZero();
        assertThat(result.samples()).isNotEmpty();
        assertThat(result.samples()).allSatisfy(s -> {
            assertThat(s.oldGenBytes()).isNotNegative();
            assertThat(s.peerOldGenBytes()).isNotNegative();
            assertThat(s.peerThreads()).isPositive();
        });
        assertThat(text).contains("# soak-b: pid ", "t=1s accepted/s=", "old-gen-after-gc=", "soak-b: old-gen",
                "# summary:", "lost=0", "# result: PASS");
        assertThat(result.passed()).as(text).isTrue();
    }

    @Test
    void thePeakIsTheHighestHandledRateOfAStepWhoseBacklogHeld() {
        SoakDriver.PeakStep held = new SoakDriver.PeakStep(1000, 1000, 990, 10, 20);
        SoakDriver.PeakStep heldHigher = new SoakDriver.PeakStep(1300, 1300, 1290, 20, 40);
        SoakDriver.PeakStep backlogGrew = new SoakDriver.PeakStep(1690, 1690, 1400, 40, 400);
        SoakDriver.PeakStep driverFellBehind = new SoakDriver.PeakStep(1690, 1500, 1500, 40, 40);

        assertThat(held.sustained()).isTrue();
        assertThat(backlogGrew.sustained()).isFalse();
        assertThat(driverFellBehind.sustained()).isFalse();
        assertThat(SoakDriver.PeakStep.peak(List.of(held, heldHigher, backlogGrew))).isEqualTo(1290);
        assertThat(driverFellBehind.backlogHeld()).isTrue();
        assertThat(SoakDriver.PeakStep.peak(List.of(held, heldHigher, driverFellBehind))).isEqualTo(1500);
        assertThat(SoakDriver.PeakStep.peak(List.of(backlogGrew))).isEqualTo(1400);
    }

    @Test
    void thePeersReportLineRoundTrips() {
        SoakPeer.Report r = new SoakPeer.Report(12, Map.of(DeadLetter.Reason.ACTOR_STOPPED, 3L), 1, 20, 80, 0, 2, 2,
                12_345);

        assertThat(SoakPeer.Report.parse(r.line())).isEqualTo(r);
        assertThat(SoakPeer.Report.parse(SoakPeer.Report.NONE.line())).isEqualTo(SoakPeer.Report.NONE);
    }

    @Test
    void thePeersHandledWorkAndDeadLettersCountInTheBooks() {
        SoakBooks books = new SoakBooks();
        books.accepted.add(10);
        books.handled.add(4);
        books.peer = new SoakPeer.Report(5, Map.of(DeadLetter.Reason.ACTOR_STOPPED, 1L), 0, 1, 1, 0, 0, 0, -1);

        assertThat(books.lost()).isZero();
        assertThat(books.snapshot().handled()).isEqualTo(9);
        assertThat(books.snapshot().deadLetters()).containsEntry(DeadLetter.Reason.ACTOR_STOPPED, 1L);
    }

    @Test
    void lostWorkFailsTheRun() {
        SoakBooks books = new SoakBooks();
        books.accepted.add(3);
        books.handled.add(2);

        SoakDriver.Result result = result(books, List.of(), Duration.ofSeconds(1));

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.failures()).containsExactly("lost=1");
    }

    @Test
    void oldGenerationGrowthBetweenTheSecondAndLastQuarterIsJudgedOnBothJvms() {
        SoakBooks books = new SoakBooks();
        List<SoakDriver.Sample> samples = List.of(
                sample(30_000, 100, 200), sample(60_000, 100, 200), sample(90_000, 110, 230),
                sample(100_000, 110, 230), sample(110_000, 110, 230));

        SoakDriver.Result result = result(books, samples, Duration.ofSeconds(120));

        assertThat(result.oldGenGrowth()).isCloseTo(0.10, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.peerOldGenGrowth()).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(result.failures()).containsExactly("old-gen-growth=10.0%", "soak-b-old-gen-growth=15.0%");
    }

    @Test
    void optionsReadDurationsSpinningTheCoTenantTheRateAndTheCpus() {
        SoakDriver.Options o = SoakDriver.Options.parse("--duration", "2m", "--spinning", "off", "--co-tenant", "",
                "--rate", "5000", "--report-every", "5s", "--cpus", "0");

        assertThat(o.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.spinning()).isEqualTo(Spinning.OFF);
        assertThat(o.coTenant()).isTrue();
        assertThat(o.rate()).isEqualTo(5000);
        assertThat(o.autoRate()).isFalse();
        assertThat(o.reportEvery()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.cpus()).isEqualTo("0");
        assertThat(SoakDriver.Options.parse("--ask-timeout", "2s").askTimeout()).isEqualTo(Duration.ofSeconds(2));
        SoakDriver.Options defaults = SoakDriver.Options.parse();
        assertThat(defaults.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.autoRate()).isTrue();
        assertThat(defaults.peakFor()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.cpus()).isNull();
        assertThat(SoakDriver.Options.parse("--rate", "auto", "--peak-for", "10s", "--peak-start", "500"))
                .satisfies(a -> {
                    assertThat(a.autoRate()).isTrue();
                    assertThat(a.peakFor()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(a.peakStart()).isEqualTo(500);
                });
        assertThatThrownBy(() -> SoakDriver.Options.parse("--rate", "0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> SoakDriver.Options.parse("--cpus", "0; rm")).hasMessageContaining("--cpus");
    }

    private static SoakDriver.Result result(SoakBooks books, List<SoakDriver.Sample> samples,
                                            Duration duration) {
        return new SoakDriver.Result(books.snapshot(), samples, 0, 0, 0, true, 0, 0, 0, 0, 1, 1, 1, 1, duration,
                Double.NaN, 1, 0, SoakPeer.Report.NONE, SoakPeer.Report.NONE);
    }

    private static SoakDriver.Sample sample(long atMillis, long oldGen, long peerOldGen) {
        return new SoakDriver.Sample(atMillis, 1, 1, oldGen, 1, 1, 0, 0, 0, Map.of(), peerOldGen, 1, 1);
    }
}
