package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.spring.web.GoaktExceptionHandler;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ProblemDetail;

import static org.assertj.core.api.Assertions.assertThat;

/** The MVC exception handler's wiring and its {@code goakt.web.problem-details.*} settings. */
class GoaktWebMvcAutoConfigurationTests {

    private static final ActorNotAliveException STOPPED =
            new ActorNotAliveException("no actor at goakt://web/user/notifier#2k9");

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktWebMvcAutoConfiguration.class));

    private static ProblemDetail body(GoaktExceptionHandler handler) {
        return handler.notAlive(STOPPED).getBody();
    }

    @Test
    void problemDetailsLeaveTheExceptionMessageOutByDefault() {
        runner.run(ctx -> {
            ProblemDetail body = body(ctx.getBean(GoaktExceptionHandler.class));
            assertThat(body.getDetail()).isEqualTo("The actor is not running.");
            assertThat(body.getProperties()).isNullOrEmpty();
        });
    }

    @Test
    void includeExceptionMessageAddsItAsAPropertyAndKeepsThePlainDetail() {
        runner.withPropertyValues("goakt.web.problem-details.include-exception-message=true").run(ctx -> {
            ProblemDetail body = body(ctx.getBean(GoaktExceptionHandler.class));
            assertThat(body.getDetail()).isEqualTo("The actor is not running.");
            assertThat(body.getProperties()).containsEntry(GoaktExceptionHandler.EXCEPTION_MESSAGE,
                    STOPPED.getMessage());
        });
    }

    @Test
    void aBadIncludeExceptionMessageValueFailsStartUpNamingTheKey() {
        runner.withPropertyValues("goakt.web.problem-details.include-exception-message=sometimes").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure())
                    .hasStackTraceContaining("goakt.web.problem-details.include-exception-message")
                    .hasStackTraceContaining("sometimes");
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHandler {
        @Bean
        GoaktExceptionHandler myHandler() {
            return new GoaktExceptionHandler(true);
        }
    }

    @Test
    void anApplicationsOwnHandlerReplacesTheDefault() {
        runner.withUserConfiguration(OwnHandler.class).run(ctx -> {
            assertThat(ctx).hasSingleBean(GoaktExceptionHandler.class).hasBean("myHandler");
            assertThat(body(ctx.getBean(GoaktExceptionHandler.class)).getProperties())
                    .containsKey(GoaktExceptionHandler.EXCEPTION_MESSAGE);
        });
    }
}
