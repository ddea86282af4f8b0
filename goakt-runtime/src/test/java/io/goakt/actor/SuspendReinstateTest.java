package io.goakt.actor;

import io.goakt.eventstream.ActorReinstated;
import io.goakt.eventstream.ActorSuspended;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lasting suspension: {@link ActorSystem#suspend}, a decider's {@link Directive#SUSPEND}, and
 * {@link ActorSystem#reinstate}. The suspended actors run on the {@link ManualDispatcher}, so "processed nothing"
 * is a fact about the turns that ran.
 */
class SuspendReinstateTest extends AbstractManualDispatchTest {

    /**
     * Records {@code name:message} and counts; "boom" throws; "count" answers the count of this instance. Spawns a
     * child named by the first of {@code below}, which spawns the next, and so on.
     */
    private static final class Worker implements Actor {
        private final List<String> log;
        private final List<String> below;
        private int count;

        Worker(List<String> log, List<String> below) {
            this.log = log;
            this.below = below;
        }

        @Override
        public void preStart(Context ctx) {
            if (!below.isEmpty()) {
                ctx.spawnChild(below.get(0), () -> new Worker(log, below.subList(1, below.size())),
                        SpawnOptions.builder().dispatcher("manual").build());
            }
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            } else if ("count".equals(m)) {
                ctx.respond(count);
            } else if (m instanceof String s) {
                count++;
                log.add(ctx.self().name() + ":" + s);
            }
        }
    }

    private ActorInfo.State state(String path) {
        return system.inspect(path).orElseThrow().state();
    }

    private void pumpUntil(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            manual.pump(1_000);
            return condition.call();
        });
    }

    @Test
    void suspendKeepsMessagesAndProcessesNoneAndReinstateProcessesThemInOrder() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef w = system.spawn("w", () -> new Worker(log, List.of()), onManual());
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(system.suspend(w)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(state("w")).isEqualTo(ActorInfo.State.SUSPENDED);
        for (int i = 0; i < 5; i++) {
            w.tell("m" + i);
        }
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).as("nothing processed while suspended").isEmpty();
        assertThat(system.inspect("w").orElseThrow().mailboxSize()).isEqualTo(5);
        assertThat(system.suspend(w)).as("suspending again changes nothing").isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).isEmpty();

        assertThat(system.reinstate(w)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("w:m0", "w:m1", "w:m2", "w:m3", "w:m4");
        assertThat(state("w")).isEqualTo(ActorInfo.State.RUNNING);
        stopAll();
    }

    @Test
    void suspensionCoversTheSubtreeUntilReinstated() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef parent = system.spawn("parent", () -> new Worker(log, List.of("kid")), onManual());
        assertThat(manual.pump(1_000)).isTrue();
        ActorRef kid = system.lookup("/user/parent/kid").orElseThrow();

        assertThat(system.suspend(parent)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(state("/user/parent/kid")).isEqualTo(ActorInfo.State.SUSPENDED);
        kid.tell("a");
        kid.tell("b");
        assertThat(system.reinstate(kid)).as("alive, but waiting for its parent").isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).as("the kid waits while its parent is suspended").isEmpty();

        assertThat(system.reinstate(parent)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("kid:a", "kid:b");
        assertThat(state("/user/parent/kid")).isEqualTo(ActorInfo.State.RUNNING);
        stopAll();
    }

    @Test
    void suspendDirectiveKeepsTheInstanceSuspendedAndDeadLettersTheFailedMessage() throws Exception {
        start();
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef w = system.spawn("w", () -> new Worker(log, List.of()), SpawnOptions.builder().dispatcher("manual")
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.SUSPEND).build()).build());
        w.tell("a");
        w.tell("boom");
        w.tell("b");
        w.tell("c");
        pumpUntil(() -> state("w") == ActorInfo.State.SUSPENDED); // the guardian decides on its own thread
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("w:a");
        DeadLetter failed = dead.next(DeadLetter.class);
        assertThat(failed.message()).isEqualTo("boom");
        assertThat(failed.reason()).isEqualTo(DeadLetter.Reason.FAILED);

        assertThat(system.reinstate(w)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("w:a", "w:b", "w:c");
        var count = w.ask("count", Duration.ofSeconds(30)).toCompletableFuture();
        pumpUntil(count::isDone);
        assertThat(count.get()).as("the same instance went on").isEqualTo(3);
        assertThat(system.inspect("w").orElseThrow().restartCount()).isZero();
        stopAll();
    }

    @Test
    void suspendAndReinstateArePublishedOnTheEventStream() {
        start();
        Recorder events = new Recorder(system, "events");
        system.eventStream().subscribe(ActorSuspended.class, events.ref);
        system.eventStream().subscribe(ActorReinstated.class, events.ref);
        ActorRef w = system.spawn("w", () -> new Worker(new CopyOnWriteArrayList<>(), List.of()), SpawnOptions.builder()
                .dispatcher("manual").supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.SUSPEND).build())
                .build());
        assertThat(manual.pump(1_000)).isTrue();

        system.suspend(w);
        assertThat(manual.pump(1_000)).isTrue();
        ActorSuspended byOperator = events.next(ActorSuspended.class);
        assertThat(byOperator.actor()).isEqualTo(w);
        assertThat(byOperator.reason()).isEqualTo(ActorSuspended.Reason.OPERATOR);
        assertThat(byOperator.lasting()).isTrue();
        assertThat(byOperator.cause()).isNull();
        system.reinstate(w);
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(events.next(ActorReinstated.class).actor()).isEqualTo(w);

        w.tell("boom");
        assertThat(manual.pump(1_000)).isTrue();
        ActorSuspended onFailure = events.next(ActorSuspended.class);
        assertThat(onFailure.reason()).isEqualTo(ActorSuspended.Reason.FAILURE);
        assertThat(onFailure.lasting()).isFalse();
        pumpUntil(() -> state("w") == ActorInfo.State.SUSPENDED);
        ActorSuspended byDirective = events.next(ActorSuspended.class);
        assertThat(byDirective.reason()).isEqualTo(ActorSuspended.Reason.SUPERVISOR);
        assertThat(byDirective.cause()).hasMessage("boom");

        // A restart ends a lasting suspension: the fresh instance processes messages.
        assertThat(system.restart(w)).isTrue();
        pumpUntil(() -> state("w") == ActorInfo.State.RUNNING);
        assertThat(events.next(ActorReinstated.class).actor()).isEqualTo(w);
        stopAll();
    }

    @Test
    void suspendAndReinstateAnswerFalseForAnActorNotAliveHere() throws Exception {
        start();
        ActorRef w = system.spawn("w", () -> new Worker(new CopyOnWriteArrayList<>(), List.of()), onManual());
        var stopped = system.stop(w).toCompletableFuture();
        pumpUntil(stopped::isDone);
        assertThat(system.suspend(w)).isFalse();
        assertThat(system.reinstate(w)).isFalse();
        assertThat(system.suspend(system.actorOf("never-existed"))).isFalse();
        assertThat(system.reinstate(system.actorOf("never-existed"))).isFalse();
    }

    @Test
    void aChildSpawnedWhileAnAncestorIsSuspendedWaitsWithTheSubtree() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        system.spawn("g", () -> new Worker(log, List.of("p", "c")), onManual());
        assertThat(manual.pump(1_000)).isTrue();
        ActorRef p = system.lookup("/user/g/p").orElseThrow();
        ActorRef g = system.lookup("g").orElseThrow();

        assertThat(system.suspend(g)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        // A restart is system work, so it runs under the suspension; the fresh instance spawns a new child, which
        // must wait with the rest of the subtree.
        assertThat(system.restart(p)).isTrue();
        pumpUntil(() -> system.inspect("/user/g/p").orElseThrow().restartCount() == 1
                && system.lookup("/user/g/p/c").isPresent());
        ActorRef fresh = system.lookup("/user/g/p/c").orElseThrow();
        fresh.tell("a");
        fresh.tell("b");
        p.tell("x");
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).as("nothing below the suspended actor runs").isEmpty();
        assertThat(state("/user/g/p/c")).isEqualTo(ActorInfo.State.SUSPENDED);

        assertThat(system.reinstate(g)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactlyInAnyOrder("p:x", "c:a", "c:b");
        assertThat(log.stream().filter(e -> e.startsWith("c:"))).containsExactly("c:a", "c:b");
        for (String path : List.of("/user/g", "/user/g/p", "/user/g/p/c")) {
            assertThat(state(path)).as(path).isEqualTo(ActorInfo.State.RUNNING);
        }
        stopAll();
    }

    @Test
    void timeSpentSuspendedDoesNotPassivateTheActorAheadOfItsKeptMessages() {
        manual = new ManualDispatcher("manual");
        io.goakt.testsupport.ManualScheduler time = new io.goakt.testsupport.ManualScheduler();
        system = ActorSystem.create("suspend-idle", ActorSystemConfig.builder().dispatcher(manual).scheduler(time)
                .build());
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef w = system.spawn("w", () -> new Worker(log, List.of()), SpawnOptions.builder().dispatcher("manual")
                .passivation(Passivation.afterIdle(Duration.ofMinutes(1))).build());
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(system.suspend(w)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        time.advance(Duration.ofMinutes(2)); // the idle check fires and waits in the queue
        w.tell("a");
        assertThat(system.reinstate(w)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("w:a");
        assertThat(system.lookup("w")).as("still alive: the idle clock restarted at the reinstate").isPresent();
        stopAll();
    }

    @Test
    void aChildWhoseEscalatedFailureEndedInItsParentsSuspensionGoesOnWhenTheParentIsReinstated() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        SpawnOptions escalate = SpawnOptions.builder().dispatcher("manual")
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build()).build();
        SpawnOptions suspend = SpawnOptions.builder().dispatcher("manual")
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.SUSPEND).build()).build();
        system.spawn("g", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("p", () -> new Actor() {
                    @Override
                    public void preStart(Context p) {
                        p.spawnChild("c", () -> new Worker(log, List.of()), escalate);
                    }

                    @Override
                    public void receive(ReceiveContext p) {
                    }
                }, suspend);
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, onManual());
        assertThat(manual.pump(1_000)).isTrue();
        ActorRef p = system.lookup("/user/g/p").orElseThrow();
        ActorRef c = system.lookup("/user/g/p/c").orElseThrow();

        c.tell("boom");
        c.tell("a");
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(state("/user/g/p")).isEqualTo(ActorInfo.State.SUSPENDED);
        assertThat(state("/user/g/p/c")).isEqualTo(ActorInfo.State.SUSPENDED);
        assertThat(log).isEmpty();

        assertThat(system.reinstate(p)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(log).containsExactly("c:a");
        assertThat(state("/user/g/p/c")).isEqualTo(ActorInfo.State.RUNNING);
        stopAll();
    }
}
