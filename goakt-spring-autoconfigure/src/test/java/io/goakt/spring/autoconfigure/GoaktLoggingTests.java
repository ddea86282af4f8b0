package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.LogLevel;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.spring.ActorComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code goakt.system.logging.*}, and what the auto-configured system writes through SLF4J to the application's log. */
@ExtendWith(OutputCaptureExtension.class)
class GoaktLoggingTests {

    private static final Duration ASK = Duration.ofSeconds(30);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class));

    /** The message {@link Account} fails on. */
    record Deposit(int amount) {
    }

    /** Fails on {@link Deposit}; answers anything else with "pong". */
    @ActorComponent(name = "acc-1")
    static class Account implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Deposit) {
                throw new IllegalStateException("boom");
            }
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond("pong");
            }
        }
    }

    @Test
    void failuresLogAtErrorAndDeadLettersAreLoggedByDefault() {
        runner.run(ctx -> {
            ActorSystemConfig config = ctx.getBean(ActorSystem.class).config();
            assertThat(config.failureLogLevel()).isEqualTo(LogLevel.ERROR);
            assertThat(config.logDeadLetters()).isTrue();
        });
    }

    @Test
    void propertiesSetTheFailureLevelInAnyCaseAndSwitchDeadLettersOff() {
        runner.withPropertyValues("goakt.system.logging.failures= Warn ", "goakt.system.logging.dead-letters=false")
                .run(ctx -> {
                    ActorSystemConfig config = ctx.getBean(ActorSystem.class).config();
                    assertThat(config.failureLogLevel()).isEqualTo(LogLevel.WARN);
                    assertThat(config.logDeadLetters()).isFalse();
                });
        runner.withPropertyValues("goakt.system.logging.failures=off").run(ctx -> assertThat(
                ctx.getBean(ActorSystem.class).config().failureLogLevel()).isEqualTo(LogLevel.OFF));
    }

    @Test
    void anUnknownFailureLevelFailsNamingTheKeyAndTheAllowedValues() {
        runner.withPropertyValues("goakt.system.logging.failures=fatal").run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("goakt.system.logging.failures")
                .hasMessageContaining("error, warn, info, debug, off"));
    }

    @Test
    void aFailingActorWritesOneErrorLineWithPathMessageTypeDecisionAndStackTrace(CapturedOutput output) {
        runner.withBean(Account.class).run(ctx -> {
            ActorRef acc = fail(ctx.getBean(ActorSystem.class));
            assertThat(acc.ask("ping", String.class, ASK).toCompletableFuture().get()).isEqualTo("pong");
        });
        String line = "goakt://goakt/user/acc-1 failed on Deposit: java.lang.IllegalStateException: boom; "
                + "restarting (restart 1)";
        assertThat(count(output.getOut() + output.getErr(), Pattern.quote(line))).isEqualTo(1);
        assertThat(output).containsPattern("ERROR.*" + Pattern.quote(line))
                .contains("at " + Account.class.getName() + ".receive");
        assertThat(output).containsPattern("INFO.*actor system goakt started: dispatcher default")
                .containsPattern("INFO.*actor system goakt stopped: drained \\d+ actors? in \\d+ ms");
    }

    @Test
    void theFailureLevelPropertyReachesTheLog(CapturedOutput output) {
        runner.withBean(Account.class).withPropertyValues("goakt.system.logging.failures=warn").run(ctx -> {
            ActorRef acc = fail(ctx.getBean(ActorSystem.class));
            assertThat(acc.ask("ping", String.class, ASK).toCompletableFuture().get()).isEqualTo("pong");
        });
        assertThat(output).containsPattern("WARN.*acc-1 failed on Deposit").doesNotContainPattern("ERROR.*acc-1 failed");
    }

    @Test
    void offWritesNoFailureLine(CapturedOutput output) {
        runner.withBean(Account.class).withPropertyValues("goakt.system.logging.failures=off").run(ctx -> {
            ActorRef acc = fail(ctx.getBean(ActorSystem.class));
            assertThat(acc.ask("ping", String.class, ASK).toCompletableFuture().get()).isEqualTo("pong");
        });
        assertThat(output).doesNotContain("acc-1 failed on Deposit");
    }

    @Test
    void aDeadLetterWritesAnInfoLine(CapturedOutput output) {
        runner.run(ctx -> ctx.getBean(ActorSystem.class).actorOf("nobody").tell(new Deposit(1), null));
        assertThat(output).containsPattern("INFO.*dead letter: Deposit from no sender to goakt://goakt/user/nobody "
                + "\\(no such actor\\)");
    }

    @Test
    void deadLettersCanBeSwitchedOff(CapturedOutput output) {
        runner.withPropertyValues("goakt.system.logging.dead-letters=false").run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            system.actorOf("nobody").tell(new Deposit(1), null);
            assertThat(system.deadLetterCount()).isEqualTo(1);
        });
        assertThat(output).doesNotContain("dead letter: Deposit");
    }

    private static ActorRef fail(ActorSystem system) {
        ActorRef acc = system.lookup("acc-1").orElseThrow();
        acc.tell(new Deposit(5), null);
        return acc;
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
