package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.dispatch.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagingTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private ActorSystem start(ActorSystemConfig config) {
        system = ActorSystem.create("messaging", config);
        return system;
    }

    @Test
    void tellWithAndWithoutSender() {
        start(ActorSystemConfig.defaults());
        Recorder rec = new Recorder(system, "rec");
        ActorRef sender = system.spawnFromFunction("sender", ctx -> { });
        rec.ref.tell("anonymous");
        rec.ref.tell("signed", sender);
        Recorder.Received a = rec.nextReceived();
        Recorder.Received b = rec.nextReceived();
        assertThat(a).isEqualTo(new Recorder.Received("anonymous", null));
        assertThat(b).isEqualTo(new Recorder.Received("signed", sender));
        assertThatThrownBy(() -> rec.ref.tell(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void askReturnsTheReplyAndStatusFailureFailsIt() throws Exception {
        start(ActorSystemConfig.defaults());
        ActorRef echo = system.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof String s) {
                ctx.respond(s.equals("fail") ? new Status.Failure(new IllegalStateException("nope")) : s + "!");
            }
        });
        assertThat(echo.ask("hi", Duration.ofSeconds(5)).toCompletableFuture().get()).isEqualTo("hi!");
        assertThat(echo.ask("typed", String.class, Duration.ofSeconds(5)).toCompletableFuture().get())
                .isEqualTo("typed!");
        assertThatThrownBy(() -> echo.ask("fail", Duration.ofSeconds(5)).toCompletableFuture().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void askTimesOutAndLeavesNothingPending() throws Exception {
        ManualScheduler time = new ManualScheduler();
        start(ActorSystemConfig.builder().scheduler(time).build());
        Recorder silent = new Recorder(system, "silent");
        CompletableFuture<Object> f = silent.ref.ask("ping", Duration.ofSeconds(3)).toCompletableFuture();
        silent.next(); // the message arrived; no reply comes
        assertThat(time.pending()).isEqualTo(1);
        time.advance(Duration.ofSeconds(2));
        assertThat(f).isNotDone();
        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AskTimeoutException.class)
                .hasMessageContaining("/user/silent");
        assertThat(time.pending()).isZero();

        ActorRef echo = system.spawnFromFunction("echo", ctx -> ctx.respond("pong"));
        for (int i = 0; i < 100; i++) {
            assertThat(echo.ask("ping", Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isEqualTo("pong");
        }
        assertThat(time.pending()).as("answered asks cancel their timeouts").isZero();
    }

    @Test
    void lateReplyAfterTimeoutBecomesADeadLetter() throws Exception {
        ManualScheduler time = new ManualScheduler();
        start(ActorSystemConfig.builder().scheduler(time).build());
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        Recorder holder = new Recorder(system, "holder");
        CompletableFuture<Object> f = holder.ref.ask("q", Duration.ofSeconds(1)).toCompletableFuture();
        ActorRef replyTo = holder.nextReceived().sender();
        time.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(AskTimeoutException.class);
        replyTo.tell("too late");
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.message()).isEqualTo("too late");
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.ASK_COMPLETED);
    }

    @Test
    void askToAStoppedOrUnknownActorFailsAtOnce() throws Exception {
        start(ActorSystemConfig.defaults());
        ActorRef gone = system.spawnFromFunction("gone", ctx -> { });
        system.stop(gone).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> gone.ask("x", Duration.ofMinutes(5)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ActorNotAliveException.class);
        assertThatThrownBy(() -> system.actorOf("never").ask("x", Duration.ofMinutes(5)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ActorNotAliveException.class);
    }

    @Test
    void forwardKeepsTheOriginalSender() throws Exception {
        start(ActorSystemConfig.defaults());
        ActorRef last = system.spawnFromFunction("last", ctx -> ctx.respond("from-last:" + ctx.message()));
        ActorRef middle = system.spawnFromFunction("middle", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.forward(last);
            }
        });
        ActorRef viaRef = system.spawnFromFunction("via-ref", ctx -> {
            if (ctx.message() instanceof String s) {
                last.forward(s + "+", ctx);
            }
        });
        assertThat(middle.ask("x", Duration.ofSeconds(5)).toCompletableFuture().get()).isEqualTo("from-last:x");
        assertThat(viaRef.ask("y", Duration.ofSeconds(5)).toCompletableFuture().get()).isEqualTo("from-last:y+");
    }

    @Test
    void respondWithoutSenderIsADeadLetter() {
        start(ActorSystemConfig.defaults());
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        ActorRef r = system.spawnFromFunction("responder", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.respond("reply");
            }
        });
        r.tell("no sender");
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.NO_SENDER);
        assertThat(dl.message()).isEqualTo("reply");
        assertThat(dl.sender()).isEqualTo(r);
    }

    record Lookup(String key) {
    }

    record Found(String key, Object value) {
    }

    @Test
    void askInsideAnActorDoesNotBlockAndTheReplyComesBackThroughPipeTo() throws Exception {
        start(ActorSystemConfig.builder().parallelism(1).build()); // one thread: a blocking ask would deadlock
        ActorRef store = system.spawnFromFunction("store", ctx -> {
            if (ctx.message() instanceof String key) {
                ctx.respond(key.toUpperCase());
            }
        });
        ActorRef front = system.spawn("front", () -> new Actor() {
            ActorRef client;
            int handledMeanwhile;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if (m instanceof Lookup l) {
                    client = ctx.sender();
                    ctx.pipeToSelf(ctx.ask(store, l.key(), Duration.ofSeconds(5))
                            .thenApply(v -> new Found(l.key(), v)));
                    ctx.self().tell("meanwhile");
                } else if ("meanwhile".equals(m)) {
                    handledMeanwhile++;
                } else if (m instanceof Found f) {
                    client.tell(f.value() + "/" + handledMeanwhile, ctx.self());
                }
            }
        });
        Object reply = front.ask(new Lookup("abc"), Duration.ofSeconds(5)).toCompletableFuture().get();
        assertThat(reply).isIn("ABC/1", "ABC/0");
    }

    @Test
    void pipeToSendsFailuresAsStatusFailure() {
        start(ActorSystemConfig.defaults());
        Recorder rec = new Recorder(system, "rec");
        ActorRef piper = system.spawnFromFunction("piper", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.pipeTo(CompletableFuture.failedFuture(new IllegalArgumentException("bad")), rec.ref);
                ctx.pipeTo(CompletableFuture.completedFuture(null), rec.ref);
            }
        });
        piper.tell("go");
        Recorder.Received failure = rec.nextReceived();
        assertThat(failure.sender()).isEqualTo(piper);
        assertThat(((Status.Failure) failure.message()).cause()).isInstanceOf(IllegalArgumentException.class);
        assertThat(rec.next()).isEqualTo(new Status.Success(null));
    }

    @Test
    void schedulerIsInjectable() {
        Scheduler s = new ManualScheduler();
        start(ActorSystemConfig.builder().scheduler(s).build());
        assertThat(system.scheduler()).isSameAs(s);
    }
}
