package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.actuate.ActorsEndpoint;
import io.goakt.spring.actuate.GoaktHealthIndicator;
import io.goakt.spring.actuate.GrainsEndpoint;
import io.goakt.spring.metrics.GoaktGrainMetrics;
import io.goakt.spring.metrics.GoaktMetrics;
import io.goakt.spring.web.GoaktExceptionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Health, endpoint, metrics and MVC auto-configurations, with and without their optional libraries. */
class GoaktActuatorAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktHealthAutoConfiguration.class, GoaktEndpointAutoConfiguration.class,
                    GoaktMetricsAutoConfiguration.class, GoaktWebMvcAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=actors");

    @Test
    void healthEndpointAndMetricsAreThereByDefault() {
        runner.run(ctx -> {
            assertThat(ctx).hasBean("goaktHealthIndicator").hasSingleBean(ActorsEndpoint.class)
                    .hasSingleBean(GoaktMetrics.class);
            assertThat(ctx.getBean(GoaktHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            assertThat(ctx.getBean(ActorSystem.class).config().interceptors())
                    .containsExactly(ctx.getBean(GoaktMetrics.class));
        });
    }

    @Test
    void grainsEndpointAndMetersAreThereWhenExposed() {
        runner.withPropertyValues("management.endpoints.web.exposure.include=actors,grains").run(ctx -> {
            assertThat(ctx).hasSingleBean(GrainsEndpoint.class).hasSingleBean(GoaktGrainMetrics.class);
            assertThat(ctx.getBean(GrainsEndpoint.class).grains().activeCount()).isZero();
        });
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(GrainsEndpoint.class).hasSingleBean(ActorsEndpoint.class));
    }

    @Test
    void anActorComponentsKindIsItsComponentNameAndAnyOtherActorsItsClassName() {
        runner.withBean(TestActors.Instances.class).withBean(TestActors.EchoActor.class).run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(GoaktMetrics.class).bindTo(registry);
            ActorRef echo = ctx.getBean(ActorRegistry.class).ref("echo");
            echo.ask("x", Duration.ofSeconds(5)).toCompletableFuture().get();
            ActorRef plain = system.spawn("plain", Plain::new, SpawnOptions.defaults());
            plain.tell("x");

            ActorsEndpoint endpoint = ctx.getBean(ActorsEndpoint.class);
            assertThat(endpoint.actors().kinds()).containsEntry("echo", List.of("/user/echo"))
                    .containsEntry(Plain.class.getName(), List.of("/user/plain"));
            assertThat(((ActorsEndpoint.ActorDescriptor) endpoint.actor(new String[] {"echo"}).getBody()).kind())
                    .isEqualTo("echo");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(registry.get("goakt.messages.processed").tags("kind", "echo").counter().count())
                        .isEqualTo(1.0);
                assertThat(registry.get("goakt.messages.processed").tags("kind", Plain.class.getName()).counter()
                        .count()).isEqualTo(1.0);
            });
            assertThat(registry.find("goakt.actors.active").tag("kind", TestActors.EchoActor.class.getName())
                    .gauges()).isEmpty();
        });
    }

    /** An actor that is no component. */
    static class Plain implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
        }
    }

    @Test
    void goaktDisabledTurnsEverythingOff() {
        runner.withPropertyValues("goakt.enabled=false").run(ctx -> assertThat(ctx).hasNotFailed()
                .doesNotHaveBean(GoaktHealthIndicator.class).doesNotHaveBean(ActorsEndpoint.class)
                .doesNotHaveBean(GoaktMetrics.class).doesNotHaveBean(GoaktGrainMetrics.class)
                .doesNotHaveBean(ActorSystem.class));
    }

    @Test
    void healthIndicatorCanBeTurnedOff() {
        runner.withPropertyValues("management.health.goakt.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(GoaktHealthIndicator.class));
    }

    @Test
    void endpointIsAbsentUnlessExposed() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                        GoaktEndpointAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ActorsEndpoint.class));
    }

    @Test
    void userBeansBackOff() {
        runner.withBean("goaktHealthIndicator", HealthIndicator.class,
                        () -> () -> org.springframework.boot.health.contributor.Health.down().build())
                .withBean("myEndpoint", ActorsEndpoint.class)
                .withBean("myMetrics", GoaktMetrics.class, () -> new GoaktMetrics(() -> null))
                .run(ctx -> {
                    assertThat(ctx).doesNotHaveBean(GoaktHealthIndicator.class);
                    assertThat(ctx.getBeansOfType(ActorsEndpoint.class)).containsOnlyKeys("myEndpoint");
                    assertThat(ctx.getBeansOfType(GoaktMetrics.class)).containsOnlyKeys("myMetrics");
                    ctx.getBean(ActorsEndpoint.class);
                });
    }

    @Test
    void withoutActuatorTheSystemStillRuns() {
        runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class, Endpoint.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(ActorSystem.class)
                            .doesNotHaveBean(GoaktHealthIndicator.class).doesNotHaveBean(ActorsEndpoint.class);
                    ActorRef echo = ctx.getBean(ActorSystem.class).spawnFromFunction("echo",
                            c -> c.respond(c.message()));
                    assertThat(echo.ask("x", Duration.ofSeconds(5)).toCompletableFuture().get()).isEqualTo("x");
                });
    }

    @Test
    void withoutMicrometerTheSystemHasNoInterceptor() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(ActorSystem.class)
                            .doesNotHaveBean(GoaktMetrics.class);
                    assertThat(ctx.getBean(ActorSystem.class).config().interceptors()).isEmpty();
                });
    }

    @Test
    void exceptionHandlerOnlyInAServletWebApplication() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(GoaktExceptionHandler.class));
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                        GoaktWebMvcAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasSingleBean(GoaktExceptionHandler.class));
    }

    @Test
    void healthIsOutOfServiceOnceTheContextStops() {
        runner.run(ctx -> {
            GoaktHealthIndicator health = ctx.getBean(GoaktHealthIndicator.class);
            ctx.getBean(ActorSystemLifecycle.class).stop();
            assertThat(health.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void healthIsDownWhenTheSystemStoppedOnItsOwn() {
        runner.run(ctx -> {
            GoaktHealthIndicator health = ctx.getBean(GoaktHealthIndicator.class);
            ctx.getBean(ActorSystem.class).shutdown(Duration.ofSeconds(5));
            assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.health().getDetails()).containsKeys("actors", "deadLetters", "uptime");
        });
    }
}
