package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The user guardian: the parent of every top-level actor. */
class UserGuardianTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private void start() {
        system = ActorSystem.create("guardian");
    }

    /**
     * "The strategy the user guardian applies to a top-level actor that escalates" is applied whole: its restart
     * limit (and backoff and scope) decide, not those of the escalating actor's own strategy, so a guardian limit of
     * one restart stops the actor at its second escalated failure.
     */
    @Test
    void guardianRestartLimitAppliesToEscalatedFailures() {
        SupervisorStrategy guardian = SupervisorStrategy.oneForOne().otherwise(Directive.RESTART)
                .maxRestarts(1, Duration.ofHours(1)).build();
        system = ActorSystem.create("guardian-strategy",
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

    /**
     * The user guardian has no actor instance of its own; a message to it (a top-level actor telling
     * {@code ctx.parent()}) becomes an unhandled dead letter, not a failure of the guardian that keeps the message.
     */
    @Test
    void messageToTheGuardianIsAnUnhandledDeadLetter() {
        start();
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(DeadLetter.class, letters::add);
        ActorRef top = system.spawnFromFunction("top", ctx -> {
            if ("tell-parent".equals(ctx.message())) {
                ctx.parent().tell("hello guardian", ctx.self());
            }
        });
        top.tell("tell-parent");
        await().atMost(Duration.ofSeconds(10)).until(() -> letters.stream()
                .anyMatch(d -> "hello guardian".equals(d.message())));
        assertThat(letters).filteredOn(d -> "hello guardian".equals(d.message()))
                .singleElement().extracting(DeadLetter::reason).isEqualTo(DeadLetter.Reason.UNHANDLED);
    }
}
