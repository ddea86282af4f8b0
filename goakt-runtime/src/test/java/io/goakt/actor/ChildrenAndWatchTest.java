package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.eventstream.LifecycleEvent;
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

class ChildrenAndWatchTest {

    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("children");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    @Test
    void spawnChildAndChildrenAndDuplicateChildName() throws Exception {
        ActorRef parent = system.spawnFromFunction("parent", ctx -> {
            if ("spawn".equals(ctx.message())) {
                ctx.spawnChild("a", () -> Actors.fromFunction(c -> { }));
                ctx.spawnChild("b", () -> Actors.fromFunction(c -> { }));
                try {
                    ctx.spawnChild("a", () -> Actors.fromFunction(c -> { }));
                    ctx.respond("no error");
                } catch (ActorAlreadyExistsException e) {
                    ctx.respond(ctx.children().stream().map(ActorRef::path).sorted().toList());
                }
            }
        });
        Object reply = parent.ask("spawn", Duration.ofSeconds(5)).toCompletableFuture().get();
        assertThat(reply).isEqualTo(List.of("/user/parent/a", "/user/parent/b"));
        assertThat(system.inspect("parent").orElseThrow().children())
                .containsExactlyInAnyOrder("/user/parent/a", "/user/parent/b");
    }

    @Test
    void stoppingAParentStopsItsSubtreeFirst() throws Exception {
        List<String> stops = new CopyOnWriteArrayList<>();
        class Level implements Actor {
            final int depth;

            Level(int depth) {
                this.depth = depth;
            }

            @Override
            public void preStart(Context ctx) {
                if (depth < 2) {
                    ctx.spawnChild("x", () -> new Level(depth + 1));
                }
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }

            @Override
            public void postStop(Context ctx) {
                stops.add(ctx.self().path());
            }
        }
        ActorRef top = system.spawn("top", () -> new Level(0));
        system.stop(top).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(stops).containsExactly("/user/top/x/x", "/user/top/x", "/user/top");
        assertThat(system.lookup("top/x")).isEmpty();
    }

