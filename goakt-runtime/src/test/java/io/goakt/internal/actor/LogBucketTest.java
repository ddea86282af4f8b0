package io.goakt.internal.actor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The token bucket that paces log lines, on a clock the test moves. */
class LogBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final LogBucket bucket = new LogBucket(3, 1_000_000_000L, now::get);

    @Test
    void grantsTheBurstThenCountsWhatItRefuses() {
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.acquire().suppressed()).isZero();
        }
        assertThat(bucket.acquire()).isSameAs(LogBucket.REFUSED_FIRST);
        assertThat(bucket.acquire()).isSameAs(LogBucket.REFUSED);
        assertThat(bucket.acquire()).isSameAs(LogBucket.REFUSED);
    }

    @Test
    void theNextGrantedLineCarriesTheRefusedCountAndItsSpan() {
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        bucket.acquire();
        now.addAndGet(400_000_000L);
        bucket.acquire();
        now.addAndGet(600_000_000L);
        LogBucket.Grant g = bucket.acquire();
        assertThat(g.granted()).isTrue();
        assertThat(g.suppressed()).isEqualTo(2);
        assertThat(g.sinceNanos()).isEqualTo(1_000_000_000L);
        assertThat(bucket.acquire()).as("one second earned one line").isSameAs(LogBucket.REFUSED_FIRST);
    }

    @Test
    void aQuietTimeRefillsNoMoreThanTheBurst() {
        for (int i = 0; i < 3; i++) {
            bucket.acquire();
        }
        now.addAndGet(60_000_000_000L);
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.acquire().granted()).isTrue();
        }
        assertThat(bucket.acquire().granted()).isFalse();
    }

    @Test
    void drainReportsTheRefusedCountOnce() {
        for (int i = 0; i < 5; i++) {
            bucket.acquire();
        }
        assertThat(bucket.drain().suppressed()).isEqualTo(2);
        assertThat(bucket.drain()).isNull();
        now.addAndGet(1_000_000_000L);
        assertThat(bucket.acquire().suppressed()).as("already reported").isZero();
    }
}
