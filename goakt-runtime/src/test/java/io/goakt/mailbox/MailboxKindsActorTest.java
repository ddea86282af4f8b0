package io.goakt.mailbox;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.MailboxFullException;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The mailbox kinds seen through the public actor API. Each actor is held inside its {@code PostStart} handling
 * (the {@code PostStart} envelope has then left the queue) so that a batch queues up before it is processed.
 */
class MailboxKindsActorTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    record Job(int priority, String id) {
    }

    private ActorSystem system;
    private final CountDownLatch inPostStart = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final List<Object> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("mailbox-kinds");
    }

    @AfterEach
    void tearDown() {
        gate.countDown();
        system.shutdown(Duration.ofSeconds(10));
    }

    /** An actor that waits at the gate while handling PostStart, then records every message (and its sender). */
    private ActorRef spawnGated(String name, MailboxFactory mailbox, boolean recordSender) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                inPostStart.countDown();
                assertThat(gate.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } else {
                received.add(recordSender ? ctx.sender().name() + ":" + ctx.message() : ctx.message());
            }
        }, SpawnOptions.builder().mailbox(mailbox).build());
    }

    private void awaitInPostStart() throws InterruptedException {
        assertThat(inPostStart.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aPriorityMailboxActorProcessesAQueuedBatchInPriorityOrder() throws Exception {
        // Anything that is not a Job (the runtime's own messages) goes first.
        Comparator<Object> byPriority = Comparator.comparingInt(m -> m instanceof Job j ? j.priority() : Integer.MIN_VALUE);
        ActorRef ref = spawnGated("prioritised", MailboxFactory.priority(byPriority), false);
        awaitInPostStart();
        List<Job> batch = List.of(new Job(5, "e"), new Job(3, "c1"), new Job(9, "i"), new Job(1, "a"),
                new Job(3, "c2"), new Job(7, "g"), new Job(3, "c3"));
        batch.forEach(ref::tell);
        gate.countDown();
        await().atMost(LONG).until(() -> received.size() == batch.size());
        assertThat(received).extracting(m -> ((Job) m).id())
                .containsExactly("a", "c1", "c2", "c3", "e", "g", "i");
    }

    @Test
    void aBoundedMailboxActorRefusesWhenFullAndTheTimedTellSucceedsOnceItDrains() throws Exception {
        ActorRef ref = spawnGated("bounded", MailboxFactory.bounded(3), false);
        awaitInPostStart();
        ref.tell(1);
        ref.tell(2);
        ref.tell(3);
        assertThatThrownBy(() -> ref.tell(4)).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("/user/bounded").hasMessageContaining("capacity 3");
        assertThatThrownBy(() -> ref.tell(5, null, Duration.ofMillis(20))).isInstanceOf(MailboxFullException.class);

        CompletableFuture<Void> timedTell = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                ref.tell(6, null, LONG);
                timedTell.complete(null);
            } catch (Throwable e) {
                timedTell.completeExceptionally(e);
            }
        });
        waiter.start();
        await().atMost(LONG).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        assertThat(timedTell).isNotDone();

        gate.countDown(); // the actor drains; the waiting tell gets room
        timedTell.get(LONG.toSeconds(), TimeUnit.SECONDS);
        await().atMost(LONG).until(() -> received.size() == 4);
        assertThat(received).containsExactly(1, 2, 3, 6);
        assertThat(system.inspect("bounded").orElseThrow().mailboxSize()).isZero();
    }

    @Test
    void aFairMailboxActorServesALightSenderWhileAHeavyOneFloods() throws Exception {
        ActorRef heavy = system.spawnFromFunction("heavy", ctx -> { });
        ActorRef light = system.spawnFromFunction("light", ctx -> { });
        ActorRef ref = spawnGated("fair", MailboxFactory.fair(), true);
        awaitInPostStart();
        int flood = 10_000;
        for (int i = 0; i < flood; i++) {
            ref.tell(i, heavy);
        }
        for (int i = 0; i < 10; i++) {
            ref.tell(i, light);
        }
        gate.countDown();
        await().atMost(LONG).until(() -> received.size() == flood + 10);
        List<Integer> lightPositions = new ArrayList<>();
        List<Object> lightMessages = new ArrayList<>();
        int heavyNext = 0;
        for (int position = 0; position < received.size(); position++) {
            String m = (String) received.get(position);
            if (m.startsWith("light:")) {
                lightPositions.add(position);
                lightMessages.add(m);
            } else {
                assertThat(m).isEqualTo("heavy:" + heavyNext++); // the heavy sender's order is kept
            }
        }
        assertThat(lightMessages).containsExactly("light:0", "light:1", "light:2", "light:3", "light:4",
                "light:5", "light:6", "light:7", "light:8", "light:9");
        assertThat(lightPositions.get(9)).as("messages processed before the light sender was fully served")
                .isLessThan(20);
    }
}
