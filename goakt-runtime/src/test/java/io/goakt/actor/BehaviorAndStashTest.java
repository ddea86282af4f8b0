package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BehaviorAndStashTest {

    private ActorSystem system;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("behavior");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(5)).toCompletableFuture().get();
    }

    @Test
    void becomeBecomeStackedAndUnbecome() throws Exception {
        ActorRef ref = system.spawn("moody", () -> new Actor() {
            final Behavior angry = ctx -> {
                if ("calm".equals(ctx.message())) {
                    ctx.unbecome();
                    ctx.respond("calmed");
                } else {
                    ctx.respond("angry:" + ctx.message());
                }
            };
            final Behavior sleepy = ctx -> {
                if ("wake".equals(ctx.message())) {
                    ctx.unbecome();
                    ctx.respond("woke");
                } else if ("annoy".equals(ctx.message())) {
                    ctx.becomeStacked(angry);
                    ctx.respond("grr");
                } else {
                    ctx.respond("sleepy:" + ctx.message());
                }
            };

            @Override
            public void receive(ReceiveContext ctx) {
                if ("sleep".equals(ctx.message())) {
                    ctx.becomeStacked(sleepy);
                    ctx.respond("zzz");
                } else if ("replace".equals(ctx.message())) {
                    ctx.become(angry);
                    ctx.respond("replaced");
                } else if (ctx.message() instanceof String) {
                    ctx.respond("normal:" + ctx.message());
                }
            }
        });
        assertThat(ask(ref, "hi")).isEqualTo("normal:hi");
        assertThat(ask(ref, "sleep")).isEqualTo("zzz");
        assertThat(ask(ref, "hi")).isEqualTo("sleepy:hi");
        assertThat(ask(ref, "annoy")).isEqualTo("grr");
        assertThat(ask(ref, "hi")).isEqualTo("angry:hi");
        assertThat(ask(ref, "calm")).isEqualTo("calmed");
        assertThat(ask(ref, "hi")).isEqualTo("sleepy:hi");
        assertThat(ask(ref, "wake")).isEqualTo("woke");
        assertThat(ask(ref, "hi")).isEqualTo("normal:hi");
        assertThat(ask(ref, "replace")).isEqualTo("replaced");
        assertThat(ask(ref, "hi")).isEqualTo("angry:hi");
        assertThat(ask(ref, "calm")).isEqualTo("calmed");
        assertThat(ask(ref, "hi")).isEqualTo("normal:hi");
    }

    @Test
    void stashUnstashAndUnstashAllKeepOrderAndSenders() throws Exception {
        Recorder out = new Recorder(system, "out");
        ActorRef ref = system.spawn("door", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if ("open".equals(m)) {
                    open = true;
                    ctx.unstashAll();
                } else if ("one".equals(m)) {
                    ctx.unstash();
                } else if (m instanceof Integer && !open) {
                    ctx.stash();
                } else if (m instanceof Integer) {
                    out.ref.tell(m, ctx.sender());
                }
            }
        });
        ActorRef sender = system.spawnFromFunction("sender", ctx -> { });
        for (int i = 1; i <= 5; i++) {
            ref.tell(i, sender);
        }
        ref.tell("one");
        ref.tell(6, sender);
        ref.tell("open");
        ref.tell(7);
        Recorder.Received first = out.nextReceived();
        // "one" unstashes 1 ahead of the mailbox, but the actor is still closed, so 1 is stashed again at the end.
        assertThat(first.sender()).isEqualTo(sender);
        List<Object> rest = new ArrayList<>();
        rest.add(first.message());
        rest.addAll(out.next(6));
        assertThat(rest).containsExactly(2, 3, 4, 5, 1, 6, 7);
    }

    @Test
    void stashOverflowGoesToSupervisionNeverASilentDrop() throws Exception {
        Recorder events = new Recorder(system, "events");
        system.eventStream().subscribe(io.goakt.eventstream.ActorFailed.class, events.ref);
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        ActorRef ref = system.spawn("hoarder", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof Integer) {
                ctx.stash();
            } else if ("size".equals(ctx.message())) {
                ctx.respond(ctx.stashSize());
            }
        }), SpawnOptions.builder().stashCapacity(3)
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build());
        for (int i = 0; i < 4; i++) {
            ref.tell(i);
        }
        io.goakt.eventstream.ActorFailed failed = events.next(io.goakt.eventstream.ActorFailed.class);
        assertThat(failed.cause()).isInstanceOf(StashOverflowException.class);
        assertThat(failed.message()).isEqualTo(3);
        DeadLetter dl = dead.next(DeadLetter.class);
        assertThat(dl.message()).isEqualTo(3);
        assertThat(dl.reason()).isEqualTo(DeadLetter.Reason.FAILED);
        assertThat(ask(ref, "size")).isEqualTo(3);
    }

    @Test
    void stashingTheCurrentMessageTwiceThrowsAndTheMessageIsHandledOnceAfterUnstashAll() throws Exception {
        List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Throwable> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("twice", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if ("open".equals(m)) {
                    open = true;
                    ctx.unstashAll();
                } else if ("count".equals(m)) {
                    ctx.respond(handled.size());
                } else if (m instanceof String && !open) {
                    ctx.stash();
                    try {
                        ctx.stash();
                    } catch (IllegalStateException e) {
                        refused.add(e);
                    }
                } else if (m instanceof String) {
                    handled.add(m);
                }
            }
        }, SpawnOptions.defaults());
        ref.tell("x");
        ref.tell("open");
        assertThat(ask(ref, "count")).isEqualTo(1);
        assertThat(handled).containsExactly("x");
        assertThat(refused).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("already stashed"));
    }

    @Test
    void theSameMessageObjectArrivingTwiceIsStashedBothTimes() throws Exception {
        List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("same", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if ("open".equals(m)) {
                    open = true;
                    ctx.unstashAll();
                } else if ("count".equals(m)) {
                    ctx.respond(handled.size());
                } else if (m == PostStart.INSTANCE) {
                    return;
                } else if (!open) {
                    ctx.stash();
                } else {
                    handled.add(m);
                }
            }
        }, SpawnOptions.defaults());
        Object same = "again";
        ref.tell(same);
        ref.tell(same);
        ref.tell("open");
        assertThat(ask(ref, "count")).isEqualTo(2);
        assertThat(handled).containsExactly("again", "again");
    }
}
