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
 * What the sending side of {@code tell} allocates, counted in bytes on the sending thread (HotSpot's per-thread
 * allocation counter), which is exact and independent of timing: nothing for a message that wakes an actor from
 * inside a turn, at most the pool's task for one that wakes it from outside the pool, and a share of a queue segment
 * (at most 32 bytes) while messages wait.
 */
class TellAllocationTest {

    private final ActorSystem system = ActorSystem.create("alloc");

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "thread allocation accounting is off in this JVM");
        return threads;
    }

    @Test
    void aTellFromATurnToAnIdleActorAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        AtomicLong handled = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        ActorRef counter = spawnCounter("counted", handled);
        Integer message = 1; // a cached box: the message itself costs nothing
        int warmUp = 20_000;
        int n = 20_000;
        AtomicLong relayed = new AtomicLong();
        ActorRef relay = system.spawnFromFunction("relay", ctx -> {
            if (ctx.message() instanceof Integer) {
                boolean counted = relayed.incrementAndGet() > warmUp;
                long before = threads.getCurrentThreadAllocatedBytes();
                counter.tell(message);
                long after = threads.getCurrentThreadAllocatedBytes();
                if (counted) {
                    bytes.addAndGet(after - before);
                }
            }
        });
        for (int i = 0; i < warmUp + n; i++) {
            relay.tell(message);
            waitFor(handled, i + 1); // the next tell finds the counter's queue empty again
        }
        // On a worker the woken actor goes to the worker's slot, which is empty at the start of every turn of the
        // relay: no task, no envelope. The bound leaves room for the rare allocation of the dispatcher's own.
        assertThat(bytes.get() / n).isLessThan(4);
    }

    @Test
    void aTellThatWakesAnIdleActorFromOutsideThePoolAllocatesAtMostOnePoolTask() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        AtomicLong handled = new AtomicLong();
        ActorRef counter = spawnCounter("one-at-a-time", handled);
        Integer message = 1; // a cached box: the message itself costs nothing
        int warmUp = 20_000;
        for (int i = 0; i < warmUp; i++) {
            counter.tell(message);
            waitFor(handled, i + 1);
        }
        int n = 20_000;
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            counter.tell(message);
            bytes += threads.getCurrentThreadAllocatedBytes() - before;
            waitFor(handled, warmUp + i + 1); // outside the count: the next tell finds the queue empty again
        }
        // The message goes to the queue's inline slot. Waking the actor costs nothing when a lingering worker catches
        // it, else one task for the pool's queue (24 bytes with compressed oops: a pool must never hold one task
        // object twice, see PoolSubmissionTest). An envelope on top would make 48; the bound leaves room for the rare
        // allocation of the dispatcher's own.
        assertThat(bytes / n).isLessThan(28);
    }

    /** An actor that counts the integers it gets in {@code handled}. */
    private ActorRef spawnCounter(String name, AtomicLong handled) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof Integer) {
                handled.incrementAndGet();
            }
        });
    }

    /** Spins until {@code handled} reaches {@code count}; allocates nothing, unlike a wait with a timeout. */
    private static void waitFor(AtomicLong handled, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (handled.get() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the actor handled " + handled.get() + " of " + count + " messages");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aTellAllocatesAtMostAShareOfAQueueSegment() {
        com.sun.management.ThreadMXBean threads = allocationCounter();
        AtomicLong handled = new AtomicLong();
        ActorRef counter = spawnCounter("counter", handled);
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
        // Two references a message in a segment, plus the segment's share: about 9 bytes in a long backlog, at most 32
        // when the queue keeps emptying after two messages (compressed oops). Anything more would be a leak on the
        // hot path.
        assertThat(bytesPerTell).isLessThanOrEqualTo(32);
    }
}
