package io.goakt.actor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One actor's thread interrupt flag never reaches another actor's turn. */
class InterruptFlagIsolationTest extends AbstractManualDispatchTest {

    /**
     * An actor that leaves its thread's interrupt flag set (re-interrupting after catching InterruptedException is
     * the usual idiom) does not hand it to the next actor that runs on that thread. With the hand-off slot the next
     * actor runs right after it on the same worker, so the flag is cleared between turns: that actor's first blocking
     * call must not fail with an InterruptedException it never caused.
     */
    @Test
    void interruptFlagDoesNotLeakIntoTheNextActorsTurn() throws Exception {
        start();
        CompletableFuture<Boolean> seenInterrupted = new CompletableFuture<>();
        ActorRef b = system.spawnFromFunction("b", ctx -> {
            if ("check".equals(ctx.message())) {
                seenInterrupted.complete(Thread.currentThread().isInterrupted());
            }
        });
        ActorRef a = system.spawnFromFunction("a", ctx -> {
            if ("go".equals(ctx.message())) {
                b.tell("check");
                Thread.currentThread().interrupt();
            }
        });
        a.tell("go");
        assertThat(seenInterrupted.get(10, TimeUnit.SECONDS)).isFalse();
    }
}
