package io.goakt.router;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Status;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Tail-chopping on a manual clock: intervals and the deadline pass only when the test moves time. */
class TailChoppingTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final Duration INTERVAL = Duration.ofMillis(200);

    private final ManualScheduler clock = new ManualScheduler();
    private final Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();
    private final BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();
    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("chop", ActorSystemConfig.builder().scheduler(clock).build());
        system.eventStream().subscribe(DeadLetter.class, deadLetters::add);
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /**
     * Counts the "q" it is asked and answers as its name's mode says: "reply" at once, "fail" with a Status.Failure
     * at once, "hold" only when told "release" (then to the asker it held).
     */
    private final class Answerer implements Actor {
        private final Map<String, String> modes;
        private ActorRef held;

        Answerer(Map<String, String> modes) {
            this.modes = modes;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            String name = ctx.self().name();
            if ("q".equals(m)) {
                asked.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                switch (modes.get(name)) {
                    case "reply" -> ctx.respond("answer from " + name);
                    case "fail" -> ctx.respond(new Status.Failure(new IllegalStateException("failed " + name)));
                    default -> held = ctx.sender();
                }
            } else if ("release".equals(m)) {
                held.tell("late from " + name, ctx.self());
            } else if (m != PostStart.INSTANCE) {
                ctx.unhandled();
            }
        }
    }

    private ActorRef spawnPool(Map<String, String> modes) throws Exception {
        ActorRef router = system.spawn("tc", Routers.pool(modes.size(), () -> new Answerer(modes),
                RoutingStrategy.tailChopping(WITHIN, INTERVAL)), SpawnOptions.defaults());
        RoutingStrategiesTest.routees(router); // started
        return router;
    }

    private int asked(String routee) {
        AtomicInteger n = asked.get(routee);
        return n == null ? 0 : n.get();
    }

    private void awaitAsked(String routee) {
        await().atMost(Duration.ofSeconds(30)).until(() -> asked(routee) == 1);
    }

    @Test
    void whenTheFirstRouteeAnswersNoOtherRouteeIsAsked() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "reply", "routee-1", "reply", "routee-2", "reply"));
        Recorder probe = new Recorder(system, "probe");

        router.tell("q", probe.ref);
        Recorder.Received r = probe.nextReceived();
        assertThat(r.message()).isEqualTo("answer from routee-0");
        assertThat(r.sender()).isEqualTo(router);

        clock.advance(WITHIN.multipliedBy(2));
        probe.expectNoMessage(Duration.ofMillis(200));
        assertThat(asked("routee-0")).isEqualTo(1);
        assertThat(asked("routee-1") + asked("routee-2")).isZero();
    }

    @Test
    void aSlowFirstRouteeMakesTheNextOneAskedAfterTheIntervalAndItsReplyWins() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold", "routee-1", "reply", "routee-2", "reply"));
        Recorder probe = new Recorder(system, "probe");

        router.tell("q", probe.ref);
        awaitAsked("routee-0");
        clock.advance(INTERVAL.minusMillis(1));
        probe.expectNoMessage(Duration.ofMillis(200));
        assertThat(asked("routee-1")).isZero();

        clock.advance(Duration.ofMillis(1));
        Recorder.Received r = probe.nextReceived();
        assertThat(r.message()).isEqualTo("answer from routee-1");
        assertThat(r.sender()).isEqualTo(router);

        clock.advance(WITHIN);
        assertThat(asked("routee-2")).isZero();
    }

    @Test
    void aReplyAfterTheWinnerWithinTheDeadlineIsDroppedSilently() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold", "routee-1", "reply"));
        List<ActorRef> routees = RoutingStrategiesTest.routees(router);
        Recorder probe = new Recorder(system, "probe");

        router.tell("q", probe.ref);
        awaitAsked("routee-0");
        clock.advance(INTERVAL);
        assertThat(probe.next()).isEqualTo("answer from routee-1");

        routees.get(0).tell("release");
        probe.expectNoMessage(Duration.ofMillis(300));
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void withNoReplyEveryRouteeIsAskedOnceAndTheSenderGetsAskTimeoutExceptionAtTheDeadline() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold", "routee-1", "hold", "routee-2", "hold"));
        Recorder probe = new Recorder(system, "probe");

        router.tell("q", probe.ref);
        awaitAsked("routee-0");
        clock.advance(INTERVAL);
        awaitAsked("routee-1");
        clock.advance(INTERVAL);
        awaitAsked("routee-2");
        clock.advance(WITHIN.minus(INTERVAL.multipliedBy(2)).minusMillis(1));
        probe.expectNoMessage(Duration.ofMillis(200));

        clock.advance(Duration.ofMillis(1));
        Recorder.Received r = probe.nextReceived();
        assertThat(r.sender()).isEqualTo(router);
        assertThat(r.message()).isInstanceOf(Status.Failure.class);
        assertThat(((Status.Failure) r.message()).cause())
                .isInstanceOf(AskTimeoutException.class).hasMessageContaining(router.path());
        assertThat(asked).allSatisfy((name, n) -> assertThat(n.get()).as(name).isEqualTo(1));
    }

    @Test
    void aFailingRouteeIsNotWaitedForTheNextIsAskedAtOnce() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "fail", "routee-1", "reply", "routee-2", "reply"));
        Object reply = router.ask("q", Duration.ofMinutes(1)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("answer from routee-1"); // the clock never moved
        assertThat(asked("routee-2")).isZero();
    }

    @Test
    void whenEveryRouteeFailsTheSenderGetsTheFirstFailureCauseBeforeTheDeadline() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "fail", "routee-1", "fail"));
        var reply = router.ask("q", Duration.ofMinutes(1)).toCompletableFuture();
        assertThatThrownBy(() -> reply.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class).hasMessage("failed routee-0");
    }

    @Test
    void theFirstRouteeAskedMovesRoundRobinOverMessages() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "reply", "routee-1", "reply", "routee-2", "reply"));
        Recorder probe = new Recorder(system, "probe");
        for (int i = 0; i < 4; i++) {
            router.tell("q", probe.ref);
        }
        assertThat(probe.next(4)).containsExactlyInAnyOrder("answer from routee-0", "answer from routee-1",
                "answer from routee-2", "answer from routee-0");
    }

    @Test
    void invalidDurationsFailNamingTheArgument() {
        assertThatThrownBy(() -> RoutingStrategy.tailChopping(WITHIN, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> RoutingStrategy.tailChopping(WITHIN, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> RoutingStrategy.tailChopping(INTERVAL, INTERVAL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within");
        assertThat(RoutingStrategy.tailChopping(WITHIN, INTERVAL).toString()).contains("tailChopping");
    }
}
