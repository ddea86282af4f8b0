package io.goakt.internal.remote;

import io.goakt.remote.FailureKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFailureLogTest {

    private static final FailureKind[] REASONS = {
            FailureKind.MALFORMED_FRAME, FailureKind.FRAME_TOO_LARGE, FailureKind.HANDSHAKE_FAILED};

    @Test
    void tenThousandFailuresFromAFewPeersWriteABoundedNumberOfLinesWhoseCountsAddUp() {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer);
        String[] peers = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
        int windows = 10;
        for (int i = 0; i < 10_000; i++) {
            if (i % 1_000 == 999) {
                timer.runAll(); // a window ends
            }
            FailureKind reason = REASONS[i % REASONS.length];
            log.failed(reason, peers[(i / 3) % peers.length], "closing connection: " + reason + ": bad " + i, null);
        }
        log.flush();

        int keys = peers.length * REASONS.length;
        // Per key and window at most the line that opened it and its summary.
        assertThat(lines.all).hasSizeLessThanOrEqualTo(2 * keys * (windows + 1));
        assertThat(lines.detailLines()).hasSizeGreaterThanOrEqualTo(keys);
        assertThat(lines.accounted()).isEqualTo(10_000);
        assertThat(log.openWindows()).isZero();
    }

    @Test
    void theFirstFailureIsWrittenWithItsDetailAndTheRestOfTheWindowAsOneSummary() {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer);
        for (int i = 0; i < 5; i++) {
            log.failed(FailureKind.MALFORMED_FRAME, "10.0.0.9", "closing connection: garbage " + i, null);
        }
        assertThat(lines.all).extracting(Line::text).containsExactly("remoting of s: closing connection: garbage 0");

        timer.runAll();
        assertThat(lines.all).extracting(Line::text).containsExactly(
                "remoting of s: closing connection: garbage 0",
                "remoting of s: 4 more MALFORMED_FRAME from 10.0.0.9 in the last 10s");

        log.failed(FailureKind.MALFORMED_FRAME, "10.0.0.9", "closing connection: garbage 5", null);
        assertThat(lines.all).last().extracting(Line::text).isEqualTo("remoting of s: closing connection: garbage 5");
    }

    @Test
    void aWindowWithOnlyItsFirstFailureEndsWithoutASummary() {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer);
        log.failed(FailureKind.IDLE_TIMEOUT, "10.0.0.9", "closing connection: idle", null);
        timer.runAll();
        log.flush();
        assertThat(lines.all).hasSize(1);
        assertThat(log.openWindows()).isZero();
    }

    @Test
    void peersBeyondTheCapAreSummarisedUnderOtherPeers() {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer, Duration.ofSeconds(10), 4);
        for (int i = 0; i < 1_000; i++) {
            log.failed(FailureKind.MALFORMED_FRAME, "10.0." + (i / 250) + "." + (i % 250), "garbage " + i, null);
            assertThat(log.openWindows()).isLessThanOrEqualTo(4 + 1);
        }
        log.flush();

        // Four named peers with their first line, then the first failure of the others opens their shared window.
        assertThat(lines.detailLines()).hasSize(5);
        assertThat(lines.all).extracting(Line::text)
                .contains("remoting of s: 995 more MALFORMED_FRAME from other peers in the last 10s");
        assertThat(lines.accounted()).isEqualTo(1_000);
    }

    @Test
    void theWindowEndingByFlushAndByItsTimerWritesOneSummary() {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer);
        log.failed(FailureKind.MALFORMED_FRAME, "10.0.0.9", "garbage", null);
        log.failed(FailureKind.MALFORMED_FRAME, "10.0.0.9", "garbage", null);
        log.flush();
        timer.runAll();
        assertThat(lines.all).hasSize(2);
        assertThat(lines.accounted()).isEqualTo(2);
    }

    @Test
    void aStoppedTimerLeavesTheSummaryToTheFlush() {
        Lines lines = new Lines();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, (task, nanos) -> {
            throw new java.util.concurrent.RejectedExecutionException("stopped");
        });
        for (int i = 0; i < 3; i++) {
            log.failed(FailureKind.MALFORMED_FRAME, "10.0.0.9", "garbage", null);
        }
        log.flush();
        assertThat(lines.accounted()).isEqualTo(3);
    }

    /** Failures on four threads while a fifth ends windows as fast as it can: every failure is accounted once. */
    @Test
    void concurrentFailuresAndWindowEndsLoseNoFailure() throws Exception {
        Lines lines = new Lines();
        ManualTimer timer = new ManualTimer();
        ConnectionFailureLog log = new ConnectionFailureLog("s", lines, timer, Duration.ofSeconds(10), 3);
        int threads = 4;
        int perThread = 25_000;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicBoolean failed = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        log.failed(REASONS[i % REASONS.length], "10.0.0." + ((i + id) % 8), "bad", null);
                    }
                } catch (Throwable e) {
                    failed.set(true);
                } finally {
                    done.countDown();
                }
            }));
        }
        workers.forEach(Thread::start);
        start.countDown();
        while (!done.await(0, TimeUnit.MILLISECONDS)) {
            timer.runAll();
            Thread.onSpinWait();
        }
        timer.runAll();
        log.flush();

        assertThat(failed).isFalse();
        assertThat(lines.accounted()).isEqualTo((long) threads * perThread);
        assertThat(log.openWindows()).isZero();
    }

    record Line(FailureKind reason, String text) {
    }

    /** The lines written, and what they account for: one per detail line, N per summary. */
    static final class Lines implements ConnectionFailureLog.Sink {
        private static final Pattern SUMMARY = Pattern.compile(": (\\d+) more ([A-Z_]+) from .+ in the last \\S+$");
        final List<Line> all = new CopyOnWriteArrayList<>();

        @Override
        public void warn(FailureKind reason, String line, Throwable cause) {
            all.add(new Line(reason, line));
        }

        List<Line> detailLines() {
            return all.stream().filter(l -> !SUMMARY.matcher(l.text()).find()).toList();
        }

        long accounted() {
            return accountedByReason().values().stream().mapToLong(Long::longValue).sum();
        }

        Map<FailureKind, Long> accountedByReason() {
            Map<FailureKind, Long> n = new EnumMap<>(FailureKind.class);
            for (Line l : all) {
                Matcher m = SUMMARY.matcher(l.text());
                long count = m.find() ? Long.parseLong(m.group(1)) : 1;
                if (m.find(0)) {
                    assertThat(m.group(2)).isEqualTo(l.reason().name());
                }
                n.merge(l.reason(), count, Long::sum);
            }
            return n;
        }
    }

    /** Holds scheduled window ends until the test runs them. */
    static final class ManualTimer implements ConnectionFailureLog.Timer {
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

        @Override
        public void schedule(Runnable task, long delayNanos) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable r; (r = tasks.poll()) != null; ) {
                r.run();
            }
        }
    }
}
