package io.goakt.actor;

import io.goakt.dispatch.WheelScheduler;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.mailbox.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A {@code tell} or {@code ask} to an actor whose bounded mailbox is full. */
class FullMailboxTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private void start() {
        system = ActorSystem.create("full-mailbox");
    }

    /** A minimal bounded queue for these tests; the real bounded mailbox has its own suite. */
    static final class SmallQueue implements MessageQueue {
        final ArrayBlockingQueue<Envelope> q;

        SmallQueue(int capacity) {
            q = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public boolean offer(Envelope envelope) {
            return q.offer(envelope);
        }

        @Override
        public boolean offer(Envelope envelope, long timeout, TimeUnit unit) throws InterruptedException {
            return q.offer(envelope, timeout, unit);
        }

        @Override
        public int capacity() {
            return q.remainingCapacity() + q.size();
        }

        @Override
        public Envelope poll() {
            return q.poll();
        }

        @Override
        public boolean hasMessages() {
            return !q.isEmpty();
        }

        @Override
        public int size() {
            return q.size();
        }
    }

    @Test
    void tellToAFullBoundedMailboxFailsFastAndTheTimedTellWaitsForRoom() throws Exception {
        system = ActorSystem.create("bounded");
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        MailboxFactory small = () -> new SmallQueue(3);
        ActorRef ref = system.spawn("small", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                gate.await(10, TimeUnit.SECONDS);
            } else {
                got.add(ctx.message());
            }
        }), SpawnOptions.builder().mailbox(small).build());
        // PostStart is being handled (the actor waits at the gate); the queue has room for three.
        await().atMost(Duration.ofSeconds(10)).until(() -> system.inspect("small").orElseThrow().mailboxSize() == 0);
        ref.tell(1);
        ref.tell(2);
        ref.tell(3);
        assertThatThrownBy(() -> ref.tell(4)).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("/user/small").hasMessageContaining("capacity 3");
        assertThatThrownBy(() -> ref.tell(5, null, Duration.ofMillis(50))).isInstanceOf(MailboxFullException.class);
        Thread waiter = new Thread(() -> {
            try {
                ref.tell(6, null, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        gate.countDown(); // the actor drains, the waiting tell gets room
        waiter.join(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 4);
        assertThat(got).containsExactly(1, 2, 3, 6);
    }

    /**
     * An ask whose send throws (a full bounded mailbox) cancels its timeout at once: the caller has the exception and
     * nothing can complete the ask, so no timer stays armed in the scheduler until it runs out.
     */
    @Test
    void askThatCannotBeSentLeavesNoTimeoutBehind() {
        start();
        MessageQueue full = new MessageQueue() {
            @Override
            public boolean offer(Envelope envelope) {
                return false;
            }

            @Override
            public Envelope poll() {
                return null;
            }

            @Override
            public boolean hasMessages() {
                return false;
            }

            @Override
            public int size() {
                return 0;
            }
        };
        ActorRef ref = system.spawnFromFunction("full", c -> { }, SpawnOptions.builder().mailbox(() -> full).build());
        WheelScheduler wheel = (WheelScheduler) system.scheduler();
        await().atMost(Duration.ofSeconds(10)).until(() -> wheel.pending() == 0);

        assertThatThrownBy(() -> ref.ask("hello", Duration.ofHours(1))).isInstanceOf(MailboxFullException.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> wheel.pending() == 0);
    }
}
