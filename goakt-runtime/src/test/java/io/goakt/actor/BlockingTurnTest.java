package io.goakt.actor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;

/**
 * A turn that blocks on the default dispatcher costs the pool one worker and nothing more: an actor it woke just
 * before blocking (held in its worker's hand-off slot, or kept by that worker) is run by another worker. Here actor
 * a tells b and then waits on a latch that only b counts down, which gets through only if b runs elsewhere.
 */
class BlockingTurnTest {

    record Go(ActorRef b, CountDownLatch latch, AtomicBoolean through) {
    }

    record CountDown(CountDownLatch latch) {
    }

    /** Tells b to count down, then blocks its worker until b has. */
    private static final class Waiter implements Actor {
        @Override
        public void receive(ReceiveContext ctx) throws InterruptedException {
            if (ctx.message() instanceof Go go) {
                go.b().tell(new CountDown(go.latch()), ctx.self());
                if (go.latch().await(60, TimeUnit.SECONDS)) {
                    go.through().set(true);
                }
            }
        }
    }

    private static final class Counter implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof CountDown c) {
                c.latch().countDown();
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void anActorThatBlocksOnWorkOfTheActorItJustToldGetsThrough(int parallelism) throws Exception {
        try (ActorSystem system = ActorSystem.create("blocking-turn",
                ActorSystemConfig.builder().parallelism(parallelism).build())) {
            ActorRef a = system.spawn("a", Waiter::new, SpawnOptions.defaults());
            ActorRef b = system.spawn("b", Counter::new, SpawnOptions.defaults());
            for (int round = 0; round < 20; round++) {
                CountDownLatch latch = new CountDownLatch(1);
                AtomicBoolean through = new AtomicBoolean();
                a.tell(new Go(b, latch, through));
                await().atMost(Duration.ofSeconds(30)).untilTrue(through);
            }
        }
    }
}
