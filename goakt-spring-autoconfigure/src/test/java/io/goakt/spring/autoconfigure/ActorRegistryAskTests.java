package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.AskTimeoutException;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.NoSuchActorException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** goakt.system.ask-timeout is the timeout of every ask that names none: the registry's and an injected ref's. */
class ActorRegistryAskTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class))
            .withPropertyValues("goakt.system.ask-timeout=150ms");

    /** Answers "ping" with "pong" and nothing else. */
    @ActorComponent(name = "pinger")
    static class PingerActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if ("ping".equals(ctx.message())) {
                ctx.respond("pong");
            }
        }
    }

    /** Holds the pinger's ref, injected by name. */
    static class PingerClient {
        final ActorRef pinger;

        PingerClient(@ActorName("pinger") ActorRef pinger) {
            this.pinger = pinger;
        }
    }

    private static AskTimeoutException timeoutOf(CompletionStage<?> stage) {
        Throwable failure = catchThrowable(() -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AskTimeoutException.class);
        return (AskTimeoutException) failure.getCause();
    }

    @Test
    void theRegistrysAskWaitsTheConfiguredAskTimeout() {
        runner.withBean(PingerActor.class).run(ctx -> {
            ActorRegistry registry = ctx.getBean(ActorRegistry.class);
            assertThat(registry.ask("pinger", "ping", String.class).toCompletableFuture().get(30, TimeUnit.SECONDS))
                    .isEqualTo("pong");
            assertThat(timeoutOf(registry.ask("pinger", "silence")).timeout()).isEqualTo(Duration.ofMillis(150));
            assertThat(timeoutOf(registry.ask("pinger", "silence", String.class)).timeout())
                    .isEqualTo(Duration.ofMillis(150));
        });
    }

    @Test
    void anInjectedRefsAskWithoutATimeoutWaitsTheConfiguredOneAndAnExplicitOneWins() {
        runner.withBean(PingerActor.class).withBean(PingerClient.class).run(ctx -> {
            ActorRef pinger = ctx.getBean(PingerClient.class).pinger;
            assertThat(timeoutOf(pinger.ask("silence")).timeout()).isEqualTo(Duration.ofMillis(150));
            assertThat(timeoutOf(pinger.ask("silence", Duration.ofMillis(300))).timeout())
                    .isEqualTo(Duration.ofMillis(300));
        });
    }

    @Test
    void theRegistrysAskOfAnUndeclaredNameFailsAtOnceNamingIt() {
        runner.run(ctx -> assertThatThrownBy(() -> ctx.getBean(ActorRegistry.class).ask("nobody", "ping"))
                .isInstanceOf(NoSuchActorException.class)
                .satisfies(e -> assertThat(((NoSuchActorException) e).actorName()).isEqualTo("nobody")));
    }
}
