package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Suspensions racing with senders: subtrees suspended by their roots' failures, and actors suspended and reinstated
 * by an operator, while several threads tell numbered messages into them. Each actor checks that every sender's
 * numbers arrive consecutively (none lost, none twice, none out of order); at the end every actor runs again with an
 * empty mailbox.
 */
class SuspensionStressTest {

    private static final int SENDERS = 3;
    private static final int PER_TARGET = 1_000;
    private static final Duration ASK = Duration.ofSeconds(30);

    private final ActorSystem system = ActorSystem.create("suspension-stress");

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    /** Message {@code n} of sender {@code sender}. */
    private record Seq(int sender, int n) {
    }

    /** What an actor saw: Seq messages handled, and the first gap, repeat or reordering, if any. */
    private record Stats(long handled, String error) {
    }

    /** Checks each sender's numbers; "boom" throws; spawns a chain of children named by {@code below}. */
    private static final class Checked implements Actor {
        private final List<String> below;
        private final int[] next = new int[SENDERS];
        private long handled;
        private String error;

        Checked(List<String> below) {
            this.below = below;
        }

        @Override
        public void preStart(Context ctx) {
            if (!below.isEmpty()) {
                ctx.spawnChild(below.get(0), () -> new Checked(below.subList(1, below.size())), RESUME);
            }
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Seq s) {
                if (s.n() != next[s.sender()] && error == null) {
                    error = ctx.self().path() + ": sender " + s.sender() + " sent " + s.n() + ", expected "
                            + next[s.sender()];
                }
                next[s.sender()] = s.n() + 1;
                handled++;
            } else if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            } else if ("stats".equals(m)) {
                ctx.respond(new Stats(handled, error));
            }
        }
    }

    private static final SpawnOptions RESUME = SpawnOptions.builder()
            .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build();

    private static Thread sender(CountDownLatch start, List<Throwable> errors, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                start.await(30, TimeUnit.SECONDS);
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        });
        t.start();
        return t;
    }

    private static void tellAll(List<ActorRef> targets, int sender) {
        for (int n = 0; n < PER_TARGET; n++) {
            for (ActorRef r : targets) {
                r.tell(new Seq(sender, n));
            }
        }
    }

    /** Asks each of {@code refs}, from the calling thread, and waits for every answer. */
    private static void pingAll(List<ActorRef> refs) {
        List<CompletableFuture<Object>> answers = new ArrayList<>();
        for (ActorRef r : refs) {
            answers.add(r.ask("stats", ASK).toCompletableFuture());
        }
        CompletableFuture.allOf(answers.toArray(new CompletableFuture[0])).orTimeout(60, TimeUnit.SECONDS).join();
    }

    private void awaitEveryoneHandledAllAndRuns(List<ActorRef> targets) {
        long expected = (long) SENDERS * PER_TARGET;
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            for (ActorRef r : targets) {
                Stats s = (Stats) r.ask("stats", ASK).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(s.error()).as(r.path()).isNull();
                assertThat(s.handled()).as(r.path()).isLessThanOrEqualTo(expected);
                if (s.handled() < expected) {
                    return false;
                }
            }
            return true;
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (ActorInfo i : system.actors()) {
                assertThat(i.state()).as(i.path()).isEqualTo(ActorInfo.State.RUNNING);
                assertThat(i.mailboxSize()).as(i.path()).isZero();
            }
        });
    }

    @Test
    void subtreesSuspendedByConcurrentFailuresLoseNothingAndEndResumed() throws Exception {
        int roots = 6;
        List<ActorRef> parents = new ArrayList<>();
        List<ActorRef> all = new ArrayList<>();
        for (int i = 0; i < roots; i++) {
            ActorRef p = system.spawn("p" + i, () -> new Checked(List.of("c", "gc")), RESUME);
            parents.add(p);
            all.add(p);
            all.add(system.lookup("/user/p" + i + "/c").orElseThrow());
            all.add(system.lookup("/user/p" + i + "/c/gc").orElseThrow());
        }
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            threads.add(sender(start, errors, () -> tellAll(all, sender)));
        }
        // Failures at every level, so subtrees are suspended by one, two or three ancestors at once. The pings at the
        // end come from the same thread, so each actor answers them after its failures.
        threads.add(sender(start, errors, () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int k = 0; k < 600; k++) {
                all.get(random.nextInt(all.size())).tell("boom");
                if (k % 8 == 0) {
                    Thread.yield();
                }
            }
            pingAll(all);
        }));
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(errors).isEmpty();
        awaitEveryoneHandledAllAndRuns(all);
    }

    @Test
    void suspendAndReinstateRacingWithTellsFromManyThreadsLoseNothing() throws Exception {
        List<ActorRef> all = new ArrayList<>();
        List<ActorRef> tops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ActorRef a = system.spawn("a" + i, () -> new Checked(List.of("c")), RESUME);
            tops.add(a);
            all.add(a);
            all.add(system.lookup("/user/a" + i + "/c").orElseThrow());
        }
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            threads.add(sender(start, errors, () -> tellAll(all, sender)));
        }
        // Two operators suspend and reinstate at random (a top-level actor, suspending its child too, or a child
        // alone); each ends by reinstating everything it may have suspended, after its last suspend.
        for (int o = 0; o < 2; o++) {
            threads.add(sender(start, errors, () -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int k = 0; k < 1_000; k++) {
                    ActorRef r = all.get(random.nextInt(all.size()));
                    assertThat(random.nextBoolean() ? system.suspend(r) : system.reinstate(r)).isTrue();
                    if (k % 8 == 0) {
                        Thread.yield();
                    }
                }
                for (ActorRef r : all) {
                    assertThat(system.reinstate(r)).isTrue();
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(120));
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(errors).isEmpty();
        awaitEveryoneHandledAllAndRuns(all);
    }
}
