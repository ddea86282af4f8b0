package io.goakt.router;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many sender threads against one router while another thread resizes the pool up and down: every message is
 * handled exactly once, and each routee sees each sender's messages in send order.
 */
class RouterStressTest {

    private static final int SENDERS = 6;
    private static final int PER_SENDER = 25_000;
    private static final long TOTAL = (long) SENDERS * PER_SENDER;

    record Msg(int sender, int seq) {
    }

    /** Shared by every routee of one run; all of it thread-safe. */
    static final class Tally {
        final ConcurrentHashMap<Long, Boolean> seen = new ConcurrentHashMap<>();
        final LongAdder handled = new LongAdder();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
    }

    /** Checks per-sender order locally; records each message id globally. */
    static final class Counting implements Actor {
        private final Tally tally;
        private final int[] lastSeq = new int[SENDERS];

        Counting(Tally tally) {
            this.tally = tally;
            java.util.Arrays.fill(lastSeq, -1);
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() == PostStart.INSTANCE) {
                return;
            }
            Msg m = (Msg) ctx.message();
            if (m.seq() <= lastSeq[m.sender()]) {
                tally.outOfOrder.incrementAndGet();
            }
            lastSeq[m.sender()] = m.seq();
            if (tally.seen.putIfAbsent(((long) m.sender() << 32) | m.seq(), Boolean.TRUE) != null) {
                tally.duplicates.incrementAndGet();
            }
            tally.handled.increment();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"roundRobin", "random", "consistentHashing"})
    void everyMessageIsHandledExactlyOnceUnderLoadAndResizes(String strategyName) throws Exception {
        RoutingStrategy strategy = switch (strategyName) {
            case "roundRobin" -> RoutingStrategy.roundRobin();
            case "random" -> RoutingStrategy.random();
            default -> RoutingStrategy.consistentHashing(m -> ((Msg) m).seq() % 97);
        };
        ActorSystem system = ActorSystem.create("router-stress");
        ExecutorService pool = Executors.newFixedThreadPool(SENDERS + 1);
        try {
            Tally tally = new Tally();
            ActorRef router = system.spawn("router", Routers.pool(4, () -> new Counting(tally), strategy),
                    SpawnOptions.defaults());
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int sender = s;
                senders.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_SENDER; i++) {
                        router.tell(new Msg(sender, i));
                    }
                    return null;
                }));
            }
            Future<?> resizer = pool.submit(() -> {
                start.await();
                for (int round = 0; round < 40; round++) {
                    router.tell(new Resize(1 + round % 8)); // 1..8, shrinking from 8 to 1 each cycle
                }
                router.tell(new Resize(4));
                return null;
            });
            start.countDown();
            for (Future<?> f : senders) {
                f.get(60, TimeUnit.SECONDS);
            }
            resizer.get(60, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> tally.handled.sum() >= TOTAL);
            assertThat(tally.handled.sum()).isEqualTo(TOTAL);
            assertThat(tally.seen).hasSize((int) TOTAL);
            assertThat(tally.duplicates.get()).isZero();
            assertThat(tally.outOfOrder.get()).isZero();
            assertThat(system.deadLetterCount()).as("no message lost to a retired routee").isZero();
            List<ActorRef> routees = RoutingStrategiesTest.routees(router);
            assertThat(routees).hasSize(4);
            // Retired routees drain and stop; only the routees in rotation remain as children.
            await().atMost(Duration.ofSeconds(30)).until(() -> system.actorCount() == 1 + 4);
        } finally {
            pool.shutdownNow();
            system.shutdown(Duration.ofSeconds(30));
        }
    }
}
