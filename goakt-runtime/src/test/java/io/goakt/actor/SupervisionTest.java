package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.supervision.Backoff;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SupervisionTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private void start(ActorSystemConfig config) {
        system = ActorSystem.create("supervision", config);
    }

    /** Counts messages; "boom" throws; "get" replies the count. Records its lifecycle. */
    static final class Counter implements Actor {
        final List<String> log;
        final CountDownLatch gate;
        int count;

        Counter(List<String> log, CountDownLatch gate) {
            this.log = log;
            this.gate = gate;
        }

        @Override
        public void preStart(Context ctx) {
            log.add("preStart");
        }

        @Override
        public void receive(ReceiveContext ctx) throws Exception {
            Object m = ctx.message();
            if (m == PostStart.INSTANCE) {
                if (gate != null) {
                    gate.await(10, TimeUnit.SECONDS);
                }
            } else if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            } else if ("io".equals(m)) {
                throw new java.io.IOException("io");
            } else if ("get".equals(m)) {
                ctx.respond(count);
            } else if ("quit".equals(m)) {
                ctx.stop();
            } else if ("quit-then-boom".equals(m)) {
                ctx.stop();
                throw new IllegalStateException("boom after stop");
            } else {
                count++;
                log.add("got " + m);
            }
        }

        @Override
        public void postStop(Context ctx) {
            log.add("postStop");
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void restartMakesAFreshInstanceAndKeepsEveryQueuedMessageButTheFailedOne() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder events = new Recorder(system, "events");
        system.eventStream().subscribe(ActorRestarted.class, events.ref);
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger made = new AtomicInteger();
        ActorRef ref = system.spawn("counter", () -> {
            made.incrementAndGet();
            return new Counter(log, made.get() == 1 ? gate : null);
        }, SpawnOptions.defaults());
        ref.tell("a");
        ref.tell("boom");
        ref.tell("b");
        ref.tell("c");
        gate.countDown();
        assertThat(ask(ref, "get")).isEqualTo(2); // fresh instance counted b and c
        assertThat(made).hasValue(2);
        assertThat(log).containsExactly("preStart", "got a", "postStop", "preStart", "got b", "got c");
        assertThat(events.next(ActorRestarted.class).cause()).hasMessage("boom");
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.message()).isEqualTo("boom");
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.FAILED);
        assertThat(system.inspect("counter").orElseThrow().restartCount()).isEqualTo(1);
    }

    @Test
    void resumeKeepsTheInstanceAndItsState() throws Exception {
        start(ActorSystemConfig.defaults());
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("resumer", () -> new Counter(log, null), SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().on(IllegalStateException.class, Directive.RESUME).build())
                .build());
        ref.tell("a");
        ref.tell("boom");
        ref.tell("b");
        assertThat(ask(ref, "get")).isEqualTo(2);
        assertThat(log).containsExactly("preStart", "got a", "got b");
    }

    @Test
    void stopDirectiveStopsAndReportsQueuedMessages() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        CountDownLatch gate = new CountDownLatch(1);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("stopme", () -> new Counter(log, gate), SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.STOP).build()).build());
        ref.tell("boom");
        ref.tell("after");
        gate.countDown();
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(ref);
        List<Object> deadMessages = List.of(dead.next(DeadLetter.class).message(),
                dead.next(DeadLetter.class).message());
        assertThat(deadMessages).containsExactlyInAnyOrder("boom", "after");
        assertThat(log).containsExactly("preStart", "postStop");
    }

    @Test
    void closestRuleInTheDeciderWins() {
        SupervisorStrategy s = SupervisorStrategy.oneForOne()
                .on(RuntimeException.class, Directive.STOP)
                .on(IllegalArgumentException.class, Directive.RESUME)
                .otherwise(Directive.ESCALATE)
                .build();
        assertThat(s.decide(new NumberFormatException())).isEqualTo(Directive.RESUME);
        assertThat(s.decide(new IllegalStateException())).isEqualTo(Directive.STOP);
        assertThat(s.decide(new Exception())).isEqualTo(Directive.ESCALATE);
    }

    @Test
    void maxRestartsWithinTheWindowStopsTheActor() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("fragile", () -> new Counter(log, null), SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().maxRestarts(2, Duration.ofMinutes(1)).build()).build());
        ref.tell("boom");
        ref.tell("boom");
        assertThat(ask(ref, "get")).isEqualTo(0); // restarted twice, still alive
        ref.tell("boom");
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(ref);
        assertThat(system.lookup("fragile")).isEmpty();
    }

    @Test
    void exponentialBackoffDelaysTheRestartAndKeepsMessagesQueued() throws Exception {
        ManualScheduler time = new ManualScheduler();
        start(ActorSystemConfig.builder().scheduler(time).build());
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        Recorder suspended = new Recorder(system, "suspended");
        system.eventStream().subscribe(io.goakt.eventstream.ActorSuspended.class, suspended.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("slowstart", () -> new Counter(log, null), SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne()
                        .backoff(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.0)).build())
                .build());
        ref.tell("boom");
        ref.tell("kept");
        suspended.next();
        await().atMost(Duration.ofSeconds(10)).until(() -> time.pending() == 1); // the delayed restart
        time.advance(Duration.ofMillis(999));
        restarted.expectNoMessage(Duration.ofMillis(100));
        time.advance(Duration.ofMillis(1));
        restarted.next();
        assertThat(ask(ref, "get")).isEqualTo(1); // "kept" survived the wait

        ref.tell("boom"); // second restart in the window: 2s
        suspended.next();
        await().atMost(Duration.ofSeconds(10)).until(() -> time.pending() == 1);
        time.advance(Duration.ofMillis(1999));
        restarted.expectNoMessage(Duration.ofMillis(100));
        time.advance(Duration.ofMillis(1));
        restarted.next();
    }

    @Test
    void backoffDelaysGrowAndAreCapped() {
        Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(1), 0.5);
        assertThat(b.delay(1, 0.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(b.delay(3, 0.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(b.delay(10, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.delay(1, 0.999)).isBetween(Duration.ofMillis(100), Duration.ofMillis(150));
        assertThat(b.delay(64, 0.0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Backoff.fixed(Duration.ofMillis(5)).delay(9, 0.7)).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void allForOneRestartsTheSiblingsToo() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        List<String> l1 = new CopyOnWriteArrayList<>();
        List<String> l2 = new CopyOnWriteArrayList<>();
        SupervisorStrategy allForOne = SupervisorStrategy.allForOne().build();
        ActorRef parent = system.spawn("team", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("one", () -> new Counter(l1, null),
                        SpawnOptions.builder().supervisor(allForOne).build());
                ctx.spawnChild("two", () -> new Counter(l2, null),
                        SpawnOptions.builder().supervisor(allForOne).build());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        });
        ActorRef one = system.lookup("team/one").orElseThrow();
        ActorRef two = system.lookup("team/two").orElseThrow();
        two.tell("x");
        assertThat(ask(two, "get")).isEqualTo(1);
        one.tell("boom");
        List<ActorRef> restartedRefs = List.of(restarted.next(ActorRestarted.class).actor(),
                restarted.next(ActorRestarted.class).actor());
        assertThat(restartedRefs).containsExactlyInAnyOrder(one, two);
        assertThat(ask(two, "get")).isEqualTo(0); // the sibling's state was reset
        assertThat(parent).isNotNull();
    }

    @Test
    void escalationRestartsTheParentWhichRecreatesItsChildren() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        AtomicInteger parentStarts = new AtomicInteger();
        List<String> childLog = new CopyOnWriteArrayList<>();
        ActorRef parent = system.spawn("boss", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                parentStarts.incrementAndGet();
                ctx.spawnChild("worker", () -> new Counter(childLog, null), SpawnOptions.builder()
                        .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build()).build());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.defaults());
        ActorRef worker = system.lookup("boss/worker").orElseThrow();
        worker.tell("boom");
        assertThat(restarted.next(ActorRestarted.class).actor()).isEqualTo(parent);
        assertThat(parentStarts).hasValue(2);
        ActorRef newWorker = system.lookup("boss/worker").orElseThrow();
        assertThat(newWorker).isNotEqualTo(worker);
        assertThat(ask(newWorker, "get")).isEqualTo(0);
    }

    @Test
    void escalationPastTheGuardianUsesTheConfiguredGuardianStrategy() throws Exception {
        start(ActorSystemConfig.builder()
                .guardianSupervisor(SupervisorStrategy.oneForOne().otherwise(Directive.STOP).build()).build());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        ActorRef top = system.spawn("top", () -> new Counter(new CopyOnWriteArrayList<>(), null), SpawnOptions
                .builder().supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build()).build());
        top.tell("boom");
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(top);
    }

    @Test
    void temporaryActorsAreNeverRestarted() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        ActorRef ref = system.spawn("temp", () -> new Counter(new CopyOnWriteArrayList<>(), null),
                SpawnOptions.builder().restartPolicy(RestartPolicy.TEMPORARY).build());
        ref.tell("boom");
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(ref);
    }

    @Test
    void permanentActorsAreRestartedEvenWhenTheyStopThemselves() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("perm", () -> new Counter(log, null),
                SpawnOptions.builder().restartPolicy(RestartPolicy.PERMANENT).build());
        ref.tell("x");
        ref.tell("quit");
        ref.tell("y");
        assertThat(restarted.next(ActorRestarted.class).actor()).isEqualTo(ref);
        assertThat(ask(ref, "get")).isEqualTo(1); // "y", handled by the fresh instance
        assertThat(system.lookup("perm")).contains(ref);
        // A permanent actor still stops for good when its parent or the system stops it.
        system.stop(ref).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(system.lookup("perm")).isEmpty();
    }

    /**
     * A permanent actor told "x", then {@code quit-then-boom} (it stops itself, then throws), then "y", under
     * {@code options}: it must restart exactly once, and the fresh instance handles "y".
     */
    private void assertOneRestartAfterStopThenFailure(SpawnOptions.Builder options) throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder restarted = new Recorder(system, "restarted");
        system.eventStream().subscribe(ActorRestarted.class, restarted.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("perm", () -> new Counter(log, null),
                options.restartPolicy(RestartPolicy.PERMANENT).build());
        ref.tell("x");
        ref.tell("quit-then-boom");
        ref.tell("y");
        assertThat(restarted.next(ActorRestarted.class).actor()).isEqualTo(ref);
        assertThat(ask(ref, "get")).isEqualTo(1); // "y", handled by the fresh instance
        restarted.expectNoMessage(Duration.ofMillis(500));
        assertThat(ask(ref, "get")).isEqualTo(1);
        assertThat(log.stream().filter("preStart"::equals)).hasSize(2);
        assertThat(system.lookup("perm")).contains(ref);
    }

    @Test
    void aPermanentActorThatStopsItselfAndThenFailsInTheSameMessageRestartsOnce() throws Exception {
        // One exit: one restart, not one for the stop and one for the failure.
        assertOneRestartAfterStopThenFailure(SpawnOptions.builder());
    }

    @Test
    void aPermanentActorThatStopsItselfAndFailsIsRestartedOnceEvenWhenTheFailureIsResumed() throws Exception {
        // The failure is resumed, but the actor asked to stop: being permanent, it restarts, once.
        assertOneRestartAfterStopThenFailure(SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().decider(t -> Directive.RESUME).build()));
    }

    @Test
    void transientActorsStayStoppedWhenTheyStopThemselves() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        ActorRef ref = system.spawn("trans", () -> new Counter(new CopyOnWriteArrayList<>(), null),
                SpawnOptions.builder().restartPolicy(RestartPolicy.TRANSIENT).build());
        ref.tell("boom");
        assertThat(ask(ref, "get")).isEqualTo(0); // restarted after the failure
        ref.tell("quit");
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(ref);
    }

    @Test
    void aFailingPreStartOnRestartCountsAgainstTheLimit() throws Exception {
        start(ActorSystemConfig.defaults());
        Recorder stopped = new Recorder(system, "stopped");
        system.eventStream().subscribe(ActorStopped.class, stopped.ref);
        AtomicInteger made = new AtomicInteger();
        ActorRef ref = system.spawn("sickly", () -> new Actor() {
            final int n = made.incrementAndGet();

            @Override
            public void preStart(Context ctx) {
                if (n > 1) {
                    throw new IllegalStateException("cannot start again");
                }
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if ("boom".equals(ctx.message())) {
                    throw new IllegalStateException("boom");
                }
            }
        }, SpawnOptions.builder().supervisor(SupervisorStrategy.oneForOne().maxRestarts(3, Duration.ofMinutes(1))
                .build()).build());
        ref.tell("boom");
        assertThat(stopped.next(ActorStopped.class).actor()).isEqualTo(ref);
        assertThat(made).hasValue(4); // the first, then three restarts that failed in preStart
    }

    @Test
    void operatorRestartKeepsQueuedMessages() throws Exception {
        start(ActorSystemConfig.defaults());
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("op", () -> new Counter(log, null), SpawnOptions.defaults());
        ref.tell("a");
        assertThat(ask(ref, "get")).isEqualTo(1);
        assertThat(system.restart(ref)).isTrue();
        ref.tell("b");
        assertThat(ask(ref, "get")).isEqualTo(1);
        assertThat(log).containsExactly("preStart", "got a", "postStop", "preStart", "got b");
        assertThat(system.restart(system.actorOf("nobody"))).isFalse();
    }
}
