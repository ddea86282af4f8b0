package io.goakt.actor;

import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two children under an all-for-one strategy fail before their parent's next turn. The first failure restarts
 * both; the second was reported before that restart and must not restart them again.
 */
class AllForOneGenerationTest {

    private final ManualDispatcher manual = new ManualDispatcher("manual");
    private final ActorSystem system = ActorSystem.create("all-for-one",
            ActorSystemConfig.builder().dispatcher(manual).build());

    @AfterEach
    void tearDown() {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> system.shutdown(Duration.ofSeconds(10)),
                r -> new Thread(r, "all-for-one-shutdown").start());
        while (!done.isDone()) {
            manual.pump(1_000);
            Thread.onSpinWait();
        }
        done.join();
    }

    @Test
    void simultaneousFailuresRestartEverySiblingOnce() {
        SpawnOptions allForOne = SpawnOptions.builder().dispatcher("manual")
                .supervisor(SupervisorStrategy.allForOne().build()).build();
        AtomicInteger starts = new AtomicInteger();
        AtomicReference<ActorRef> a = new AtomicReference<>();
        AtomicReference<ActorRef> b = new AtomicReference<>();
        system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                java.util.function.Supplier<Actor> child = () -> new Actor() {
                    @Override
                    public void preStart(Context c) {
                        starts.incrementAndGet();
                    }

                    @Override
                    public void receive(ReceiveContext c) {
                        if ("boom".equals(c.message())) {
                            throw new IllegalStateException("boom");
                        }
                    }
                };
                a.set(ctx.spawnChild("a", child, allForOne));
                b.set(ctx.spawnChild("b", child, allForOne));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.builder().dispatcher("manual").build());
        assertThat(manual.pump(1_000)).isTrue();
        assertThat(starts).hasValue(2);

        a.get().tell("boom");
        b.get().tell("boom");
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(starts).as("one restart of each sibling, not one per failure").hasValue(4);
        assertThat(system.inspect("parent/a").orElseThrow().restartCount()).isEqualTo(1);
        assertThat(system.inspect("parent/b").orElseThrow().restartCount()).isEqualTo(1);
        assertThat(system.inspect("parent/a").orElseThrow().state()).isEqualTo(ActorInfo.State.RUNNING);
        assertThat(system.inspect("parent/b").orElseThrow().state()).isEqualTo(ActorInfo.State.RUNNING);
    }
}
