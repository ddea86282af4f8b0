package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * The sending side of {@code tell} allocates the envelope and nothing else: counted in bytes on the sending thread
 * (HotSpot's per-thread allocation counter), which is exact and independent of timing.
 */
class TellAllocationTest {

    private final ActorSystem system = ActorSystem.create("alloc");

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void aTellAllocatesOnlyItsEnvelope() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "thread allocation accounting is off in this JVM");
        AtomicLong handled = new AtomicLong();
        ActorRef counter = system.spawnFromFunction("counter", ctx -> {
            if (ctx.message() instanceof Integer) {
                handled.incrementAndGet();
            }
        });
        Integer message = 1; // a cached box: the message itself costs nothing
        int warmUp = 200_000;
        for (int i = 0; i < warmUp; i++) {
            counter.tell(message);
        }
        long id = Thread.currentThread().getId();
        int n = 1_000_000;
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) {
            counter.tell(message);
        }
        long bytesPerTell = (threads.getThreadAllocatedBytes(id) - before) / n;
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == warmUp + n);
        // One envelope: 24 bytes with compressed oops (32 without). Anything more would be a leak on the hot path.
        assertThat(bytesPerTell).isLessThanOrEqualTo(32);
    }
}
