package io.goakt.actor;

import io.goakt.testsupport.ManualScheduler;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stress tests with invariants in the spirit of jcstress: many threads, many iterations, and after each run an exact
 * account of every message (processed once, or reported as a dead letter), per-sender order, and lifecycle counts.
 */
class ConcurrencyStressTest {

    private static final int SENDERS = 8;

    private ActorSystem system;
    private ExecutorService pool;

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (system != null && system.isRunning()) {
            system.shutdown(Duration.ofSeconds(30));
        }
    }

    record Msg(int sender, int seq) {
    }

    /** Checks per-sender order and counts; reports a violation instead of throwing inside the actor. */
    static final class OrderChecker implements Actor {
        final int[] last;
        final AtomicLong processed;
        final AtomicInteger violations;

        OrderChecker(int senders, AtomicLong processed, AtomicInteger violations) {
            this.last = new int[senders];
            java.util.Arrays.fill(last, -1);
            this.processed = processed;
            this.violations = violations;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Msg m) {
                if (m.seq() <= last[m.sender()]) {
                    violations.incrementAndGet();
                }
                last[m.sender()] = m.seq();
                processed.incrementAndGet();
            }
        }
    }

    @Test
    void manySendersOneActorLoseNothingDuplicateNothingAndKeepOrderPerSender() throws Exception {
        system = ActorSystem.create("stress-one");
        pool = Executors.newFixedThreadPool(SENDERS);
        AtomicLong processed = new AtomicLong();
        AtomicInteger violations = new AtomicInteger();
        ActorRef target = system.spawn("target", () -> new OrderChecker(SENDERS, processed, violations));
        int perSender = 100_000;
        CyclicBarrier start = new CyclicBarrier(SENDERS);
        List<Future<?>> sends = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int id = s;
            sends.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perSender; i++) {
                    target.tell(new Msg(id, i));
                }
                return null;
            }));
        }
        for (Future<?> f : sends) {
            f.get(60, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.get() == (long) SENDERS * perSender);
        assertThat(violations).hasValue(0);
        assertThat(system.deadLetterCount()).isZero();
        assertThat(system.inspect("target").orElseThrow().processedCount())
                .isEqualTo((long) SENDERS * perSender); // PostStart is not counted
    }

    @Test
    void noLostWakeUpWhenSendersRaceAnActorGoingIdle() throws Exception {
        system = ActorSystem.create("stress-wakeup", ActorSystemConfig.builder().throughput(1).build());
        pool = Executors.newFixedThreadPool(4);
        AtomicLong processed = new AtomicLong();
        ActorRef target = system.spawnFromFunction("target", ctx -> {
            if (ctx.message() instanceof Integer) {
                processed.incrementAndGet();
            }
        });
        int rounds = 20_000;
        CyclicBarrier barrier = new CyclicBarrier(4);
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            sends.add(pool.submit(() -> {
                for (int r = 0; r < rounds; r++) {
                    barrier.await(30, TimeUnit.SECONDS); // all four hit the mailbox at the same moment
                    target.tell(r);
                }
                return null;
            }));
        }
        for (Future<?> f : sends) {
            f.get(120, TimeUnit.SECONDS);
        }
        // A lost wake-up leaves messages queued with nobody scheduled: the count would stall below the total.
        await().atMost(Duration.ofSeconds(60)).until(() -> processed.get() == 4L * rounds);
    }

    @Test
    void manyActorsManySendersExactTotals() throws Exception {
        system = ActorSystem.create("stress-many");
        pool = Executors.newFixedThreadPool(4);
        int actors = 2_000;
        AtomicLongArray counts = new AtomicLongArray(actors);
        ActorRef[] refs = new ActorRef[actors];
        for (int i = 0; i < actors; i++) {
            int idx = i;
            refs[i] = system.spawnFromFunction("a" + i, ctx -> {
                if (ctx.message() instanceof Integer) {
                    counts.incrementAndGet(idx);
                }
            });
        }
        int perThread = 200_000;
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            sends.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    refs[(i + offset) % actors].tell(i);
                }
            }));
        }
        for (Future<?> f : sends) {
            f.get(60, TimeUnit.SECONDS);
        }
        long expectedEach = 4L * perThread / actors;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            for (int i = 0; i < actors; i++) {
                if (counts.get(i) != expectedEach) {
                    return false;
                }
            }
            return true;
        });
    }

    @Test
    void restartsUnderLoadLoseOnlyTheFailedMessagesAndReportEachOfThem() throws Exception {
        system = ActorSystem.create("stress-restart");
        pool = Executors.newFixedThreadPool(4);
        AtomicLong processed = new AtomicLong();
        AtomicInteger violations = new AtomicInteger();
        AtomicInteger instances = new AtomicInteger();
        AtomicLong failedDeadLetters = new AtomicLong();
        system.eventStream().subscribe(DeadLetter.class, dl -> {
            if (dl.reason() == DeadLetter.Reason.FAILED) {
                failedDeadLetters.incrementAndGet();
            }
        });
        int senders = 4;
        int[] lastSeen = new int[senders];
        java.util.Arrays.fill(lastSeen, -1);
        // The per-sender order state lives outside the instance so it survives restarts.
        ActorRef target = system.spawn("flaky", () -> {
            instances.incrementAndGet();
            return Actors.fromFunction(ctx -> {
                if (ctx.message() instanceof Msg m) {
                    if (m.seq() <= lastSeen[m.sender()]) {
                        violations.incrementAndGet();
                    }
                    lastSeen[m.sender()] = m.seq();
                    if (m.seq() % 97 == 0) {
                        throw new IllegalStateException("fail on " + m);
                    }
                    processed.incrementAndGet();
                }
            });
        }, SpawnOptions.builder().supervisor(SupervisorStrategy.defaultStrategy()).build());
        int perSender = 50_000;
        List<Future<?>> sends = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int id = s;
            sends.add(pool.submit(() -> {
                for (int i = 0; i < perSender; i++) {
                    target.tell(new Msg(id, i));
                }
            }));
        }
        for (Future<?> f : sends) {
            f.get(60, TimeUnit.SECONDS);
        }
        long failing = (long) senders * ((perSender - 1) / 97 + 1);
        long total = (long) senders * perSender;
        await().atMost(Duration.ofSeconds(60))
                .until(() -> processed.get() + failedDeadLetters.get() == total);
        assertThat(failedDeadLetters.get()).isEqualTo(failing);
        assertThat(processed.get()).isEqualTo(total - failing);
        assertThat(violations).hasValue(0);
        assertThat(instances.get()).isEqualTo((int) failing + 1);
    }

    @Test
    void shutdownUnderLoadAccountsForEveryMessageAndRunsEachPostStopOnce() throws Exception {
        system = ActorSystem.create("stress-shutdown");
        pool = Executors.newFixedThreadPool(4);
        int actors = 200;
        AtomicLong processed = new AtomicLong();
        AtomicInteger postStops = new AtomicInteger();
        ActorRef[] refs = new ActorRef[actors];
        for (int i = 0; i < actors; i++) {
            refs[i] = system.spawn("s" + i, () -> new Actor() {
                @Override
                public void preStart(Context ctx) {
                    ctx.spawnChild("child", () -> Actors.fromFunction(c -> processed.incrementAndGet()));
                }

                @Override
                public void receive(ReceiveContext ctx) {
                    if (ctx.message() instanceof Integer) {
                        processed.incrementAndGet();
                    }
                }

                @Override
                public void postStop(Context ctx) {
                    postStops.incrementAndGet();
                }
            });
        }
        long children = actors; // each child also counts its own PostStart in `processed`
        await().atMost(Duration.ofSeconds(30)).until(() -> processed.get() == children);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong sent = new AtomicLong();
        CountDownLatch sending = new CountDownLatch(4);
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int offset = t;
            sends.add(pool.submit(() -> {
                sending.countDown();
                for (int i = 0; !stop.get() && i < 5_000_000; i++) {
                    refs[(i + offset) % actors].tell(i);
                    sent.incrementAndGet();
                }
            }));
        }
        sending.await();
        await().atMost(Duration.ofSeconds(30)).until(() -> sent.get() > 100_000);
        system.shutdown(Duration.ofSeconds(30));
        stop.set(true);
        for (Future<?> f : sends) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(postStops).hasValue(actors);
        // Every tell was either handled or became a dead letter; nothing vanished.
        assertThat(processed.get() - children + system.deadLetterCount()).isEqualTo(sent.get());
    }

    @Test
    void concurrentWatchersEachGetExactlyOneTerminated() throws Exception {
        system = ActorSystem.create("stress-watch");
        for (int round = 0; round < 50; round++) {
            ActorRef target = system.spawnFromFunction("target-" + round, ctx -> { });
            int watchers = 20;
            AtomicInteger terminated = new AtomicInteger();
            CountDownLatch allWatching = new CountDownLatch(watchers);
            List<ActorRef> ws = new ArrayList<>();
            for (int w = 0; w < watchers; w++) {
                ws.add(system.spawnFromFunction("w-" + round + "-" + w, ctx -> {
                    if (ctx.message() == PostStart.INSTANCE) {
                        ctx.watch(target);
                        allWatching.countDown();
                    } else if (ctx.message() instanceof Terminated t && t.actor().equals(target)) {
                        terminated.incrementAndGet();
                    }
                }));
            }
            if (round % 2 == 0) {
                assertThat(allWatching.await(10, TimeUnit.SECONDS)).isTrue();
            }
            // Odd rounds: the stop races the watches; each watcher must still hear exactly once.
            system.stop(target).toCompletableFuture().get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> terminated.get() >= watchers);
            for (ActorRef w : ws) {
                system.stop(w).toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(terminated).hasValue(watchers);
        }
    }

    @Test
    void concurrentAsksAllCompleteAndLeaveNoTimeoutsBehind() throws Exception {
        ManualScheduler time = new ManualScheduler();
        system = ActorSystem.create("stress-ask", ActorSystemConfig.builder().scheduler(time).build());
        pool = Executors.newFixedThreadPool(4);
        ActorRef echo = system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Integer i) {
                ctx.respond(i + 1);
            }
        });
        List<Future<Long>> results = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            results.add(pool.submit(() -> {
                long sum = 0;
                List<CompletableFuture<Object>> batch = new ArrayList<>();
                for (int i = 0; i < 20_000; i++) {
                    batch.add(echo.ask(i, Duration.ofMinutes(1)).toCompletableFuture());
                    if (batch.size() == 500) {
                        for (CompletableFuture<Object> f : batch) {
                            sum += (Integer) f.get(30, TimeUnit.SECONDS);
                        }
                        batch.clear();
                    }
                }
                return sum;
            }));
        }
        long expected = 0;
        for (int i = 0; i < 20_000; i++) {
            expected += i + 1;
        }
        for (Future<Long> r : results) {
            assertThat(r.get(120, TimeUnit.SECONDS)).isEqualTo(expected);
        }
        assertThat(time.pending()).isZero();
    }
}
