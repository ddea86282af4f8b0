package io.goakt.shutdown;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.ShutdownTimeoutException;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.SystemShuttingDownException;
import io.goakt.dispatch.Dispatchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The phases of {@link CoordinatedShutdown} as an application sees them through {@code ActorSystem}: their order,
 * concurrent tasks, retries and timeouts, the overall bound, one shutdown however often it is asked for, and what
 * the system accepts in each phase.
 */
class CoordinatedShutdownTest {

    private static final Duration LONG = Duration.ofSeconds(30);
    private static final String BLOCKING = "blocking";

    private ActorSystem system = ActorSystem.create("coordinated");

    @AfterEach
    void tearDown() {
        system.shutdown(LONG);
    }

    private static CompletionStage<Void> done() {
        return CompletableFuture.completedFuture(null);
    }

    @Test
    void phasesRunInTheirFixedOrder() {
        List<ShutdownPhase> ran = new CopyOnWriteArrayList<>();
        // Added in reverse, so the order cannot come from the order of registration.
        List<ShutdownPhase> phases = Arrays.asList(ShutdownPhase.values());
        for (int i = phases.size() - 1; i >= 0; i--) {
            ShutdownPhase phase = phases.get(i);
            system.coordinatedShutdown().addTask(phase, "record-" + phase, LONG, 0, reason -> {
                ran.add(phase);
                return done();
            });
        }
        system.shutdown(LONG);
        assertThat(ran).containsExactly(ShutdownPhase.values());
    }

