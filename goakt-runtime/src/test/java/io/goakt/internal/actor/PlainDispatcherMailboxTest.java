package io.goakt.internal.actor;

import io.goakt.dispatch.Dispatcher;
import io.goakt.dispatch.Dispatchers;
import io.goakt.dispatch.KeepableTurn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mailbox on a dispatcher that implements only {@code execute}: the defaults of the {@link Dispatcher} contract
 * make it correct. Turns run one at a time and hold at most {@code throughput} messages; a dry turn goes idle at
 * once (nothing keeps it, nothing lingers); a busy mailbox queues its next turn behind the other mailboxes' turns.
 */
class PlainDispatcherMailboxTest {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final Dispatcher plain = Dispatchers.fromExecutor("plain", executor, true);

    @AfterEach
    void shutdown() {
        plain.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void theDefaultsNeverKeepLingerOrHandOff() {
        KeepableTurn turn = new KeepableTurn() {
            @Override
            public void run() {
            }

            @Override
            public void releaseKept() {
            }
        };
        assertThat(plain.keepDryTurn(turn)).isFalse();
        assertThat(plain.runsNext(turn)).isFalse();
        assertThat(plain.linger(() -> true)).as("no linger, even when work is there").isFalse();
        AtomicInteger ran = new AtomicInteger();
        plain.runTurn(ran::incrementAndGet);
        assertThat(ran).as("runTurn runs the turn on the calling thread").hasValue(1);
    }

    @Test
    void turnsRunOneAtATimeAndNoneHoldsMoreThanItsThroughput() {
        int throughput = 8;
        int senders = 4;
        int perSender = 5_000;
        AtomicInteger handled = new AtomicInteger();
        RecordingMailbox mailbox = new RecordingMailbox(plain, throughput, m -> handled.incrementAndGet());
        Thread[] threads = new Thread[senders];
        for (int s = 0; s < senders; s++) {
            threads[s] = new Thread(() -> {
                for (int i = 0; i < perSender; i++) {
                    mailbox.sendUser(i, null);
                }
            });
            threads[s].start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> handled.get() == senders * perSender);
        assertThat(mailbox.maxRunning).as("turns running at once").hasValue(1);
        assertThat(mailbox.batches.get()).as("turns of at most %d messages", throughput)
                .isGreaterThanOrEqualTo(senders * perSender / throughput);
        await().atMost(Duration.ofSeconds(10)).until(() -> !mailbox.scheduled());
    }

    @Test
    void aDryTurnGoesIdleAtOnceAndTheNextSendSchedulesAgain() {
        AtomicInteger handled = new AtomicInteger();
        RecordingMailbox mailbox = new RecordingMailbox(plain, 64, m -> handled.incrementAndGet());
        for (int round = 1; round <= 100; round++) {
            mailbox.sendUser(round, null);
            int expected = round;
            await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> handled.get() == expected && !mailbox.scheduled());
        }
        assertThat(mailbox.batches).as("one turn per message: none kept open for the next").hasValue(100);
    }

    @Test
    void aBusyMailboxQueuesItsNextTurnBehindTheOthers() throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        Dispatcher single = Dispatchers.fromExecutor("single", one, true);
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            int throughput = 5;
            RecordingMailbox busy = new RecordingMailbox(single, throughput, m -> log.add("busy " + m));
            RecordingMailbox quiet = new RecordingMailbox(single, throughput, m -> log.add("quiet " + m));
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch blocked = new CountDownLatch(1);
            one.execute(() -> {
                blocked.countDown();
                awaitQuietly(release);
            });
            assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 20; i++) {
                busy.sendUser(i, null); // the first send queues busy's turn behind the blocker
            }
            quiet.sendUser(0, null); // queued behind busy's first turn
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 21);
            assertThat(log.indexOf("quiet 0")).as("after one turn of busy, before its second").isEqualTo(throughput);
        } finally {
            single.shutdown(Duration.ofSeconds(10));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