    @Test
    void terminatedIsDeliveredExactlyOncePerWatcher() throws Exception {
        Recorder w1 = new Recorder(system, "w1");
        AtomicInteger terminatedCount = new AtomicInteger();
        CountDownLatch got = new CountDownLatch(1);
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        ActorRef watcher = system.spawnFromFunction("watcher", ctx -> {
            if ("watch".equals(ctx.message())) {
                ctx.watch(target);
                ctx.watch(target); // watching twice still means one Terminated
                ctx.respond("ok");
            } else if (ctx.message() instanceof Terminated t) {
                assertThat(t.actor()).isEqualTo(target);
                assertThat(ctx.sender()).isEqualTo(target);
                terminatedCount.incrementAndGet();
                got.countDown();
                w1.ref.tell(t);
            }
        });
        watcher.ask("watch", Duration.ofSeconds(5)).toCompletableFuture().get();
        system.stop(target).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w1.next()).isEqualTo(new Terminated(target));
        w1.expectNoMessage(Duration.ofMillis(200));
        assertThat(terminatedCount).hasValue(1);
    }

    @Test
    void watchingAnActorThatIsAlreadyDeadDeliversTerminatedAtOnce() throws Exception {
        ActorRef dead = system.spawnFromFunction("dead", ctx -> { });
        system.stop(dead).toCompletableFuture().get(10, TimeUnit.SECONDS);
        Recorder rec = new Recorder(system, "rec");
        system.spawn("late-watcher", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.watch(dead);
                ctx.watch(system.actorOf("never-existed"));
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() instanceof Terminated t) {
                    rec.ref.tell(t.actor().path());
                }
            }
        });
        assertThat(List.of(rec.next(), rec.next())).containsExactlyInAnyOrder("/user/dead", "/user/never-existed");
    }

    @Test
    void unwatchMeansNoTerminated() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        ActorRef watcher = system.spawnFromFunction("watcher", ctx -> {
            if ("watch".equals(ctx.message())) {
                ctx.watch(target);
                ctx.respond("ok");
            } else if ("unwatch".equals(ctx.message())) {
                ctx.unwatch(target);
                ctx.respond("ok");
            } else if (ctx.message() instanceof Terminated t) {
                rec.ref.tell(t);
            }
        });
        watcher.ask("watch", Duration.ofSeconds(5)).toCompletableFuture().get();
        watcher.ask("unwatch", Duration.ofSeconds(5)).toCompletableFuture().get();
        system.stop(target).toCompletableFuture().get(10, TimeUnit.SECONDS);
        rec.expectNoMessage(Duration.ofMillis(300));
    }

    @Test
    void deadLettersForStoppedUnknownAndUnhandledAreCounted() throws Exception {
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        long before = system.deadLetterCount();

        ActorRef stopped = system.spawnFromFunction("stopped", ctx -> { });
        system.stop(stopped).toCompletableFuture().get(10, TimeUnit.SECONDS);
        stopped.tell("to-stopped");
        DeadLetter a = dead.next(DeadLetter.class);
        assertThat(a.message()).isEqualTo("to-stopped");
        assertThat(a.reason()).isEqualTo(DeadLetter.Reason.ACTOR_STOPPED);
        assertThat(a.receiver()).isEqualTo(stopped);

        system.actorOf("nobody").tell("to-unknown");
        DeadLetter b = dead.next(DeadLetter.class);
        assertThat(b.reason()).isEqualTo(DeadLetter.Reason.UNKNOWN_ACTOR);
        assertThat(b.receiver().path()).isEqualTo("/user/nobody");

        ActorRef picky = system.spawnFromFunction("picky", ctx -> {
            if (!(ctx.message() instanceof String)) {
                ctx.unhandled();
            }
        });
        picky.tell(42);
        DeadLetter c = dead.next(DeadLetter.class);
        assertThat(c.message()).isEqualTo(42);
        assertThat(c.reason()).isEqualTo(DeadLetter.Reason.UNHANDLED);

        assertThat(system.deadLetterCount() - before).isEqualTo(3);
        assertThatThrownBy(() -> picky.ask(7, Duration.ofMinutes(1)).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(MessageNotHandledException.class);
    }

    record Custom(String text) {
    }

    @Test
    void eventStreamDeliversByTypeToRefsAndCallbacks() {
        Recorder lifecycle = new Recorder(system, "lifecycle");
        List<Object> customs = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(LifecycleEvent.class, lifecycle.ref);
        EventStream.Subscription sub = system.eventStream().subscribe(Custom.class, customs::add);

        ActorRef a = system.spawnFromFunction("a", ctx -> { });
        assertThat(lifecycle.next()).isEqualTo(new ActorStarted(a));
        system.stop(a);
        assertThat(lifecycle.next()).isEqualTo(new ActorStopped(a));

        system.eventStream().publish(new Custom("x"));
        system.eventStream().publish("not a custom");
        assertThat(customs).containsExactly(new Custom("x"));
        sub.close();
        system.eventStream().publish(new Custom("y"));
        assertThat(customs).containsExactly(new Custom("x"));
        assertThat(system.eventStream().hasSubscribers(ActorStarted.class)).isTrue();
        assertThat(system.eventStream().hasSubscribers(Custom.class)).isFalse();
    }

    @Test
    void aStoppedActorIsUnsubscribedFromTheEventStream() throws Exception {
        ActorRef sub = system.spawnFromFunction("sub", ctx -> { });
        system.eventStream().subscribe(Custom.class, sub);
        assertThat(system.eventStream().hasSubscribers(Custom.class)).isTrue();
        system.stop(sub).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(system.eventStream().hasSubscribers(Custom.class)).isFalse();
    }
}