    @Test
    void theTasksOfOnePhaseRunConcurrently() {
        CountDownLatch both = new CountDownLatch(2);
        List<Boolean> sawTheOther = new CopyOnWriteArrayList<>();
        for (String name : List.of("first", "second")) {
            system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, name, LONG.multipliedBy(2), 0,
                    reason -> {
                        // Blocks until the other task has started too: run one after the other, both would wait
                        // for nothing until the latch's bound.
                        both.countDown();
                        sawTheOther.add(both.await(LONG.toSeconds(), TimeUnit.SECONDS));
                        return done();
                    });
        }
        system.shutdown(LONG.multipliedBy(2));
        assertThat(sawTheOther).containsExactly(true, true);
    }

    @Test
    void aTaskThatTimesOutIsRetriedItsNumberOfTimesThenTheNextPhaseRuns() {
        AtomicInteger attempts = new AtomicInteger();
        List<ShutdownPhase> later = new CopyOnWriteArrayList<>();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_SERVICE_UNBIND, "never-completes",
                Duration.ofMillis(50), 2, reason -> {
                    attempts.incrementAndGet();
                    return new CompletableFuture<Void>();
                });
        system.coordinatedShutdown().addTask(ShutdownPhase.STOP_ACCEPTING, "next", LONG, 0, reason -> {
            later.add(ShutdownPhase.STOP_ACCEPTING);
            return done();
        });
        system.shutdown(LONG);
        assertThat(attempts).hasValue(3);
        assertThat(later).containsExactly(ShutdownPhase.STOP_ACCEPTING);
    }

    @Test
    void aFailingTaskIsRetriedUntilItSucceeds() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<String> outcome = new AtomicReference<>();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "flaky", LONG, 5, reason -> {
            if (attempts.incrementAndGet() < 3) {
                throw new IllegalStateException("not yet");
            }
            outcome.set("flushed");
            return done();
        });
        system.shutdown(LONG);
        assertThat(attempts).hasValue(3);
        assertThat(outcome).hasValue("flushed");
    }

    @Test
    void aTaskWhoseStageFailsOnEveryAttemptDoesNotStopTheShutdown() {
        AtomicInteger attempts = new AtomicInteger();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "always-fails", LONG, 1, reason -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("broken"));
        });
        system.shutdown(LONG);
        assertThat(attempts).hasValue(2);
        assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
    }

    @Test
    void theShutdownEndsByItsDeadlineEvenWhenATaskHangs() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        system.spawnFromFunction("worker", ctx -> { });
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "hangs", Duration.ofHours(1), 3,
                reason -> {
                    never.await();
                    return done();
                });
        CompletableFuture<Throwable> shutdown = CompletableFuture.supplyAsync(
                () -> catchThrowable(() -> system.shutdown(Duration.ofMillis(300))));
        // The deadline is 300 ms; the hanging task would hold it for an hour.
        Throwable thrown = shutdown.get(LONG.toSeconds(), TimeUnit.SECONDS);
        if (thrown != null) {
            // The deadline may come before the worker has stopped: then the shutdown names it.
            assertThat(thrown).isInstanceOf(ShutdownTimeoutException.class);
        }
        assertThat(system.whenTerminated().toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS)).isNull();
        assertThat(system.isRunning()).isFalse();
    }

    @Test
    void aSecondRunReturnsTheSameStageAndKeepsTheFirstReason() throws Exception {
        ShutdownReason first = new ShutdownReason("deploy");
        CompletionStage<Void> a = system.coordinatedShutdown().run(first, LONG);
        CompletionStage<Void> b = system.coordinatedShutdown().run(ShutdownReason.APPLICATION_REQUEST,
                Duration.ofMillis(1));
        assertThat((Object) b).isSameAs(a); // assertThat(stage) would assert on a copy
        a.toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(system.coordinatedShutdown().reason()).contains(first);
        system.shutdown(LONG); // waits for the same shutdown, which is over
        assertThat((Object) system.coordinatedShutdown().run(ShutdownReason.APPLICATION_REQUEST, LONG)).isSameAs(a);
    }

    @Test
    void everyTaskIsHandedTheReason() {
        List<ShutdownReason> seen = new CopyOnWriteArrayList<>();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_SERVICE_UNBIND, "reason", LONG, 0, reason -> {
            seen.add(reason);
            return done();
        });
        system.close();
        assertThat(seen).containsExactly(ShutdownReason.APPLICATION_REQUEST);
        assertThat(system.coordinatedShutdown().reason()).contains(ShutdownReason.APPLICATION_REQUEST);
    }

    @Test
    void aSpawnAfterStopAcceptingFailsWithSystemShuttingDownException() {
        AtomicReference<ActorRef> before = new AtomicReference<>();
        AtomicReference<Throwable> after = new AtomicReference<>();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_SERVICE_UNBIND, "spawn-before", LONG, 0,
                reason -> {
                    before.set(system.spawnFromFunction("before", ctx -> { }));
                    return done();
                });
        system.coordinatedShutdown().addTask(ShutdownPhase.CLUSTER_LEAVE, "spawn-after", LONG, 0, reason -> {
            after.set(catchThrowable(() -> system.spawn("after", Quiet::new, SpawnOptions.defaults())));
            return done();
        });
        system.shutdown(LONG);
        assertThat(before.get()).isNotNull();
        assertThat(after.get()).isInstanceOf(SystemShuttingDownException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("coordinated");
        assertThatThrownBy(() -> system.spawn(Quiet::new, SpawnOptions.defaults()))
                .isInstanceOf(SystemShuttingDownException.class);
    }

    @Test
    void actorsRunThroughTheEarlierPhasesAndHaveStoppedByTheLaterOnes() {
        AtomicInteger postStops = new AtomicInteger();
        ActorRef echo = system.spawn("echo", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                ctx.respond(ctx.message());
            }

            @Override
            public void postStop(Context ctx) {
                postStops.incrementAndGet();
            }
        }, SpawnOptions.defaults());
        AtomicReference<Object> answered = new AtomicReference<>();
        AtomicReference<String> afterActors = new AtomicReference<>();
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "ask-echo", LONG, 0,
                reason -> echo.ask("still here", LONG).thenAccept(answered::set));
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_SYSTEM_TERMINATE, "count", LONG, 0, reason -> {
            afterActors.set(system.actorCount() + " actors, " + postStops.get() + " postStop");
            return done();
        });
        system.shutdown(LONG);
        assertThat(answered).hasValue("still here");
        assertThat(afterActors).hasValue("0 actors, 1 postStop");
    }

    @Test
    void messagesQueuedBeforeTheActorsStopAreHandledNotDeadLettered() throws Exception {
        system.shutdown(LONG);
        // The actor that the test keeps busy blocks a thread of a dispatcher of its own, never a default worker.
        system = ActorSystem.create("coordinated-drain", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor(BLOCKING, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "coordinated-blocking");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ActorRef slow = system.spawnFromFunction("slow", ctx -> {
            if (ctx.message() instanceof Integer) {
                gate.await(LONG.toSeconds(), TimeUnit.SECONDS);
                handled.incrementAndGet();
            }
        }, SpawnOptions.builder().dispatcher(BLOCKING).build());
        for (int i = 0; i < 100; i++) {
            slow.tell(i);
        }
        CountDownLatch stopping = new CountDownLatch(1);
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "signal", LONG, 0, reason -> {
            stopping.countDown();
            return done();
        });
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> system.shutdown(LONG.multipliedBy(2)));
        assertThat(stopping.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        gate.countDown();
        shutdown.get(LONG.toSeconds() * 2, TimeUnit.SECONDS);
        assertThat(handled).hasValue(100);
        assertThat(system.deadLetterCount()).isZero();
    }

    @Test
    void messagesTheQueuedOnesCauseAreHandledBeforeTheActorsStop() throws Exception {
        system.shutdown(LONG);
        system = ActorSystem.create("coordinated-chain", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor(BLOCKING, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "coordinated-chain-blocking");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
        AtomicInteger handledByLast = new AtomicInteger();
        // The last of the chain is idle when the shutdown begins: what reaches it comes from the first's queue.
        ActorRef last = system.spawnFromFunction("last", ctx -> {
            if (ctx.message() instanceof Integer) {
                handledByLast.incrementAndGet();
            }
        });
        ActorRef middle = system.spawnFromFunction("middle", ctx -> {
            if (ctx.message() instanceof Integer i) {
                last.tell(i);
            }
        });
        CountDownLatch gate = new CountDownLatch(1);
        ActorRef first = system.spawnFromFunction("first", ctx -> {
            if (ctx.message() instanceof Integer i) {
                gate.await(LONG.toSeconds(), TimeUnit.SECONDS);
                middle.tell(i);
            }
        }, SpawnOptions.builder().dispatcher(BLOCKING).build());
        for (int i = 0; i < 50; i++) {
            first.tell(i);
        }
        CountDownLatch stopping = new CountDownLatch(1);
        system.coordinatedShutdown().addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "signal", LONG, 0, reason -> {
            stopping.countDown();
            return done();
        });
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> system.shutdown(LONG.multipliedBy(2)));
        assertThat(stopping.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        gate.countDown();
        shutdown.get(LONG.toSeconds() * 2, TimeUnit.SECONDS);
        assertThat(handledByLast).hasValue(50);
        assertThat(system.deadLetterCount()).isZero();
    }

    @Test
    void aSuspendedActorDoesNotHoldTheDrainUntilTheDeadline() throws Exception {
        ActorRef held = system.spawnFromFunction("held", ctx -> { });
        assertThat(system.suspend(held)).isTrue();
        held.tell("waits for a reinstate that never comes");
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch drained = new CountDownLatch(1);
        system.coordinatedShutdown().addTask(ShutdownPhase.STOP_REMOTING, "after-drain", LONG, 0, reason -> {
            order.add("drained");
            drained.countDown();
            return done();
        });
        // An hour's budget: waiting on the suspended actor's queue would hold the drain for half of it.
        CompletionStage<Void> shutdown = system.coordinatedShutdown().run(ShutdownReason.APPLICATION_REQUEST,
                Duration.ofHours(1));
        assertThat(drained.await(LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
        shutdown.toCompletableFuture().get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(order).containsExactly("drained");
        assertThat(system.deadLetterCount()).isEqualTo(1);
    }

    @Test
    void aCancelledTaskDoesNotRunAndNoTaskCanBeAddedOnceTheShutdownBegan() throws Exception {
        AtomicInteger ran = new AtomicInteger();
        CoordinatedShutdown.Registration r = system.coordinatedShutdown().addTask(
                ShutdownPhase.BEFORE_ACTORS_STOP, "cancelled", LONG, 0, reason -> {
                    ran.incrementAndGet();
                    return done();
                });
        assertThat(r.cancel()).isTrue();
        assertThat(r.cancel()).isFalse();
        system.coordinatedShutdown().run(ShutdownReason.APPLICATION_REQUEST, LONG).toCompletableFuture()
                .get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(ran).hasValue(0);
        assertThatThrownBy(() -> system.coordinatedShutdown().addTask(ShutdownPhase.SYSTEM_TERMINATE, "late", LONG,
                0, reason -> done()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("late");
    }

    @Test
    void aTaskNeedsANamePositiveTimeoutAndRetriesOfZeroOrMore() {
        CoordinatedShutdown cs = system.coordinatedShutdown();
        assertThatThrownBy(() -> cs.addTask(ShutdownPhase.BEFORE_ACTORS_STOP, " ", LONG, 0, r -> done()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cs.addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "t", Duration.ZERO, 0, r -> done()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> cs.addTask(ShutdownPhase.BEFORE_ACTORS_STOP, "t", LONG, -1, r -> done()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
        assertThatThrownBy(() -> new ShutdownReason("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static final class Quiet implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }
}
