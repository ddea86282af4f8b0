package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultAskTimeoutTest {

    private static final Duration CONFIGURED = Duration.ofMillis(150);

    private final ActorSystem system = ActorSystem.create("default-ask",
            ActorSystemConfig.builder().askTimeout(CONFIGURED).build());

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** Replies to "ping" and to nothing else. */
    private ActorRef pingOnly(String name) {
        return system.spawnFromFunction(name, ctx -> {
            if ("ping".equals(ctx.message())) {
                ctx.respond("pong");
            }
        });
    }

    private static AskTimeoutException timeoutOf(java.util.concurrent.CompletionStage<?> stage) {
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(
                () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AskTimeoutException.class);
        return (AskTimeoutException) failure.getCause();
    }

    @Test
    void anAskWithoutATimeoutWaitsTheSystemsConfiguredAskTimeout() {
        ActorRef ref = pingOnly("quiet");
        assertThat(timeoutOf(ref.ask("silence")).timeout()).isEqualTo(CONFIGURED);
        assertThat(timeoutOf(ref.ask("silence", String.class)).timeout()).isEqualTo(CONFIGURED);
    }

    @Test
    void anExplicitTimeoutWinsOverTheConfiguredOne() {
        ActorRef ref = pingOnly("explicit");
        Duration explicit = Duration.ofMillis(300);
        assertThat(timeoutOf(ref.ask("silence", explicit)).timeout()).isEqualTo(explicit);
        assertThat(timeoutOf(ref.ask("silence", String.class, explicit)).timeout()).isEqualTo(explicit);
    }

    @Test
    void anAskWithoutATimeoutReturnsTheTypedReply() throws Exception {
        ActorRef ref = pingOnly("typed");
        assertThat(ref.ask("ping", String.class).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("pong");
        assertThat(ref.ask("ping").toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("pong");
    }

    @Test
    void aRefLookedUpByPathUsesItsSystemsDefaultToo() {
        pingOnly("looked-up");
        ActorRef ref = system.lookup("looked-up").orElseThrow();
        assertThat(timeoutOf(ref.ask("silence")).timeout()).isEqualTo(CONFIGURED);
    }

    @Test
    void anAskWithoutATimeoutToNobodyFailsAsNotAlive() {
        assertThatThrownBy(() -> system.actorOf("nobody").ask("ping").toCompletableFuture().get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ActorNotAliveException.class);
    }

    @Test
    void eachRefUsesTheDefaultOfItsOwnSystem() {
        Duration otherTimeout = Duration.ofMillis(250);
        ActorSystem other = ActorSystem.create("default-ask-other",
                ActorSystemConfig.builder().askTimeout(otherTimeout).build());
        try {
            ActorRef theirs = other.spawnFromFunction("quiet", ctx -> { });
            assertThat(timeoutOf(theirs.ask("silence")).timeout()).isEqualTo(otherTimeout);
            assertThat(timeoutOf(pingOnly("mine").ask("silence")).timeout()).isEqualTo(CONFIGURED);
        } finally {
            other.shutdown(Duration.ofSeconds(10));
        }
    }
}
