package io.goakt.router;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Scatter-gather on a manual clock: ask timeouts fire only when the test moves time. */
class ScatterGatherTest {

    private static final Duration WITHIN = Duration.ofSeconds(1);

    private final ManualScheduler clock = new ManualScheduler();
    private ActorSystem system;
    private final BlockingQueue<DeadLetter> deadLetters = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("scatter", ActorSystemConfig.builder().scheduler(clock).build());
        system.eventStream().subscribe(DeadLetter.class, deadLetters::add);
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /**
     * Answers "q" as its name's mode says: "reply" at once, "fail" with a Status.Failure at once, "hold" only when
     * told "release" (then to the asker it held).
     */
    private static final class Answerer implements Actor {
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

    private ActorRef spawnPool(Map<String, String> modes) {
        return system.spawn("sg", Routers.pool(modes.size(), () -> new Answerer(modes),
                RoutingStrategy.scatterGatherFirstCompleted(WITHIN)), SpawnOptions.defaults());
    }

    private static List<ActorRef> routees(ActorRef router) throws Exception {
        return RoutingStrategiesTest.routees(router);
    }

    @Test
    void theFastestReplyGoesToTheSenderAndLaterRepliesAreDropped() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold", "routee-1", "reply", "routee-2", "hold"));
        List<ActorRef> routees = routees(router);
        Recorder probe = new Recorder(system, "probe");

        router.tell("q", probe.ref);
        Recorder.Received first = probe.nextReceived();
        assertThat(first.message()).isEqualTo("answer from routee-1");
        assertThat(first.sender()).isEqualTo(router);

        // Within the time limit a slower reply completes its own ask and is dropped silently.
        routees.get(2).tell("release");
        probe.expectNoMessage(Duration.ofMillis(200));
        assertThat(deadLetters).isEmpty();

        // After the time limit a reply finds its ask timed out: a dead letter, still nothing for the sender.
        clock.advance(WITHIN);
        routees.get(0).tell("release");
        DeadLetter late = deadLetters.poll(10, TimeUnit.SECONDS);
        assertThat(late).isNotNull();
        assertThat(late.message()).isEqualTo("late from routee-0");
        assertThat(late.reason()).isEqualTo(DeadLetter.Reason.ASK_COMPLETED);
        probe.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void withNoReplyInTimeTheSenderGetsAskTimeoutExceptionAfterTheTimeoutNotBefore() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold", "routee-1", "hold"));
        routees(router);
        Recorder probe = new Recorder(system, "probe");
        int before = clock.pending();

        router.tell("q", probe.ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == before + 2); // both asks armed
        clock.advance(WITHIN.minusMillis(1));
        probe.expectNoMessage(Duration.ofMillis(200));

        clock.advance(Duration.ofMillis(1));
        Recorder.Received r = probe.nextReceived();
        assertThat(r.sender()).isEqualTo(router);
        assertThat(r.message()).isInstanceOf(Status.Failure.class);
        Throwable cause = ((Status.Failure) r.message()).cause();
        assertThat(cause).isInstanceOf(AskTimeoutException.class).hasMessageContaining(router.path());
    }

    @Test
    void anAskerSeesTheTimeoutAsAFailedStage() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "hold"));
        routees(router);
        int before = clock.pending();
        var reply = router.ask("q", Duration.ofMinutes(1)).toCompletableFuture();
        await().atMost(Duration.ofSeconds(10)).until(() -> clock.pending() == before + 2); // our ask + the router's
        clock.advance(WITHIN);
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AskTimeoutException.class);
    }

    @Test
    void aFailureReplyDoesNotWinOverASuccess() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "fail", "routee-1", "reply"));
        routees(router);
        Object reply = router.ask("q", Duration.ofMinutes(1)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(reply).isEqualTo("answer from routee-1");
    }

    @Test
    void whenEveryRouteeFailsTheSenderGetsAFailureCause() throws Exception {
        ActorRef router = spawnPool(Map.of("routee-0", "fail", "routee-1", "fail"));
        routees(router);
        var reply = router.ask("q", Duration.ofMinutes(1)).toCompletableFuture();
        assertThatThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("failed routee-");
    }
}
