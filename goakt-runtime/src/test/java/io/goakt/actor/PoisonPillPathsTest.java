package io.goakt.actor;

import io.goakt.internal.actor.InternalActorRef;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@link PoisonPill} stops its actor, and never reaches {@code receive}, whichever way it arrives: told, by a timer,
 * forwarded, with headers, as a {@code watchWith} message, or held behind a stash-non-reentrant request.
 */
class PoisonPillPathsTest {

    private final ManualScheduler time = new ManualScheduler();
    private ActorSystem system;
    private final List<Object> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("poison", ActorSystemConfig.builder().scheduler(time).build());
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private void awaitStopped(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> system.lookup(name).isEmpty());
    }

    /** Records every message but PostStart, so a PoisonPill reaching receive shows up. */
    private ActorRef recording(String name) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
            }
        });
    }

    @Test
    void aPoisonPillFromATimerStopsTheActorWithoutReachingReceive() throws Exception {
        ActorRef a = system.spawnFromFunction("timed", ctx -> {
            if ("arm".equals(ctx.message())) {
                ctx.scheduleOnce("stop", PoisonPill.INSTANCE, Duration.ofSeconds(1));
                ctx.respond("armed");
            } else if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
            }
        });
        assertThat(ask(a, "arm")).isEqualTo("armed");
        time.advance(Duration.ofSeconds(1));
        awaitStopped("timed");
        assertThat(seen).doesNotContain(PoisonPill.INSTANCE);
    }

    @Test
    void aPoisonPillFromARepeatingTimerStopsTheActorAtTheFirstFiring() throws Exception {
        ActorRef a = system.spawnFromFunction("repeating", ctx -> {
            if ("arm".equals(ctx.message())) {
                ctx.scheduleRepeatedly("stop", PoisonPill.INSTANCE, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        TimerMode.FIXED_DELAY);
                ctx.respond("armed");
            } else if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
            }
        });
        assertThat(ask(a, "arm")).isEqualTo("armed");
        time.advance(Duration.ofSeconds(1));
        awaitStopped("repeating");
        assertThat(seen).doesNotContain(PoisonPill.INSTANCE);
    }

    @Test
    void aPoisonPillGivenToWatchWithStopsTheWatcherWhenTheWatchedActorDies() throws Exception {
        ActorRef watched = system.spawnFromFunction("watched", ctx -> { });
        ActorRef watcher = system.spawnFromFunction("watcher", ctx -> {
            if ("watch".equals(ctx.message())) {
                ctx.watchWith(watched, PoisonPill.INSTANCE);
                ctx.respond("watching");
            } else if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
            }
        });
        assertThat(ask(watcher, "watch")).isEqualTo("watching");
        system.stop(watched).toCompletableFuture().get(30, TimeUnit.SECONDS);
        awaitStopped("watcher");
        assertThat(seen).doesNotContain(PoisonPill.INSTANCE);
    }

    @Test
    void aForwardedPoisonPillStopsTheTargetNotTheForwarder() throws Exception {
        ActorRef target = recording("target");
        ActorRef relay = system.spawnFromFunction("relay", ctx -> {
            if ("relay".equals(ctx.message())) {
                target.forward(PoisonPill.INSTANCE, ctx);
                ctx.respond("relayed");
            }
        });
        assertThat(ask(relay, "relay")).isEqualTo("relayed");
        awaitStopped("target");
        assertThat(seen).doesNotContain(PoisonPill.INSTANCE);
        assertThat(system.lookup("relay")).isPresent();
    }

    @Test
    void aPoisonPillWithHeadersStopsTheActorWithoutReachingReceive() {
        ActorRef a = recording("headed");
        ((InternalActorRef) a).tell(PoisonPill.INSTANCE, null, Map.of("trace", "t-1")); // as remoting delivers it
        awaitStopped("headed");
        assertThat(seen).doesNotContain(PoisonPill.INSTANCE);
    }

    @Test
    void anActorThatStashesEverythingStillStopsOnAPoisonPill() {
        ActorRef a = system.spawnFromFunction("hoarder", ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
                ctx.stash();
            }
        });
        a.tell("kept");
        a.tell(PoisonPill.INSTANCE);
        awaitStopped("hoarder");
        assertThat(seen).containsExactly("kept");
    }

    @Test
    void aPoisonPillHeldBehindAStashNonReentrantRequestStopsTheActorOnceTheReplyIsHandled() throws Exception {
        AtomicReference<ActorRef> asker = new AtomicReference<>();
        ActorRef silent = system.spawnFromFunction("silent", ctx -> {
            if ("q".equals(ctx.message())) {
                asker.set(ctx.sender());
            }
        });
        ActorRef a = system.spawnFromFunction("requester", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.request(silent, "q", Duration.ofHours(1), Reentrancy.Mode.STASH_NON_REENTRANT,
                        (c, reply, error) -> seen.add("reply:" + reply));
            } else if (ctx.message() != PostStart.INSTANCE) {
                seen.add(ctx.message());
            }
        });
        a.tell("go");
        await().atMost(Duration.ofSeconds(30)).until(() -> asker.get() != null);
        a.tell(PoisonPill.INSTANCE);
        asker.get().tell("answer");
        awaitStopped("requester");
        assertThat(seen).containsExactly("reply:answer");
    }
}
