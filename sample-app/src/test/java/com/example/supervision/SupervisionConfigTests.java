package com.example.supervision;

import com.example.ReadmeQuotes;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's supervision example: README.md quotes {@link SupervisionConfig}, and this proves what it says. */
class SupervisionConfigTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class))
            .withUserConfiguration(SupervisionConfig.class, Counter.class);

    /** Counts "inc"; an IllegalArgumentException for "bad", an IllegalStateException for "crash". */
    @ActorComponent(name = "counter", supervisor = "walletSupervisor")
    static class Counter implements Actor {
        private int count;

        @Override
        public void receive(ReceiveContext ctx) {
            Object message = ctx.message();
            if ("bad".equals(message)) {
                throw new IllegalArgumentException("bad");
            } else if ("crash".equals(message)) {
                throw new IllegalStateException("crash");
            } else if ("inc".equals(message)) {
                ctx.respond(++count);
            }
        }
    }

    @Test
    void namedStrategyResumesOnIllegalArgumentKeepingTheState() {
        runner.run(context -> {
            ActorRef counter = context.getBean(ActorRegistry.class).ref("counter");
            assertThat(inc(counter)).isEqualTo(1);
            counter.tell("bad");
            assertThat(inc(counter)).isEqualTo(2);
        });
    }

    @Test
    void namedStrategyRestartsOnOtherFailuresWithAFreshBean() {
        runner.run(context -> {
            ActorRef counter = context.getBean(ActorRegistry.class).ref("counter");
            assertThat(inc(counter)).isEqualTo(1);
            counter.tell("crash");
            assertThat(inc(counter)).isEqualTo(1);
        });
    }

    @Test
    void customizerSetsTheDefaultStrategyOfActorsThatNameNone() {
        runner.run(context -> assertThat(context.getBean(ActorSystem.class).config().defaultSupervisor()
                .maxRestarts()).isEqualTo(10));
    }

    @Test
    void readmeQuotesSupervisionConfig() throws IOException {
        ReadmeQuotes.assertQuoted(List.of("sample-app/src/test/java/com/example/supervision/SupervisionConfig.java"));
    }

    private static int inc(ActorRef counter) {
        return counter.ask("inc", Integer.class, TIMEOUT).toCompletableFuture().join();
    }
}
