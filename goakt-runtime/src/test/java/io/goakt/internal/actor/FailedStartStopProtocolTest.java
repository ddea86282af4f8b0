package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorInitializationException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.Context;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The stop protocol when a top-level actor's {@code preStart} fails while the system shuts down. */
class FailedStartStopProtocolTest {

    /**
     * A user thread spawns a top-level actor while the system shuts down: the guardian's stop already counts the
     * child and waits for its ChildTerminated. When the child's preStart then fails, failStart sends ChildTerminated
     * as a completed stop does, so the guardian stops and shutdown finishes within its timeout.
     */
    @Test
    void failedStartDuringShutdownStillLetsTheGuardianStop() throws Exception {
        LocalActorSystem system = new LocalActorSystem("failstart-shutdown", ActorSystemConfig.defaults());
        CountDownLatch inPreStart = new CountDownLatch(1);
        CountDownLatch fail = new CountDownLatch(1);
        AtomicReference<ActorCell> cell = new AtomicReference<>();
        CompletableFuture<Throwable> spawn = new CompletableFuture<>();
        Thread spawner = new Thread(() -> {
            try {
                system.spawn("doomed", () -> new Actor() {
                    @Override
                    public void preStart(Context ctx) throws Exception {
                        cell.set((ActorCell) ctx);
                        inPreStart.countDown();
                        fail.await(10, TimeUnit.SECONDS);
                        throw new IllegalStateException("preStart fails");
                    }

                    @Override
                    public void receive(ReceiveContext ctx) {
                    }
                }, SpawnOptions.defaults());
                spawn.complete(null);
            } catch (Throwable t) {
                spawn.complete(t);
            }
        }, "spawner");
        spawner.start();
        assertThat(inPreStart.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(
                () -> system.shutdown(Duration.ofSeconds(5)), r -> new Thread(r, "shutdown").start());
        // The guardian has taken its Terminate and asked the starting child to stop.
        await().atMost(Duration.ofSeconds(10)).until(() -> cell.get().hasSystemMessages());
        fail.countDown();

        assertThat(spawn.get(10, TimeUnit.SECONDS)).isInstanceOf(ActorInitializationException.class);
        shutdown.get(20, TimeUnit.SECONDS); // a guardian left waiting makes this a ShutdownTimeoutException
        assertThat(system.actors()).isEmpty();
    }

    /**
     * An actor that watches another in preStart and then fails to start withdraws its watches, as finishTerminate
     * does for a stop, so a long-lived actor watched by actors that keep failing to start keeps no watcher of them.
     */
    @Test
    void failedStartWithdrawsItsWatches() throws Exception {
        LocalActorSystem system = new LocalActorSystem("failstart-watch", ActorSystemConfig.defaults());
        try {
            ActorRef registry = system.spawnFromFunction("registry", c -> { }, SpawnOptions.defaults());
            for (int i = 0; i < 50; i++) {
                assertThatThrownBy(() -> system.spawn("failing", () -> new Actor() {
                    @Override
                    public void preStart(Context ctx) {
                        ctx.watch(registry);
                        throw new IllegalStateException("preStart fails");
                    }

                    @Override
                    public void receive(ReceiveContext ctx) {
                    }
                }, SpawnOptions.defaults())).isInstanceOf(ActorInitializationException.class);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> watcherCount(registry) == 0);
        } finally {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /**
     * The size of the actor's watcher set, read from the test thread. Watchers are owner-only, so this is a racy read;
     * it is only polled until it settles, after the registry has handled the Watch/Unwatch messages.
     */
    private static int watcherCount(ActorRef ref) {
        return ((LocalActorRef) ref).cell.watcherCount();
    }
}
