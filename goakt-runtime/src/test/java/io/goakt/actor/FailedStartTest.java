package io.goakt.actor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Messages sent to an actor whose {@code preStart} failed. */
class FailedStartTest extends AbstractManualDispatchTest {

    /**
     * A message that reaches an actor whose preStart failed, while the spawning thread still owns the mailbox (after
     * failStart drained it), becomes a dead letter: failStart lets go of the mailbox with a re-check, so an ask sent
     * then fails with ActorNotAliveException instead of hanging until its timeout.
     */
    @Test
    void messageArrivingWhileAFailedStartLetsGoIsReported() throws Exception {
        start();
        AtomicReference<CompletionStage<Object>> late = new AtomicReference<>();
        assertThatThrownBy(() -> system.spawn("failing", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ActorRef self = ctx.self();
                // Runs on this thread inside failStart, after the drain: the stop completes there.
                ctx.system().stop(self).thenRun(() -> late.set(self.ask("late", Duration.ofHours(1))));
                throw new IllegalStateException("preStart fails");
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.defaults())).isInstanceOf(ActorInitializationException.class);

        assertThat(late.get()).isNotNull();
        assertThatThrownBy(() -> late.get().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ActorNotAliveException.class);
    }
}
