package io.goakt.spring;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ActorSystemLifecycleTests {

    @Test
    void stopHandlesEveryQueuedMessageBeforeShuttingDown() throws Exception {
        ActorSystem system = ActorSystem.create("lifecycle-test");
        CountDownLatch gate = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        ActorRef slow = system.spawnFromFunction("slow", ctx -> {
            if (ctx.message() instanceof Integer) {
                gate.await(30, TimeUnit.SECONDS);
                handled.incrementAndGet();
            }
        });
        for (int i = 0; i < 100; i++) {
            slow.tell(i);
        }
        ActorSystemLifecycle lifecycle = new ActorSystemLifecycle(system, () -> { }, Duration.ofSeconds(30));
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(lifecycle::stop);
        await().until(() -> lifecycle.state() == ActorSystemLifecycle.State.STOPPING);
        assertThat(system.isRunning()).isTrue();
        gate.countDown();
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(handled).hasValue(100);
        assertThat(system.isRunning()).isFalse();
        assertThat(lifecycle.state()).isEqualTo(ActorSystemLifecycle.State.STOPPED);
    }

    @Test
    void stopIsBoundedByTheShutdownTimeout() throws Exception {
        ActorSystem system = ActorSystem.create("lifecycle-timeout");
        CountDownLatch never = new CountDownLatch(1);
        ActorRef stuck = system.spawnFromFunction("stuck", ctx -> {
            if (ctx.message() instanceof String) {
                never.await(60, TimeUnit.SECONDS);
            }
        });
        stuck.tell("block");
        stuck.tell("queued");
        ActorSystemLifecycle lifecycle = new ActorSystemLifecycle(system, () -> { }, Duration.ofMillis(300));
        lifecycle.start();
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(lifecycle::stop);
        stopping.get(20, TimeUnit.SECONDS);
        assertThat(lifecycle.state()).isEqualTo(ActorSystemLifecycle.State.STOPPED);
        assertThat(system.isRunning()).isFalse();
        never.countDown();
    }
}
