package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LifecycleTest {

    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("lifecycle");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void preStartRunsBeforeTheFirstMessageAndPostStartIsFirstInTheMailbox() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        ActorRef ref = system.spawn("a", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                seen.add("preStart");
                ctx.self().tell("sent-in-preStart"); // queued behind PostStart
            }

            @Override
            public void receive(ReceiveContext ctx) {
                seen.add(ctx.message());
                done.countDown();
            }
        });
        ref.tell("after-spawn");
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("preStart", PostStart.INSTANCE, "sent-in-preStart", "after-spawn");
    }

    @Test
    void anActorThatLeavesEveryMessageUnhandledMakesNoDeadLetterOfPostStart() throws Exception {
        long before = system.deadLetterCount();
        ActorRef ref = system.spawnFromFunction("strict", ctx -> {
            if ("ping".equals(ctx.message())) {
                ctx.respond("pong");
            } else {
                ctx.unhandled();
            }
        });
        // PostStart is handled before any message sent after the spawn, so it has been left unhandled by now
        assertThat(ref.ask("ping", Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo("pong");
        assertThat(system.deadLetterCount()).isEqualTo(before);
    }

    @Test
    void preStartThatThrowsFailsTheSpawnWithTheCauseAndFreesTheName() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> system.spawn("bad", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                throw boom;
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        })).isInstanceOf(ActorInitializationException.class).hasCause(boom).hasMessageContaining("/user/bad");
        assertThat(system.lookup("bad")).isEmpty();
        assertThat(system.actorCount()).isZero();
        system.spawnFromFunction("bad", ctx -> { }); // the name is free again
    }

    @Test
    void postStopRunsExactlyOnceEvenWhenStoppedManyWays() throws Exception {
        AtomicInteger postStops = new AtomicInteger();
        ActorRef ref = system.spawn("once", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
            }

            @Override
            public void postStop(Context ctx) {
                postStops.incrementAndGet();
            }
        });
        ref.tell(PoisonPill.INSTANCE);
        system.stop(ref);
        system.stop(ref).toCompletableFuture().get(10, TimeUnit.SECONDS);
        ref.tell(PoisonPill.INSTANCE);
        system.shutdown(Duration.ofSeconds(10));
        assertThat(postStops).hasValue(1);
    }

    @Test
    void poisonPillStopsAfterTheMessagesAheadOfIt() throws Exception {
        Recorder dead = new Recorder(system, "dead-letters");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        ActorRef ref = system.spawnFromFunction("pp", ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                gate.await(10, TimeUnit.SECONDS); // hold the actor so the mailbox fills up
            } else {
                handled.add(ctx.message());
            }
        });
        ref.tell(1);
        ref.tell(2);
        ref.tell(PoisonPill.INSTANCE);
        ref.tell(3);
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> system.lookup("pp").isEmpty());
        assertThat(handled).containsExactly(1, 2);
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.message()).isEqualTo(3);
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.ACTOR_STOPPED);
    }

    @Test
    void stopInsideReceiveStopsAfterTheCurrentMessage() {
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        ActorRef ref = system.spawnFromFunction("stopper", ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                gate.await(10, TimeUnit.SECONDS);
                return;
            }
            handled.add(ctx.message());
            if ("stop".equals(ctx.message())) {
                ctx.stop();
                handled.add("still-running-after-stop()");
            }
        });
        ref.tell("a");
        ref.tell("stop");
        ref.tell("b");
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> system.lookup("stopper").isEmpty());
        assertThat(handled).containsExactly("a", "stop", "still-running-after-stop()");
    }
}
