package io.goakt.actor;

import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message an actor fails on becomes a {@link DeadLetter} with reason {@code FAILED} whichever way it reached the
 * actor: told, fired by a timer, the receive timeout, a {@link Terminated}, unstashed, or a request's reply.
 */
class FailedMessageDeadLetterTest {

    private final ManualScheduler time = new ManualScheduler();
    private ActorSystem system;
    private Recorder dead;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("failed", ActorSystemConfig.builder().scheduler(time).build());
        dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private DeadLetter nextFailed() {
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.FAILED);
        return dl;
    }

    @Test
    void aToldMessageTheActorFailsOnBecomesAFailedDeadLetter() {
        ActorRef a = system.spawnFromFunction("told", ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
        });
        a.tell("boom");
        assertThat(nextFailed().message()).isEqualTo("boom");
    }

    @Test
    void aTimerMessageTheActorFailsOnBecomesAFailedDeadLetter() throws Exception {
        ActorRef a = system.spawnFromFunction("timed", ctx -> {
            if ("arm".equals(ctx.message())) {
                ctx.scheduleOnce("k", "tick", Duration.ofSeconds(1));
                ctx.respond("armed");
            } else if ("tick".equals(ctx.message())) {
                throw new IllegalStateException("tick");
            }
        });
        assertThat(ask(a, "arm")).isEqualTo("armed");
        time.advance(Duration.ofSeconds(1));
        DeadLetter dl = nextFailed();
        assertThat(dl.message()).isEqualTo("tick");
        assertThat(dl.receiver()).isEqualTo(a);
    }

    @Test
    void aReceiveTimeoutTheActorFailsOnBecomesAFailedDeadLetter() throws Exception {
        ActorRef a = system.spawnFromFunction("idle", ctx -> {
            if ("arm".equals(ctx.message())) {
                ctx.setReceiveTimeout(Duration.ofSeconds(1));
                ctx.respond("armed");
            } else if (ctx.message() == ReceiveTimeout.INSTANCE) {
                ctx.setReceiveTimeout(null);
                throw new IllegalStateException("idle");
            }
        });
        assertThat(ask(a, "arm")).isEqualTo("armed");
        time.advance(Duration.ofSeconds(1));
        assertThat(nextFailed().message()).isEqualTo(ReceiveTimeout.INSTANCE);
    }

    @Test
    void aTerminatedTheActorFailsOnBecomesAFailedDeadLetter() throws Exception {
        ActorRef watched = system.spawnFromFunction("watched", ctx -> { });
        ActorRef a = system.spawnFromFunction("watcher", ctx -> {
            if ("watch".equals(ctx.message())) {
                ctx.watch(watched);
                ctx.respond("watching");
            } else if (ctx.message() instanceof Terminated) {
                throw new IllegalStateException("terminated");
            }
        });
        assertThat(ask(a, "watch")).isEqualTo("watching");
        system.stop(watched).toCompletableFuture().get(30, TimeUnit.SECONDS);
        DeadLetter dl = nextFailed();
        assertThat(dl.message()).isEqualTo(new Terminated(watched));
        assertThat(dl.sender()).isEqualTo(watched);
    }

    @Test
    void aWatchWithMessageTheActorFailsOnBecomesAFailedDeadLetter() throws Exception {
        ActorRef watched = system.spawnFromFunction("watched-with", ctx -> { });
        ActorRef a = system.spawnFromFunction("watcher-with", ctx -> {
            if ("watch".equals(ctx.message())) {
                ctx.watchWith(watched, "gone");
                ctx.respond("watching");
            } else if ("gone".equals(ctx.message())) {
                throw new IllegalStateException("gone");
            }
        });
        assertThat(ask(a, "watch")).isEqualTo("watching");
        system.stop(watched).toCompletableFuture().get(30, TimeUnit.SECONDS);
        DeadLetter dl = nextFailed();
        assertThat(dl.message()).isEqualTo("gone");
        assertThat(dl.sender()).isEqualTo(watched);
    }

    @Test
    void anUnstashedMessageTheActorFailsOnBecomesAFailedDeadLetter() {
        ActorRef a = system.spawn("stasher", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if ("open".equals(m)) {
                    open = true;
                    ctx.unstashAll();
                } else if ("later".equals(m) && !open) {
                    ctx.stash();
                } else if ("later".equals(m)) {
                    throw new IllegalStateException("later");
                }
            }
        }, SpawnOptions.defaults());
        a.tell("later");
        a.tell("open");
        assertThat(nextFailed().message()).isEqualTo("later");
    }

    @Test
    void aRequestReplyTheCallbackFailsOnBecomesAFailedDeadLetter() throws Exception {
        AtomicReference<ActorRef> asker = new AtomicReference<>();
        ActorRef silent = system.spawnFromFunction("silent", ctx -> {
            if ("q".equals(ctx.message())) {
                asker.set(ctx.sender());
            }
        });
        ActorRef a = system.spawnFromFunction("requester", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.request(silent, "q", Duration.ofHours(1), (c, reply, error) -> {
                    throw new IllegalStateException("reply");
                });
            }
        });
        a.tell("go");
        await().atMost(Duration.ofSeconds(30)).until(() -> asker.get() != null);
        asker.get().tell("answer");
        assertThat(nextFailed().message()).isEqualTo("answer");
    }
}
