package io.goakt.actor;

import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stash-non-reentrant requests and the messages the runtime itself delivers (timers, Terminated). */
class ReviewReentrancyTest {

    private ActorSystem system;
    private final ManualScheduler scheduler = new ManualScheduler();

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private long processed(ActorRef ref) {
        return system.inspect(ref.path()).map(ActorInfo::processedCount).orElse(-1L);
    }

    /**
     * "Other messages wait (in arrival order) until the request's reply has been handled": a timer's message, a
     * ReceiveTimeout and Terminated used to skip the hold (they travel as internal messages) and reached the actor
     * while its stash-non-reentrant request was still waiting.
     */
    @Test
    void timerAndTerminatedWaitForAStashNonReentrantRequest() {
        system = ActorSystem.create("review-reentrancy", ActorSystemConfig.builder().scheduler(scheduler).build());
        AtomicReference<ActorRef> asker = new AtomicReference<>();
        ActorRef target = system.spawnFromFunction("target", ctx -> {
            if ("q".equals(ctx.message())) {
                asker.set(ctx.sender());
            } else if ("release".equals(ctx.message())) {
                asker.get().tell("answer");
            }
        });
        ActorRef doomed = system.spawnFromFunction("doomed", ctx -> { });
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef requester = system.spawnFromFunction("requester", ctx -> {
            Object m = ctx.message();
            if ("start".equals(m)) {
                ctx.watch(doomed);
                ctx.request(target, "q", Duration.ofHours(1), (c, reply, error) -> log.add("reply:" + reply));
                ctx.scheduleOnce("key", "tick", Duration.ofSeconds(1));
            } else if (m instanceof Terminated) {
                log.add("terminated");
            } else if (m instanceof String s) {
                log.add(s);
            }
        }, SpawnOptions.builder().reentrancy(Reentrancy.stashNonReentrant(8)).build());

        requester.tell("start");
        await().atMost(Duration.ofSeconds(10)).until(() -> asker.get() != null && processed(requester) >= 2);

        scheduler.advance(Duration.ofSeconds(2)); // the timer fires; its firing is queued at the requester
        system.stop(doomed).toCompletableFuture().join(); // Terminated is on its way too
        await().atMost(Duration.ofSeconds(10)).until(() -> processed(requester) >= 4);

        target.tell("release");
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 3);
        assertThat(log).containsExactly("reply:answer", "tick", "terminated");
    }
}
