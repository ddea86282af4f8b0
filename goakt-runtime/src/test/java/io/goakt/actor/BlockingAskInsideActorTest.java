package io.goakt.actor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Blocking on an ask inside an actor is discouraged, but it must not deadlock: the actor being asked is made
 * runnable by the asker's own turn and lands in the asking worker's private hand-off slot, which the ask's future
 * hands back to the pool before it blocks.
 */
class BlockingAskInsideActorTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anActorBlockingOnAnAskToTheActorItJustWokeGetsItsReply(int parallelism) throws Exception {
        try (ActorSystem system = ActorSystem.create("blocking-ask",
                ActorSystemConfig.builder().parallelism(parallelism).build())) {
            ActorRef echo = system.spawnFromFunction("echo", ctx -> {
                if (ctx.message() instanceof String s) {
                    ctx.respond(s + "!");
                }
            });
            ActorRef blocker = system.spawnFromFunction("blocker", ctx -> {
                if ("go".equals(ctx.message())) {
                    Object reply = echo.ask("inner", Duration.ofSeconds(30)).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                    Object derived = echo.ask("derived", Duration.ofSeconds(30))
                            .thenApply(r -> "via " + r).toCompletableFuture().join();
                    ctx.respond(reply + " / " + derived);
                }
            });
            assertThat(blocker.ask("go", Duration.ofSeconds(60)).toCompletableFuture().get(60, TimeUnit.SECONDS))
                    .isEqualTo("inner! / via derived!");
        }
    }
}
