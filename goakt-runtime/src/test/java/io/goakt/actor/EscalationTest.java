package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures escalated by several children of one parent at once. */
class EscalationTest extends AbstractManualDispatchTest {

    /**
     * Two children of one parent escalate before the grandparent answers. The parent keeps every escalated child and
     * asks the grandparent once, for its one pending failure; the Resume it gets resumes both children, so neither
     * stays suspended.
     */
    @Test
    void everyEscalatedChildIsResumed() {
        start();
        SupervisorStrategy escalate = SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build();
        SupervisorStrategy resume = SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build();
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicReference<ActorRef> c1 = new AtomicReference<>();
        AtomicReference<ActorRef> c2 = new AtomicReference<>();
        AtomicInteger parentFailures = new AtomicInteger();
        Supplier<Actor> child = () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if ("boom".equals(ctx.message())) {
                    throw new IllegalStateException("boom");
                }
                if (ctx.message() instanceof String s) {
                    handled.add(ctx.self().name() + ":" + s);
                }
            }
        };
        system.spawn("grand", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("parent", () -> new Actor() {
                    @Override
                    public void preStart(Context p) {
                        SpawnOptions o = SpawnOptions.builder().dispatcher("manual").supervisor(escalate).build();
                        c1.set(p.spawnChild("c1", child, o));
                        c2.set(p.spawnChild("c2", child, o));
                    }

                    @Override
                    public void receive(ReceiveContext p) {
                    }
                }, SpawnOptions.builder().dispatcher("manual").supervisor(SupervisorStrategy.oneForOne()
                        .decider(t -> {
                            parentFailures.incrementAndGet();
                            return Directive.RESUME;
                        }).build()).build());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.builder().dispatcher("manual").supervisor(resume).build());
        assertThat(manual.pump(1_000)).isTrue();

        c1.get().tell("boom", null);
        c2.get().tell("boom", null);
        assertThat(manual.pump(1_000)).isTrue();
        c1.get().tell("ping", null);
        c2.get().tell("ping", null);
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(handled).containsExactlyInAnyOrder("c1:ping", "c2:ping");
        assertThat(parentFailures.get()).as("one decision for the one pending failure of the parent").isEqualTo(1);
        stopAll();
    }
}
