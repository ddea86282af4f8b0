package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The guardian's strategy for a top-level actor that escalates. */
class ReviewGuardianStrategyTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    /**
     * "The strategy the user guardian applies to a top-level actor that escalates": only its directive was used;
     * the restart limit (and backoff and scope) still came from the escalating actor's own strategy, so a
     * guardian limit of one restart was never enforced.
     */
    @Test
    void guardianRestartLimitAppliesToEscalatedFailures() {
        SupervisorStrategy guardian = SupervisorStrategy.oneForOne().otherwise(Directive.RESTART)
                .maxRestarts(1, Duration.ofHours(1)).build();
        system = ActorSystem.create("review-guardian",
                ActorSystemConfig.builder().guardianSupervisor(guardian).build());
        AtomicInteger starts = new AtomicInteger();
        ActorRef top = system.spawn("top", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                starts.incrementAndGet();
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if ("boom".equals(ctx.message())) {
                    throw new IllegalStateException("boom");
                }
            }
        }, SpawnOptions.builder()
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build()).build());

        top.tell("boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> starts.get() == 2);
        top.tell("boom");
        await().atMost(Duration.ofSeconds(10)).until(() -> system.lookup("top").isEmpty());
        assertThat(starts.get()).isEqualTo(2);
    }
}
