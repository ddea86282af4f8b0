package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link SupervisorObserver}s: who hears an actor's supervision events, on which thread. */
class SupervisorObserverTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void observersHearTheLifeOfSupervisedActorsOffTheActorThread() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        SupervisorObserver systemWide = new SupervisorObserver() {
            @Override
            public void registered(ActorRef actor) {
                calls.add("registered " + actor.name() + " " + Thread.currentThread().getName());
            }

            @Override
            public void started(ActorRef actor) {
                calls.add("started " + actor.name());
            }

            @Override
            public void restarting(ActorRef actor, Throwable cause) {
                calls.add("restarting " + actor.name() + " " + cause.getMessage());
            }

            @Override
            public void terminal(ActorRef actor, Throwable cause) {
                calls.add("terminal " + actor.name());
            }

            @Override
            public void stopped(ActorRef actor) {
                calls.add("stopped " + actor.name());
            }
        };
        SupervisorObserver throwing = new SupervisorObserver() {
            @Override
            public void started(ActorRef actor) {
                throw new IllegalStateException("observer bug");
            }
        };
        system = ActorSystem.create("observed", ActorSystemConfig.builder().observer(systemWide).build());
        ActorRef ref = system.spawn("w", () -> Actors.fromFunction(ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
            if ("fatal".equals(ctx.message())) {
                throw new IllegalArgumentException("fatal");
            }
        }), SpawnOptions.builder().observer(throwing).supervisor(SupervisorStrategy.oneForOne()
                .on(IllegalArgumentException.class, Directive.STOP).build()).build());
        ref.tell("boom");
        ref.tell("fatal");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("stopped w"));
        assertThat(calls).hasSize(5);
        assertThat(calls.get(0)).startsWith("registered w goakt-observed-observers");
        assertThat(calls.subList(1, 5)).containsExactly("started w", "restarting w boom", "terminal w",
                "stopped w");
    }

    @Test
    void aBlockedObserverDoesNotBlockTheActors() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        AtomicInteger stoppedCalls = new AtomicInteger();
        SupervisorObserver stuck = new SupervisorObserver() {
            @Override
            public void started(ActorRef actor) {
                try {
                    blocker.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void stopped(ActorRef actor) {
                stoppedCalls.incrementAndGet();
            }
        };
        system = ActorSystem.create("stuck-observer", ActorSystemConfig.builder().observer(stuck).build());
        for (int i = 0; i < 20; i++) {
            ActorRef ref = system.spawnFromFunction("a" + i, ctx -> ctx.respond("alive"));
            assertThat(ask(ref, "?")).isEqualTo("alive");
            system.stop(ref).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(stoppedCalls).hasValue(0); // still queued behind the stuck callback
        blocker.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stoppedCalls.get() == 20);
    }
}
