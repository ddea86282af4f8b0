package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.mailbox.MailboxFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A sender descheduled in the middle of its enqueue (between its claim of a queue position and the store of its
 * message there) must not hold the dispatcher thread: the actor's turn gives way and other actors keep running.
 * The stall is built by hand through the mailbox's own queue accessors, on a one-thread dispatcher, where a turn
 * that waited for the sender would stop everything.
 */
class StalledSenderTest {

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /** Records the strings it gets. */
    private static final class Recorder implements Actor {
        final List<Object> got = new CopyOnWriteArrayList<>();

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof String s) {
                got.add(s);
            }
        }
    }

    @Test
    void otherActorsRunWhileASenderIsStalledAndNothingIsLostOrReordered() throws Exception {
        system = new LocalActorSystem("stalled-sender", ActorSystemConfig.builder().parallelism(1).build());
        Recorder stalledRecorder = new Recorder();
        ActorRef stalled = system.spawnInstance("stalled", stalledRecorder); // the test reads this instance's record
        CountDownLatch otherGot = new CountDownLatch(1);
        ActorRef other = system.spawn("other", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if ("ping".equals(ctx.message())) {
                    otherGot.countDown();
                }
            }
        });
        ActorCell cell = ((LocalActorRef) stalled).cell;
        assertThat(cell.isCustomQueue()).as("the default mailbox keeps its queue inside the cell").isFalse();
        await().atMost(Duration.ofSeconds(10)).until(() -> !cell.hasUserWork());

        // A sender claims the first position of the empty queue (the inline slot), and stalls before storing there.
        assertThat(cell.claimsGetAndIncrement() & 0xFFFF_FFFFL).isZero();
        // Another sender queues behind it and schedules the actor, whose turn now meets the stalled message.
        try {
            stalled.tell("second");
            other.tell("ping");

            assertThat(otherGot.await(10, TimeUnit.SECONDS))
                    .as("the only dispatcher thread is not stuck waiting for the stalled sender").isTrue();
            assertThat(stalledRecorder.got).as("nothing overtakes the stalled message").isEmpty();
        } finally {
            cell.inlineSender(null); // the stalled sender's stores
            cell.inlineMessageRelease("first");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stalledRecorder.got.size() == 2);
        assertThat(stalledRecorder.got).containsExactly("first", "second");
    }

    @Test
    void onlyTheDefaultMailboxLivesInTheCell() {
        system = new LocalActorSystem("inline-queue", ActorSystemConfig.defaults());
        ActorRef plain = system.spawn("plain", Recorder::new);
        ActorRef bounded = system.spawn("bounded", Recorder::new,
                SpawnOptions.builder().mailbox(MailboxFactory.bounded(8)).build());
        assertThat(MailboxFactory.unbounded()).isSameAs(MailboxFactory.unbounded());
        assertThat(((LocalActorRef) plain).cell.isCustomQueue()).isFalse();
        assertThat(((LocalActorRef) bounded).cell.isCustomQueue()).isTrue();
        assertThat(((LocalActorRef) bounded).cell.queueCapacity()).isEqualTo(8);
        assertThat(((LocalActorRef) plain).cell.queueCapacity()).isEqualTo(Integer.MAX_VALUE);
    }
}
