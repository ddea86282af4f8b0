package io.goakt.mailbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Round-robin between senders, per-sender order, and lane clean-up of {@link FairMessageQueue}. */
class FairMessageQueueTest {

    record Msg(String from, int seq) {
    }

    private static void send(MessageQueue q, String from, int count) {
        for (int i = 0; i < count; i++) {
            q.offer(new Envelope(new Msg(from, i), from));
        }
    }

    @Test
    void sendersAreServedInTurns() {
        MessageQueue q = MailboxFactory.fair().create();
        send(q, "a", 3);
        send(q, "b", 3);
        send(q, "c", 3);
        List<String> order = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            Msg m = (Msg) e.message();
            order.add(m.from() + m.seq());
        }
        assertThat(order).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
    }

    @Test
    void envelopesWithoutASenderShareOneLane() {
        MessageQueue q = MailboxFactory.fair().create();
        q.offer(new Envelope("n0", null));
        q.offer(new Envelope("n1", null));
        q.offer(new Envelope("s0", "s"));
        List<Object> order = new ArrayList<>();
        for (Envelope e; (e = q.poll()) != null; ) {
            order.add(e.message());
        }
        assertThat(order).containsExactly("n0", "s0", "n1");
    }

    /** The starvation case: a sender with 100k queued messages must not delay 10 from another sender. */
    @Test
    void aFloodingSenderDoesNotStarveALightOne() {
        MessageQueue q = MailboxFactory.fair().create();
        send(q, "heavy", 100_000);
        send(q, "light", 10);
        List<Integer> lightPositions = new ArrayList<>();
        int lightNext = 0;
        for (int position = 0; ; position++) {
            Envelope e = q.poll();
            if (e == null) {
                break;
            }
            Msg m = (Msg) e.message();
            if (m.from().equals("light")) {
                assertThat(m.seq()).isEqualTo(lightNext++);
                lightPositions.add(position);
            }
        }
        assertThat(lightPositions).hasSize(10);
        assertThat(lightPositions.get(9)).as("polls before the light sender was fully served").isLessThan(20);
    }

    /** The same while the heavy sender keeps flooding from another thread as the consumer polls. */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aLightSenderIsServedWithinAFewPollsWhileAHeavyOneFloodsConcurrently() throws Exception {
        FairMessageQueue q = new FairMessageQueue();
        CountDownLatch floodUnderWay = new CountDownLatch(1);
        CompletableFuture<Void> heavy = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 200_000; i++) {
                q.offer(new Envelope(new Msg("heavy", i), "heavy"));
                if (i == 20_000) {
                    floodUnderWay.countDown();
                }
            }
        });
        assertThat(floodUnderWay.await(30, TimeUnit.SECONDS)).isTrue();
        send(q, "light", 10); // all queued once this returns: the positions below count from here
        int[] heavyNext = {0};
        int lightSeen = 0;
        int polls = 0;
        while (lightSeen < 10) {
            Envelope e = q.poll();
            polls++;
            if (e == null) {
                continue;
            }
            Msg m = (Msg) e.message();
            if (m.from().equals("light")) {
                assertThat(m.seq()).isEqualTo(lightSeen++);
            } else {
                assertThat(m.seq()).isEqualTo(heavyNext[0]++);
            }
            assertThat(polls).as("polls until the light sender was fully served").isLessThanOrEqualTo(40);
        }
        heavy.get(30, TimeUnit.SECONDS);
    }

    @Test
    void drainedLanesAreDropped() {
        FairMessageQueue q = new FairMessageQueue();
        for (int s = 0; s < 1_000; s++) {
            q.offer(new Envelope(s, "sender-" + s));
        }
        assertThat(q.activeSenders()).isEqualTo(1_000);
        for (int i = 0; i < 999; i++) {
            q.poll();
        }
        assertThat(q.activeSenders()).isEqualTo(1);
        q.poll();
        assertThat(q.activeSenders()).isZero();
        // A sender that comes back gets a fresh lane and is served.
        q.offer(new Envelope("again", "sender-7"));
        assertThat(q.activeSenders()).isEqualTo(1);
        assertThat(q.poll().message()).isEqualTo("again");
        assertThat(q.activeSenders()).isZero();
    }
}
