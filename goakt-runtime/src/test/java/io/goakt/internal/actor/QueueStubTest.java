package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The built-in queue's stub: an actor that has processed {@link ActorCell#STUB_AFTER_MESSAGES} messages keeps the
 * envelope it took last as its queue's stub instead of emptying the queue with a CAS; the stub is cleared, so it
 * keeps neither the message nor its sender alive. An actor that got only a few messages keeps no stub at all.
 */
class QueueStubTest {

    private LocalActorSystem system;

    @AfterEach
    void shutdown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /** A payload big enough to notice. */
    record Payload(byte[] bytes) {
    }

    /** Counts what it receives and releases a permit per message. */
    private static final class Counting implements Actor {
        final AtomicLong received = new AtomicLong();
        final Semaphore processed = new Semaphore(0);

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof io.goakt.actor.PostStart)) {
                received.incrementAndGet();
                processed.release();
            }
        }

        void awaitOne() throws InterruptedException {
            assertThat(processed.tryAcquire(10, TimeUnit.SECONDS)).as("a message processed").isTrue();
        }
    }

    @Test
    void aBusyActorKeepsAClearedStubThatRetainsNoMessage() throws InterruptedException {
        system = new LocalActorSystem("stub", ActorSystemConfig.defaults());
        Counting counting = new Counting();
        ActorRef ref = system.spawn("busy", counting);
        ActorCell cell = ((LocalActorRef) ref).cell;
        long n = ActorCell.STUB_AFTER_MESSAGES + 10;
        for (long i = 1; i <= n; i++) {
            ref.tell(i); // one at a time, so that every message empties the queue
            counting.awaitOne();
        }
        Payload last = new Payload(new byte[1 << 20]);
        WeakReference<Payload> lastRef = new WeakReference<>(last);
        ref.tell(last);
        last = null;
        counting.awaitOne();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cell.headTaken()).as("the queue keeps a stub").isTrue();
            assertThat(cell.headAcquire()).isNotNull();
            assertThat(cell.headAcquire().message()).as("the stub is cleared").isNull();
            assertThat(cell.headAcquire().sender()).isNull();
            assertThat(cell.hasLinked()).isFalse();
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            System.gc();
            return lastRef.get() == null;
        });

        // The stub serves the next message like any other.
        ref.tell("after");
        counting.awaitOne();
        assertThat(counting.received.get()).isEqualTo(n + 2);
    }

    @Test
    void anActorWithFewMessagesKeepsNoStub() throws InterruptedException {
        system = new LocalActorSystem("no-stub", ActorSystemConfig.defaults());
        Counting counting = new Counting();
        ActorRef ref = system.spawn("quiet", counting);
        ActorCell cell = ((LocalActorRef) ref).cell;
        ref.tell("one");
        counting.awaitOne();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(cell.headTaken()).isFalse();
            assertThat(cell.headAcquire()).isNull();
            assertThat(cell.tailVolatile()).as("emptied with a CAS").isNull();
        });
    }
}
