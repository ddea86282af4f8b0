package io.goakt.actor;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ActorSystem#restart}: an operator restart of a running actor. */
class OperatorRestartTest extends AbstractManualDispatchTest {

    /**
     * An operator restart ({@code ActorSystem.restart}) of a running actor with children: while the restart waits for
     * the children to stop, the old instance handles no user messages, so it spawns no child the restart does not
     * know to stop; the message waits for the new instance.
     */
    @Test
    void operatorRestartIsNotBlockedByChildrenSpawnedWhileItWaits() {
        start();
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger spawned = new AtomicInteger();
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                starts.incrementAndGet();
                ctx.spawnChild("c", () -> Actors.fromFunction(ctx2 -> { }), onManual());
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if ("spawn".equals(ctx.message())) {
                    ctx.spawnChild("k" + spawned.incrementAndGet(), () -> Actors.fromFunction(c -> { }), onManual());
                }
            }
        }, onManual());
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(system.restart(parent)).isTrue();
        parent.tell("spawn", null);
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(starts.get()).as("the restart completed").isEqualTo(2);
        assertThat(spawned.get()).as("the message is handled, by the new instance").isEqualTo(1);
        stopAll();
    }

    /**
     * PostStart is "the first message every actor instance receives", once. A restart before the first instance
     * handled its PostStart (an operator restart, or an all-for-one restart of a sibling spawned a moment ago) drops
     * the old instance's queued PostStart, so the new instance gets one, then the queued user message.
     */
    @Test
    void restartBeforeTheFirstTurnDeliversOnePostStart() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger instances = new AtomicInteger();
        ActorRef ref = system.spawn("fresh", () -> {
            int n = instances.incrementAndGet();
            return ctx -> {
                if (ctx.message() == PostStart.INSTANCE) {
                    log.add("PostStart#" + n);
                } else {
                    log.add(ctx.message() + "#" + n);
                }
            };
        }, onManual());
        ref.tell("hello", null);
        assertThat(system.restart(ref)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(log).containsExactly("PostStart#2", "hello#2");
        stopAll();
    }
}
