package io.goakt.actor;

import io.goakt.dispatch.Dispatcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A stopped actor's name is free by the time anyone learns of the stop. */
class NameReuseAfterStopTest {

    /**
     * Runs each task on a fresh thread and waits for it: not the calling thread, as the contract asks, but the
     * caller does not go on before the task has run. Here it makes a watcher's whole turn happen inside the
     * dying actor's notification of its watchers.
     */
    static final class RunAndWaitDispatcher implements Dispatcher {
        @Override
        public String name() {
            return "run-and-wait";
        }

        @Override
        public void execute(Runnable task) {
            Thread t = new Thread(task, "run-and-wait");
            t.start();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void shutdown(Duration timeout) {
        }
    }

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /**
     * The common "watch the child, re-create it on Terminated" pattern: finishTerminate frees the name in the
     * parent's map before it tells the watchers, so even a parent that handles Terminated inside the dying child's
     * notification re-spawns under the same name without ActorAlreadyExistsException.
     */
    @Test
    void parentCanRespawnAChildUnderTheSameNameOnTerminated() throws Exception {
        system = ActorSystem.create("name-reuse",
                ActorSystemConfig.builder().dispatcher(new RunAndWaitDispatcher()).build());
        CompletableFuture<ActorRef> child = new CompletableFuture<>();
        CompletableFuture<Object> respawn = new CompletableFuture<>();
        system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ActorRef c = ctx.spawnChild("c", () -> Actors.fromFunction(x -> { }), SpawnOptions.defaults());
                ctx.watch(c);
                child.complete(c);
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() instanceof Terminated) {
                    try {
                        respawn.complete(ctx.spawnChild("c", () -> Actors.fromFunction(x -> { }), SpawnOptions.defaults()));
                    } catch (RuntimeException e) {
                        respawn.complete(e);
                    }
                }
            }
        }, SpawnOptions.builder().dispatcher("run-and-wait").build());

        system.stop(child.get(10, TimeUnit.SECONDS));
        assertThat(respawn.get(10, TimeUnit.SECONDS)).isInstanceOf(ActorRef.class);
    }
}
