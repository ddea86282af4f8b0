package io.goakt.actor;

import io.goakt.eventstream.ActorFailed;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The "already stashed" mark lives in the mailbox's status word, which senders CAS concurrently: under many senders a
 * stash of each new message is never refused, and every message is handled exactly once after its unstash.
 */
class StashOnceStressTest {

    private static final int SENDERS = 4;
    private static final int PER_SENDER = 5_000;

    private final ActorSystem system = ActorSystem.create("stash-stress");

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    @Test
    void underConcurrentSendersEveryMessageIsStashedOnceAndHandledOnce() throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(ActorFailed.class, e -> failures.add(e.cause()));
        ActorRef ref = system.spawn("stasher", () -> new Actor() {
            private final Set<Integer> stashedOnce = new HashSet<>();
            private int handled;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if (m instanceof Integer i) {
                    if (i % 2 == 0 && stashedOnce.add(i)) {
                        ctx.stash();
                        if (ctx.stashSize() >= 50) {
                            ctx.unstashAll();
                        }
                    } else {
                        handled++;
                    }
                } else if ("flush".equals(m)) {
                    ctx.unstashAll();
                } else if ("count".equals(m)) {
                    ctx.respond(handled);
                }
            }
        }, SpawnOptions.defaults());
        CountDownLatch start = new CountDownLatch(1);
        Thread[] senders = new Thread[SENDERS];
        for (int s = 0; s < SENDERS; s++) {
            int base = s * PER_SENDER;
            senders[s] = new Thread(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < PER_SENDER; i++) {
                    ref.tell(base + i);
                }
            });
            senders[s].start();
        }
        start.countDown();
        for (Thread t : senders) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        // Order holds per sender only: with the senders spread over lanes, a flush from this thread may be handled
        // before some of their messages, which are then stashed after it. So every poll flushes again.
        int[] last = new int[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ref.tell("flush");
            last[0] = (Integer) ref.ask("count", Duration.ofSeconds(30)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            assertThat(last[0]).as("messages handled").isLessThanOrEqualTo(SENDERS * PER_SENDER);
            return last[0] == SENDERS * PER_SENDER;
        });
        assertThat(failures).isEmpty();
    }
}
