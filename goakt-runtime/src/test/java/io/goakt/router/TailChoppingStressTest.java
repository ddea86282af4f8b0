package io.goakt.router;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many concurrent requests through one tail-chopping router whose routees answer after random delays, fail at
 * random or never answer, on the system's real clock: every request gets exactly one outcome. No timing is asserted;
 * how many requests win, fail or time out depends on the machine's load, only the bookkeeping must add up.
 */
class TailChoppingStressTest {

    private static final int SENDERS = 4;
    private static final int REQUESTS_PER_SENDER = 500;
    private static final int ROUTEES = 4;

    private final ActorSystem system = ActorSystem.create("chop-stress");
    /** Asks each request id got, over all routees. */
    private final Map<Integer, AtomicInteger> asksPerRequest = new ConcurrentHashMap<>();
    /** Delayed replies a routee has scheduled and not yet sent. */
    private final AtomicInteger delayedReplies = new AtomicInteger();
    private final AtomicInteger outcomes = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    record Q(int id) {
    }

    record DelayedReply(ActorRef to, int id) {
    }

    /** Replies "ok-id" after 0-80 ms (70%), fails at once (15%), or never answers (15%). */
    private final class RandomRoutee implements Actor {
        private final SplittableRandom random = new SplittableRandom();
        private long timerKeys;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Q q) {
                asksPerRequest.computeIfAbsent(q.id(), k -> new AtomicInteger()).incrementAndGet();
                int dice = random.nextInt(100);
                if (dice < 70) {
                    delayedReplies.incrementAndGet();
                    ctx.scheduleOnce(timerKeys++, new DelayedReply(ctx.sender(), q.id()),
                            Duration.ofMillis(random.nextInt(81)));
                } else if (dice < 85) {
                    ctx.respond(new Status.Failure(new IllegalStateException("fail-" + q.id())));
                }
            } else if (m instanceof DelayedReply d) {
                d.to().tell("ok-" + d.id(), ctx.self());
                delayedReplies.decrementAndGet();
            } else if (m != PostStart.INSTANCE) {
                ctx.unhandled();
            }
        }
    }

    /** Sends its share of requests through the router and records each outcome by request id. */
    private final class Sender implements Actor {
        private final ActorRef router;
        private final int firstId;
        private final Map<String, Integer> seen = new ConcurrentHashMap<>();

        Sender(ActorRef router, int firstId) {
            this.router = router;
            this.firstId = firstId;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m == PostStart.INSTANCE) {
                for (int i = 0; i < REQUESTS_PER_SENDER; i++) {
                    router.tell(new Q(firstId + i), ctx.self());
                }
                return;
            }
            if ("flush".equals(m)) {
                ctx.respond("flushed");
                return;
            }
            if (m instanceof Status.Failure f && f.cause() instanceof AskTimeoutException) {
                timeouts.incrementAndGet();
            } else {
                String key = m instanceof Status.Failure f ? f.cause().getMessage() : (String) m;
                if (seen.merge(key.substring(key.indexOf('-') + 1), 1, Integer::sum) > 1) {
                    duplicates.incrementAndGet();
                }
            }
            outcomes.incrementAndGet();
        }
    }

    @Test
    void everyRequestGetsExactlyOneReplyOrOneFailureAndTheCountsAddUp() throws Exception {
        ActorRef router = system.spawn("tc", Routers.pool(ROUTEES, RandomRoutee::new,
                RoutingStrategy.tailChopping(Duration.ofMillis(150), Duration.ofMillis(20))), SpawnOptions.defaults());
        RoutingStrategiesTest.routees(router);
        for (int s = 0; s < SENDERS; s++) {
            int firstId = s * REQUESTS_PER_SENDER;
            system.spawn("sender-" + s, () -> new Sender(router, firstId), SpawnOptions.defaults());
        }
        int total = SENDERS * REQUESTS_PER_SENDER;

        await().atMost(Duration.ofSeconds(120)).until(() -> outcomes.get() >= total && delayedReplies.get() == 0);
        // Every routee has sent what it meant to; a round trip through each sender drains what is queued for it.
        for (int s = 0; s < SENDERS; s++) {
            system.lookup("sender-" + s).orElseThrow().ask("flush", Duration.ofSeconds(30))
                    .toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        assertThat(outcomes.get()).as("outcomes").isEqualTo(total);
        assertThat(duplicates.get()).as("requests answered twice").isZero();
        assertThat(asksPerRequest).hasSize(total);
        assertThat(asksPerRequest.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, ROUTEES));
        assertThat(asksPerRequest.values().stream().mapToInt(AtomicInteger::get).sum())
                .as("asks: failing and silent routees make the router ask further").isGreaterThan(total);
    }
}
