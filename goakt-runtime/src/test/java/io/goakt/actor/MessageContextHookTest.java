package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A message context hook sees every tell and ask, and its scope surrounds the handling of each message. */
class MessageContextHookTest {

    private final ThreadContextHook hook = new ThreadContextHook();
    private final ActorSystem system = ActorSystem.create("hooked",
            ActorSystemConfig.builder().messageContextHook(hook).build());

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** Records the context current while it handles each message; answers "pong" to "ping". */
    /** Records what it handles into a list the test owns, so the record outlives any restart. */
    static final class Recorder implements Actor {
        private final ThreadContextHook hook;
        private final List<String> seen;

        Recorder(ThreadContextHook hook, List<String> seen) {
            this.hook = hook;
            this.seen = seen;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof String s) {
                seen.add(s + "@" + hook.current());
                if (s.equals("ping")) {
                    ctx.respond("pong");
                }
                if (s.equals("boom")) {
                    throw new IllegalStateException("boom");
                }
            }
        }
    }

    @Test
    void aTellCarriesTheCallersContextIntoTheHandler() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        hook.runWith("root", () -> ref.tell("hello"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> seen.contains("hello@root/recorder"));
        assertThat(hook.captured).containsExactly("TELL String root MessageContextHookTest$Recorder");
        await().atMost(30, TimeUnit.SECONDS).until(() -> hook.closed.get() == 1);
    }

    /** Each message of a batch is captured by itself, as a tell, or as an ask for {@code askAll}. */
    @Test
    void eachMessageOfABatchCarriesTheCallersContext() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        hook.runWith("root", () -> ref.tellAll(List.of("a", "b")));
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> seen.containsAll(List.of("a@root/recorder", "b@root/recorder")));
        assertThat(hook.captured).containsExactly("TELL String root MessageContextHookTest$Recorder",
                "TELL String root MessageContextHookTest$Recorder");
        hook.captured.clear();
        AtomicReference<List<Object>> replies = new AtomicReference<>();
        hook.runWith("asker", () -> replies.set(ref.askAll(List.of("ping", "ping"), Duration.ofSeconds(30))
                .toCompletableFuture().join()));
        assertThat(replies.get()).containsExactly("pong", "pong");
        assertThat(seen).contains("ping@asker/recorder");
        assertThat(hook.captured).containsExactly("ASK String asker MessageContextHookTest$Recorder",
                "ASK String asker MessageContextHookTest$Recorder");
    }

    @Test
    void aTellThatWaitsForRoomCarriesTheContextToo() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        hook.runWith("root", () -> {
            try {
                ref.tell("waited", null, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(30, TimeUnit.SECONDS).until(() -> seen.contains("waited@root/recorder"));
    }

    @Test
    void aStashedMessageKeepsItsContextUntilItIsHandled() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("stasher", () -> new Actor() {
            boolean open;

            @Override
            public void receive(ReceiveContext ctx) {
                if ("open".equals(ctx.message())) {
                    open = true;
                    ctx.unstashAll();
                } else if (ctx.message() instanceof String s && !open) {
                    ctx.stash();
                } else if (ctx.message() instanceof String s) {
                    seen.add(s + "@" + hook.current());
                }
            }
        }, SpawnOptions.defaults());
        hook.runWith("root", () -> ref.tell("held"));
        ref.tell("open");
        await().atMost(30, TimeUnit.SECONDS).until(() -> seen.contains("held@root/stasher"));
    }

    @Test
    void anAskIsCapturedAsAnAskAndTheReplyArrives() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        Object[] reply = new Object[1];
        hook.runWith("root", () -> reply[0] = ref.ask("ping", Duration.ofSeconds(30)));
        assertThat(((java.util.concurrent.CompletionStage<?>) reply[0]).toCompletableFuture()
                .get(30, TimeUnit.SECONDS)).isEqualTo("pong");
        assertThat(seen).containsExactly("ping@root/recorder");
        assertThat(hook.captured).containsExactly("ASK String root MessageContextHookTest$Recorder");
    }

    @Test
    void aTellInsideAHandlerContinuesTheContextOfTheMessageBeingHandled() {
        List<String> bSeen = new CopyOnWriteArrayList<>();
        ActorRef bRef = system.spawn("b", () -> new Recorder(hook, bSeen));
        ActorRef a = system.spawnFromFunction("a", ctx -> {
            if ("start".equals(ctx.message())) {
                ctx.tell(bRef, "relayed");
            }
        });
        hook.runWith("root", () -> a.tell("start"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> bSeen.contains("relayed@root/a/b"));
        assertThat(hook.opened).containsExactly("root/a", "root/a/b");
    }

    @Test
    void aForwardKeepsTheContextTheMessageArrivedWith() {
        List<String> bSeen = new CopyOnWriteArrayList<>();
        ActorRef bRef = system.spawn("b", () -> new Recorder(hook, bSeen));
        ActorRef a = system.spawnFromFunction("a", ctx -> {
            if (ctx.message() instanceof String) {
                ctx.forward(bRef);
            }
        });
        hook.runWith("root", () -> a.tell("passed-on"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> bSeen.contains("passed-on@root/b"));
        assertThat(hook.captured).hasSize(1); // the forward captured nothing new
        assertThat(hook.captured.get(0)).startsWith("TELL String root ");
    }

    @Test
    void aSendWithoutACurrentContextCarriesNoneAndOpensNoScope() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        ref.tell("plain");
        hook.runWith("root", () -> ref.tell("traced"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("plain@null", "traced@root/recorder");
        assertThat(hook.opened).containsExactly("root/recorder");
    }

    @Test
    void theScopeClosesWhenTheHandlerThrows() {
        List<String> seen = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("recorder", () -> new Recorder(hook, seen));
        hook.runWith("root", () -> ref.tell("boom"));
        await().atMost(30, TimeUnit.SECONDS).until(() -> hook.closed.get() == 1);
        assertThat(seen).containsExactly("boom@root/recorder");
    }

    @Test
    void withoutAHookMessagesArriveAsSentAndNothingIsCaptured() {
        assertThat(ActorSystemConfig.defaults().messageContextHook()).isNull();
        ActorSystem plain = ActorSystem.create("plain", ActorSystemConfig.defaults());
        try {
            List<String> seen = new CopyOnWriteArrayList<>();
            ActorRef ref = plain.spawnFromFunction("r", ctx -> {
                if (ctx.message() instanceof String) {
                    seen.add(ctx.message() + ":" + ctx.headers());
                }
            });
            hook.runWith("root", () -> ref.tell("hello"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> seen.size() == 1);
            assertThat(seen).containsExactly("hello:{}");
            assertThat(hook.captured).isEmpty();
        } finally {
            plain.shutdown(Duration.ofSeconds(10));
        }
    }
}
