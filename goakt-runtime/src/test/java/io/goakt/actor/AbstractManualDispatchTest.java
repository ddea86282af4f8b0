package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;

/**
 * A system with a {@link ManualDispatcher} named {@code manual}, whose actors run only when the test pumps it, so
 * the interleaving of several actors' turns is the test's to choose. Actors spawned without {@link #onManual()} run
 * on the default dispatcher as usual.
 */
abstract class AbstractManualDispatchTest {

    ActorSystem system;
    ManualDispatcher manual;

    @AfterEach
    void tearDown() {
        if (system == null) {
            return;
        }
        // Shut down on another thread while this one runs the manual dispatcher's turns.
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> system.shutdown(Duration.ofSeconds(10)),
                r -> new Thread(r, "manual-dispatch-shutdown").start());
        while (!done.isDone()) {
            manual.pump(1_000);
            Thread.onSpinWait();
        }
        done.join();
    }

    void start() {
        manual = new ManualDispatcher("manual");
        system = ActorSystem.create("manual-dispatch", ActorSystemConfig.builder().dispatcher(manual).build());
    }

    SpawnOptions onManual() {
        return SpawnOptions.builder().dispatcher("manual").build();
    }

    /** Stops every top-level actor while pumping the manual dispatcher, so that tearDown's shutdown is quick. */
    void stopAll() {
        List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (ActorInfo info : system.actors()) {
            if (info.ref().path().chars().filter(ch -> ch == '/').count() == 2) {
                all.add(system.stop(info.ref()).toCompletableFuture());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            manual.pump(1_000);
            return all.stream().allMatch(CompletableFuture::isDone);
        });
    }
}
