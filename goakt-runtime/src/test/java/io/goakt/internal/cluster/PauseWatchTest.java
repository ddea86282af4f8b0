package io.goakt.internal.cluster;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class PauseWatchTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final PauseWatch watch = new PauseWatch(Duration.ofMillis(850), clock::get);

    @org.junit.jupiter.api.BeforeEach
    void start() {
        watch.start();
    }

    private void advance(long millis) {
        clock.addAndGet(Duration.ofMillis(millis).toNanos());
    }

    @Test
    void ticksOnTimeAreNoPause() {
        for (int i = 0; i < 10; i++) {
            advance(100);
            assertThat(watch.tick()).isZero();
            assertThat(watch.overdue()).isFalse();
        }
    }

    @Test
    void aGapLongerThanTheThresholdIsAPauseOfThatLengthAndOnlyOnce() {
        advance(100);
        watch.tick();

        advance(5_000);

        assertThat(watch.overdue()).as("before the first tick after the thaw").isTrue();
        assertThat(watch.tick()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(watch.overdue()).isFalse();
        advance(100);
        assertThat(watch.tick()).isZero();
    }

    @Test
    void aGapAtTheThresholdIsNoPause() {
        advance(850);

        assertThat(watch.overdue()).isFalse();
        assertThat(watch.tick()).isZero();
    }

    @Test
    void aMemberThatHasNotStartedWatchingIsNeverOverdue() {
        PauseWatch joining = new PauseWatch(Duration.ofMillis(850), clock::get);

        advance(5_000);

        assertThat(joining.overdue()).isFalse();
    }
}
