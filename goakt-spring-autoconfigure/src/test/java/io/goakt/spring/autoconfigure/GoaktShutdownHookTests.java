package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.shutdown.ShutdownPhase;
import io.goakt.shutdown.ShutdownReason;
import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.ShutdownHook;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ShutdownHook} beans join the actor system's coordinated shutdown, which closing the context runs. */
class GoaktShutdownHookTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class));

    @Test
    void aHookBeanRunsInItsPhaseWhenTheContextCloses() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ActorSystem> systemRef = new AtomicReference<>();
        AtomicReference<ActorSystemLifecycle> lifecycleRef = new AtomicReference<>();
        runner.withBean("beforeActorsStop", ShutdownHook.class, () -> new ShutdownHook(
                        ShutdownPhase.BEFORE_ACTORS_STOP, "before-actors-stop", TIMEOUT, 0, reason -> {
                    seen.add(ShutdownPhase.BEFORE_ACTORS_STOP + ": " + systemRef.get().actorCount() + " actor, "
                            + lifecycleRef.get().state() + ", " + reason.description());
                    return CompletableFuture.completedFuture(null);
                }))
                .withBean("beforeSystemTerminate", ShutdownHook.class, () -> new ShutdownHook(
                        ShutdownPhase.BEFORE_SYSTEM_TERMINATE, "before-terminate", TIMEOUT, 0, reason -> {
                    seen.add(ShutdownPhase.BEFORE_SYSTEM_TERMINATE + ": " + systemRef.get().actorCount()
                            + " actors");
                    return CompletableFuture.completedFuture(null);
                }))
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    systemRef.set(system);
                    lifecycleRef.set(ctx.getBean(ActorSystemLifecycle.class));
                    system.spawnFromFunction("worker", c -> { });
                    assertThat(seen).isEmpty();
                });
        // The runner closed the context.
        assertThat(seen).containsExactly(
                "BEFORE_ACTORS_STOP: 1 actor, STOPPING, " + ShutdownReason.CONTEXT_CLOSED.description(),
                "BEFORE_SYSTEM_TERMINATE: 0 actors");
        assertThat(systemRef.get().coordinatedShutdown().reason()).contains(ShutdownReason.CONTEXT_CLOSED);
        assertThat(lifecycleRef.get().state()).isEqualTo(ActorSystemLifecycle.State.STOPPED);
    }

    @Test
    void aClusterMemberHasLeftWhenTheHooksBeforeTheActorsStopRun() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicReference<ClusterLifecycle> clusterRef = new AtomicReference<>();
        try (ClusterMembers m = new ClusterMembers(1)) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                            GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class))
                    .withBean("beforeLeave", ShutdownHook.class, () -> new ShutdownHook(
                            ShutdownPhase.STOP_ACCEPTING, "before-leave", TIMEOUT, 0, reason -> {
                        seen.add(ShutdownPhase.STOP_ACCEPTING + ": " + clusterRef.get().state());
                        return CompletableFuture.completedFuture(null);
                    }))
                    .withBean("afterLeave", ShutdownHook.class, () -> new ShutdownHook(
                            ShutdownPhase.BEFORE_ACTORS_STOP, "after-leave", TIMEOUT, 0, reason -> {
                        seen.add(ShutdownPhase.BEFORE_ACTORS_STOP + ": " + clusterRef.get().state());
                        return CompletableFuture.completedFuture(null);
                    }))
                    .withPropertyValues(m.appProperties(0))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        clusterRef.set(ctx.getBean(ClusterLifecycle.class));
                        assertThat(clusterRef.get().state()).isEqualTo(ClusterLifecycle.State.UP);
                    });
        }
        assertThat(seen).containsExactly("STOP_ACCEPTING: UP", "BEFORE_ACTORS_STOP: LEFT");
    }

    @Test
    void aHookWithNegativeRetriesFailsTheStartNamingIt() {
        runner.withBean("badHook", ShutdownHook.class, () -> new ShutdownHook(ShutdownPhase.BEFORE_ACTORS_STOP,
                        "flush-cache", TIMEOUT, -1, reason -> CompletableFuture.completedFuture(null)))
                .run(ctx -> assertThat(ctx).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("flush-cache").hasMessageContaining("retries"));
    }
}
