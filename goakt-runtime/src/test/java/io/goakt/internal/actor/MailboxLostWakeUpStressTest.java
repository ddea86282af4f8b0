package io.goakt.internal.actor;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.Dispatchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "set idle, then re-check and reschedule" step of {@link Mailbox} (see its class comment): many senders hit a
 * mailbox in rounds, each round sent the moment the one before it was handled, so the sends race a turn that has
 * just found its queue empty and is going idle. A lost wake-up (a message queued with no turn scheduled) stalls its
 * round and fails the test; a duplicate shows as a message handled twice. Runs on the default fork-join dispatcher (hand-off,
 * kept turns, lingering) and on a plain executor (none of them).
 */
class MailboxLostWakeUpStressTest {

    private static final int SENDERS = 4;
    private static final int ROUNDS = 10_000;
    /** More than one, so a turn looks for a next message, finds none, and goes idle (the racy end). */
    private static final int THROUGHPUT = 4;
    /** Widens the window between a turn finding its queue empty and going idle. */
    private static final int END_OF_TURN_SPINS = 200;
    /** Far longer than a round takes, even on a loaded machine; only a lost wake-up runs into it. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(20);

    @Test
    void everyMessageIsHandledExactlyOnceOnTheForkJoinDispatcher() throws Exception {
        Dispatcher forkJoin = Dispatchers.forkJoin("lost-wake-up", 2, null);
        try {
            hammer(forkJoin);
        } finally {
            forkJoin.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void everyMessageIsHandledExactlyOnceOnAPlainExecutor() throws Exception {
        Dispatcher plain = Dispatchers.fromExecutor("lost-wake-up-plain", Executors.newFixedThreadPool(2), true);
        try {
            hammer(plain);
        } finally {
            plain.shutdown(Duration.ofSeconds(10));
        }
    }

    private static void hammer(Dispatcher dispatcher) throws Exception {
        AtomicIntegerArray seen = new AtomicIntegerArray(SENDERS * ROUNDS);
        AtomicLong handled = new AtomicLong();
        RecordingMailbox mailbox = new RecordingMailbox(dispatcher, THROUGHPUT, END_OF_TURN_SPINS, m -> {
            seen.incrementAndGet((Integer) m);
            handled.incrementAndGet();
        });
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                sends.add(senders.submit(() -> {
                    for (int r = 0; r < ROUNDS; r++) {
                        // Start a round the moment the last one is handled: the turn that handled it is then on its
                        // way to going idle, and these sends race its re-check.
                        awaitHandled(handled, (long) r * SENDERS, r);
                        mailbox.sendUser(r * SENDERS + sender, null);
                    }
                    awaitHandled(handled, (long) ROUNDS * SENDERS, ROUNDS);
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(handled.get()).isEqualTo((long) SENDERS * ROUNDS);
        for (int i = 0; i < seen.length(); i++) {
            assertThat(seen.get(i)).as("times message %d was handled", i).isEqualTo(1);
        }
        assertThat(mailbox.maxRunning).as("turns running at once").hasValue(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !mailbox.scheduled());
    }

    /**
     * Waits until {@code target} messages were handled. A round starts only once the one before it was handled, so a
     * message left behind by a lost wake-up stalls the test here (and fails it) instead of being picked up by the
     * next round's sends.
     */
    private static void awaitHandled(AtomicLong handled, long target, int round) {
        long deadline = System.nanoTime() + ROUND_TIMEOUT.toNanos();
        while (handled.get() < target) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("before round " + round + ": " + (target - handled.get())
                        + " message(s) queued and no turn scheduled (a lost wake-up)");
            }
            Thread.yield();
        }
    }
}
