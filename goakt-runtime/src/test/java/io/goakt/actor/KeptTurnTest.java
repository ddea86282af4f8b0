package io.goakt.actor;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A turn that ran dry right after sending may be kept by its worker, still scheduled, to run again once the turns it
 * made runnable have run (request and reply then cost no scheduling). Messages from outside, system messages and a
 * blocking ask must all still reach an actor while its worker keeps it.
 */
class KeptTurnTest {

    record Ball(int pair, long n) {
    }

    record Extra(int id) {
    }

    /** Bounces a ball with its partner and counts the extras it gets from outside. */
    private static final class Player implements Actor {
        final long bounces;
        final CountDownLatch pairsDone;
        final AtomicLong extras;
        ActorRef partner;

        Player(long bounces, CountDownLatch pairsDone, AtomicLong extras) {
            this.bounces = bounces;
            this.pairsDone = pairsDone;
            this.extras = extras;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ball b) {
                if (b.n() >= bounces) {
                    pairsDone.countDown();
                } else {
                    partner.tell(new Ball(b.pair(), b.n() + 1), ctx.self());
                }
            } else if (ctx.message() instanceof Extra) {
                extras.incrementAndGet();
            } else if (ctx.message() instanceof ActorRef p) {
                partner = p;
            }
        }
    }

    @RepeatedTest(3)
    void pairsAndOutsideSendersLoseNothing() throws Exception {
        int pairs = 16;
        long bounces = 20_000;
        int outside = 3;
        int perOutside = 20_000;
        try (ActorSystem system = ActorSystem.create("kept", ActorSystemConfig.builder().parallelism(2).build())) {
            CountDownLatch pairsDone = new CountDownLatch(pairs);
            AtomicLong extras = new AtomicLong();
            List<ActorRef> players = new ArrayList<>();
            for (int p = 0; p < pairs; p++) {
                ActorRef a = system.spawn("a-" + p, () -> new Player(bounces, pairsDone, extras));
                ActorRef b = system.spawn("b-" + p, () -> new Player(bounces, pairsDone, extras));
                a.tell(b);
                b.tell(a);
                players.add(a);
                players.add(b);
            }
            CyclicBarrier start = new CyclicBarrier(outside + 1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < outside; t++) {
                int id = t;
                Thread s = new Thread(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < perOutside; i++) {
                        players.get((i + id) % players.size()).tell(new Extra(i));
                    }
                }, "outside-" + t);
                s.start();
                senders.add(s);
            }
            for (int p = 0; p < pairs; p++) {
                players.get(2 * p).tell(new Ball(p, 0));
            }
            start.await();
            for (Thread s : senders) {
                s.join(TimeUnit.SECONDS.toMillis(60));
            }
            // One count-down per pair: only the player that receives the last ball counts down.
            assertThat(pairsDone.await(60, TimeUnit.SECONDS)).as("every pair finished").isTrue();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> extras.get() == (long) outside * perOutside);

            // System messages reach them too: stop every player and see each one terminate.
            CountDownLatch terminated = new CountDownLatch(players.size());
            system.spawnFromFunction("watcher", ctx -> {
                if ("watch".equals(ctx.message())) {
                    players.forEach(ctx::watch);
                    players.forEach(system::stop);
                } else if (ctx.message() instanceof Terminated) {
                    terminated.countDown();
                }
            }).tell("watch");
            assertThat(terminated.await(60, TimeUnit.SECONDS)).as("every player terminated").isTrue();
        }
    }

    /**
     * On one thread: {@code k} and {@code k2} end their turns kept (each handed off to the next), then a ring of three
     * actors passes a token through the slot, so the slot never empties. A message from outside to {@code k} is
     * invisible to the pool ({@code k} is still scheduled), so only the worker can give {@code k} its turn.
     */
    @org.junit.jupiter.api.Test
    void aKeptActorIsNotStarvedByAChainThatNeverEmptiesTheSlot() throws Exception {
        long hops = 5_000_000;
        try (ActorSystem system = ActorSystem.create("kept-starve",
                ActorSystemConfig.builder().parallelism(1).build())) {
            AtomicLong progress = new AtomicLong();
            CountDownLatch ringDone = new CountDownLatch(1);
            ActorRef[] ring = new ActorRef[3];
            for (int i = 0; i < ring.length; i++) {
                int next = (i + 1) % ring.length;
                ring[i] = system.spawnFromFunction("ring-" + i, ctx -> {
                    if (ctx.message() instanceof Ball b) {
                        progress.set(b.n());
                        if (b.n() >= hops) {
                            ringDone.countDown();
                        } else {
                            ring[next].tell(new Ball(0, b.n() + 1));
                        }
                    }
                });
            }
            ActorRef k2 = system.spawnFromFunction("k2", ctx -> {
                if ("go".equals(ctx.message())) {
                    ring[0].tell(new Ball(0, 0));
                }
            });
            AtomicLong seenAt = new AtomicLong(-1);
            CountDownLatch helloSeen = new CountDownLatch(1);
            ActorRef k = system.spawnFromFunction("k", ctx -> {
                if ("go".equals(ctx.message())) {
                    k2.tell("go");
                } else if ("hello".equals(ctx.message())) {
                    seenAt.set(progress.get());
                    helloSeen.countDown();
                }
            });
            k.tell("go");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> progress.get() > 1_000);
            k.tell("hello");
            assertThat(helloSeen.await(120, TimeUnit.SECONDS)).isTrue();
            assertThat(ringDone.await(120, TimeUnit.SECONDS)).isTrue();
            assertThat(seenAt.get()).as("k got its turn while the ring was still going").isLessThan(hops);
        }
    }

    /** Asks {@code echo} while echo is kept by this very worker, and blocks on the answer. */
    private static final class Blocker implements Actor {
        final ActorRef echo;
        ActorRef origin;

        Blocker(ActorRef echo) {
            this.echo = echo;
        }

        @Override
        public void receive(ReceiveContext ctx) throws Exception {
            if ("go".equals(ctx.message())) {
                origin = ctx.sender();
                echo.tell("warm", ctx.self()); // echo answers in the next turn, after which the worker keeps it
            } else if ("warm!".equals(ctx.message())) {
                Object reply = echo.ask("inner", Duration.ofSeconds(30)).toCompletableFuture()
                        .get(30, TimeUnit.SECONDS);
                origin.tell(reply);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aBlockingAskReachesAnActorTheWorkerKeeps(int parallelism) throws Exception {
        try (ActorSystem system = ActorSystem.create("kept-ask",
                ActorSystemConfig.builder().parallelism(parallelism).build())) {
            ActorRef echo = system.spawnFromFunction("echo", ctx -> {
                if (ctx.message() instanceof String s) {
                    ctx.respond(s + "!");
                }
            });
            ActorRef blocker = system.spawn("blocker", () -> new Blocker(echo));
            assertThat(blocker.ask("go", Duration.ofSeconds(60)).toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isEqualTo("inner!");
        }
    }

    /**
     * An actor that gets a message from outside and wakes another one, which then blocks its worker: the first must
     * not be kept by that worker (its next message comes from outside, not from the blocked actor), or that message
     * would wait for the blocked actor. Two workers, so the other one is free to run it.
     */
    @RepeatedTest(3)
    void anActorWhoseMessagesComeFromOutsideIsNotHeldByAWorkerThatBlocks() throws Exception {
        ActorSystem system = ActorSystem.create("kept-blocked", ActorSystemConfig.builder().parallelism(2).build());
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch pinged = new CountDownLatch(1);
        try {
            ActorRef blocker = system.spawn("blocker", () -> new Actor() {
                @Override
                public void receive(ReceiveContext ctx) throws Exception {
                    if ("block".equals(ctx.message())) {
                        blocking.countDown();
                        assertThat(gate.await(60, TimeUnit.SECONDS)).isTrue(); // holds its worker, as blocking code does
                    }
                }
            });
            ActorRef front = system.spawn("front", () -> new Actor() {
                @Override
                public void receive(ReceiveContext ctx) {
                    if ("go".equals(ctx.message())) {
                        blocker.tell("block", ctx.self()); // wakes the blocker on this worker, through its slot
                    } else if ("ping".equals(ctx.message())) {
                        pinged.countDown();
                    }
                }
            });
            front.tell("go");
            assertThat(blocking.await(30, TimeUnit.SECONDS)).isTrue();
            front.tell("ping");
            assertThat(pinged.await(30, TimeUnit.SECONDS)).as("served by the other worker while the blocker blocks")
                    .isTrue();
        } finally {
            gate.countDown();
            system.shutdown(Duration.ofSeconds(10));
        }
    }
}
