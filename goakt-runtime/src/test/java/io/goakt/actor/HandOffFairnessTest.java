package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker runs the actor a turn made runnable next, on the same thread (the hand-off slot). That must not let a
 * busy pair monopolise the worker: with a single thread, a third actor still gets its turn while the pair bounces.
 */
class HandOffFairnessTest {

    private final ActorSystem system = ActorSystem.create("handoff",
            ActorSystemConfig.builder().parallelism(1).build());

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    record Ball(long n) {
    }

    /**
     * Spawns a ping-pong pair; ping records each ball in {@code progress}, calls {@code beforeBounce} with it, and
     * counts {@code pairDone} down after {@code bounces}. Returns ping.
     */
    private ActorRef spawnPair(long bounces, AtomicLong progress, CountDownLatch pairDone, LongConsumer beforeBounce) {
        ActorRef[] pong = new ActorRef[1];
        ActorRef ping = system.spawnFromFunction("ping", ctx -> {
            if (ctx.message() instanceof Ball b) {
                progress.set(b.n());
                if (b.n() >= bounces) {
                    pairDone.countDown();
                    return;
                }
                beforeBounce.accept(b.n());
                pong[0].tell(new Ball(b.n() + 1), ctx.self());
            }
        });
        pong[0] = system.spawnFromFunction("pong", ctx -> {
            if (ctx.message() instanceof Ball b) {
                ctx.respond(b);
            }
        });
        return ping;
    }

    @Test
    void aPingPongPairCannotStarveAnotherActorOnTheSameWorker() throws Exception {
        long bounces = 5_000_000;
        AtomicLong progress = new AtomicLong();
        CountDownLatch pairDone = new CountDownLatch(1);
        ActorRef ping = spawnPair(bounces, progress, pairDone, n -> { });
        AtomicLong seenAt = new AtomicLong(-1);
        CountDownLatch thirdRan = new CountDownLatch(1);
        ActorRef third = system.spawnFromFunction("third", ctx -> {
            if ("hello".equals(ctx.message())) {
                seenAt.set(progress.get());
                thirdRan.countDown();
            }
        });
        ping.tell(new Ball(0));
        await().atMost(Duration.ofSeconds(30)).until(() -> progress.get() > 1_000);
        third.tell("hello");
        assertThat(thirdRan.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pairDone.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(seenAt.get()).as("the third actor ran while the pair was still bouncing")
                .isLessThan(bounces);
    }

    /**
     * The same with the third actor made runnable inside the pool: ping wakes it and then pong within one turn, so
     * pong takes the slot and the third actor waits in the worker's own queue, which the chain must not starve.
     */
    @Test
    void anActorWaitingInTheWorkersQueueGetsATurnWhileThePairBounces() throws Exception {
        long bounces = 5_000_000;
        AtomicLong progress = new AtomicLong();
        AtomicLong seenAt = new AtomicLong(-1);
        CountDownLatch thirdRan = new CountDownLatch(1);
        CountDownLatch pairDone = new CountDownLatch(1);
        ActorRef third = system.spawnFromFunction("third", ctx -> {
            if ("hello".equals(ctx.message())) {
                seenAt.set(progress.get());
                thirdRan.countDown();
            }
        });
        ActorRef ping = spawnPair(bounces, progress, pairDone, n -> {
            if (n == 1_000) {
                third.tell("hello"); // into the slot, then pushed to the worker's queue by pong's wake-up next
            }
        });
        ping.tell(new Ball(0));
        assertThat(thirdRan.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pairDone.await(120, TimeUnit.SECONDS)).isTrue();
        assertThat(seenAt.get()).as("the third actor ran while the pair was still bouncing")
                .isLessThan(bounces);
    }
}
