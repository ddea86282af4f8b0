package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two shapes of spawning: a factory, whose restarts start from a fresh instance, and {@code spawnInstance} /
 * {@code spawnChildInstance}, whose restarts reuse the one instance with its fields. Every actor here has the default
 * supervisor strategy, which restarts on a throw.
 */
class FactoryAndInstanceSpawnTest {

    private ActorSystem system;

    @BeforeEach
    void start() {
        system = ActorSystem.create("spawn-forms");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** A balance in a field: an Integer adds to it and answers the balance, "balance" answers it, "boom" throws. */
    static final class Account implements Actor {
        private int balance;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Integer amount) {
                balance += amount;
                ctx.respond(balance);
            } else if ("balance".equals(m)) {
                ctx.respond(balance);
            } else if ("boom".equals(m)) {
                throw new IllegalStateException("boom");
            } else {
                ctx.unhandled();
            }
        }
    }

    private static Object ask(ActorRef ref, Object message) throws Exception {
        return ref.ask(message, Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Fails the actor at {@code path} and waits until its supervisor has restarted it. */
    private void failAndAwaitRestart(ActorRef ref, String path) {
        ref.tell("boom");
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> system.inspect(path).map(ActorInfo::restartCount).orElse(0) == 1);
    }

    @Test
    void spawnWithAConstructorReferenceIsTheFactoryFormAndARestartStartsWithFreshState() throws Exception {
        ActorRef acc = system.spawn("acc", Account::new);
        assertThat(ask(acc, 100)).isEqualTo(100);

        failAndAwaitRestart(acc, "acc");

        assertThat(ask(acc, "balance")).isEqualTo(0);
    }

    @Test
    void eachStartOfAFactorySpawnedActorCallsTheFactoryOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ActorRef acc = system.spawn("acc", () -> {
            made.incrementAndGet();
            return new Account();
        }, SpawnOptions.defaults());
        assertThat(made).hasValue(1);

        failAndAwaitRestart(acc, "acc");

        assertThat(ask(acc, "balance")).isEqualTo(0);
        assertThat(made).hasValue(2);
    }

    @Test
    void anInstanceSpawnedActorKeepsItsInstanceAndItsStateAcrossARestart() throws Exception {
        ActorRef acc = system.spawnInstance("acc", new Account());
        assertThat(ask(acc, 100)).isEqualTo(100);

        failAndAwaitRestart(acc, "acc");

        assertThat(ask(acc, "balance")).isEqualTo(100);
        assertThat(ask(acc, 5)).isEqualTo(105);
    }

    @Test
    void aFactorySpawnedChildRestartsWithFreshState() throws Exception {
        AtomicReference<ActorRef> child = new AtomicReference<>();
        system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                child.set(ctx.spawnChild("acc", Account::new));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        });
        assertThat(ask(child.get(), 100)).isEqualTo(100);

        failAndAwaitRestart(child.get(), "/user/parent/acc");

        assertThat(ask(child.get(), "balance")).isEqualTo(0);
    }

    @Test
    void anInstanceSpawnedChildKeepsItsStateAcrossARestart() throws Exception {
        AtomicReference<ActorRef> child = new AtomicReference<>();
        Account account = new Account();
        system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                child.set(ctx.spawnChildInstance("acc", account));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        });
        assertThat(ask(child.get(), 100)).isEqualTo(100);

        failAndAwaitRestart(child.get(), "/user/parent/acc");

        assertThat(ask(child.get(), "balance")).isEqualTo(100);
    }

    @Test
    void theFormsWithoutNameOrOptionsGenerateANameAndUseTheDefaults() throws Exception {
        ActorRef top = system.spawn(Account::new);
        AtomicReference<ActorRef> child = new AtomicReference<>();
        system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                child.set(ctx.spawnChild(Account::new));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        });

        assertThat(top.name()).startsWith("$");
        assertThat(child.get().name()).startsWith("$");
        assertThat(child.get().path()).startsWith("/user/parent/$");
        assertThat(ask(top, 1)).isEqualTo(1);
        assertThat(ask(child.get(), 2)).isEqualTo(2);
    }

    @Test
    void aFunctionSpawnedActorRunsTheCallersBehaviorObjectAgainAfterARestart() throws Exception {
        // The behaviour is the caller's one object: a restart wraps it again, so what it holds is not reset.
        AtomicInteger handled = new AtomicInteger();
        ActorRef fn = system.spawnFromFunction("fn", ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
            if ("count".equals(ctx.message())) {
                ctx.respond(handled.incrementAndGet());
            }
        });
        assertThat(ask(fn, "count")).isEqualTo(1);

        failAndAwaitRestart(fn, "fn");

        assertThat(ask(fn, "count")).isEqualTo(2);
    }
}
