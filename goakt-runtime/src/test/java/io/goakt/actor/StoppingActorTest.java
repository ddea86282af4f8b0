package io.goakt.actor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How an actor that is stopping waits for its children. */
class StoppingActorTest extends AbstractManualDispatchTest {

    /**
     * A stopping actor waits for its children; user messages queued meanwhile can never run. The turn's re-check does
     * not count them as work, so the mailbox goes idle instead of resubmitting itself in a busy loop for as long as a
     * child takes to stop, and the messages become dead letters when the stop completes.
     */
    @Test
    void stoppingActorWithQueuedMessagesDoesNotSpinWhileChildrenStop() throws Exception {
        start();
        CountDownLatch childInPostStop = new CountDownLatch(1);
        CountDownLatch releaseChild = new CountDownLatch(1);
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("slow", () -> new Actor() {
                    @Override
                    public void receive(ReceiveContext c) {
                    }

                    @Override
                    public void postStop(Context c) throws Exception {
                        childInPostStop.countDown();
                        releaseChild.await(10, TimeUnit.SECONDS);
                    }
                }, SpawnOptions.defaults());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, onManual());
        assertThat(manual.pump(1_000)).isTrue();

        var stopped = system.stop(parent);
        assertThat(manual.pump(1_000)).isTrue(); // the parent takes the stop and asks its child to stop
        assertThat(childInPostStop.await(10, TimeUnit.SECONDS)).isTrue();

        long deadBefore = system.deadLetterCount();
        parent.tell("late", null);
        boolean idle;
        try {
            idle = manual.pump(1_000);
        } finally {
            releaseChild.countDown();
        }
        assertThat(idle).as("the stopping parent must go idle, not reschedule itself for ever").isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            manual.pump(1_000);
            return stopped.toCompletableFuture().isDone();
        });
        assertThat(system.deadLetterCount()).isEqualTo(deadBefore + 1); // "late" is reported, not lost
    }
}
