package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.spring.observation.DefaultGoaktSendObservationConvention;
import io.goakt.spring.observation.GoaktSendContext;
import io.goakt.spring.observation.GoaktSendObservationConvention;
import io.goakt.spring.observation.ObservationMessageContextHook;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Message observations are installed only with an ObservationRegistry bean, and can be switched off or renamed. */
class GoaktObservationAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktObservationAutoConfiguration.class));

    @Test
    void withoutAnObservationRegistryNothingIsInstalled() {
        runner.run(ctx -> {
            assertThat(ctx).hasNotFailed().doesNotHaveBean(ObservationMessageContextHook.class);
            assertThat(ctx.getBean(ActorSystem.class).config().messageContextHook()).isNull();
        });
    }

    @Test
    void anObservationRegistryBeanInstallsTheHookOnTheSystem() {
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(ctx -> {
            assertThat(ctx).hasSingleBean(ObservationMessageContextHook.class);
            assertThat(ctx.getBean(ActorSystem.class).config().messageContextHook())
                    .isSameAs(ctx.getBean(ObservationMessageContextHook.class));
        });
    }

    @Test
    void thePropertySwitchesItOffDespiteARegistry() {
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withPropertyValues("goakt.observations.enabled=false").run(ctx -> {
                    assertThat(ctx).hasNotFailed().doesNotHaveBean(ObservationMessageContextHook.class);
                    assertThat(ctx.getBean(ActorSystem.class).config().messageContextHook()).isNull();
                });
    }

    @Test
    void withoutMicrometerObservationOnTheClasspathTheStarterStillStarts() {
        runner.withClassLoader(new FilteredClassLoader(ObservationRegistry.class)).run(ctx -> {
            assertThat(ctx).hasNotFailed().hasSingleBean(ActorSystem.class)
                    .doesNotHaveBean(ObservationMessageContextHook.class);
            assertThat(ctx.getBean(ActorSystem.class).config().messageContextHook()).isNull();
        });
    }

    @Test
    void aUserHookBeanReplacesTheDefault() {
        ObservationRegistry registry = TestObservationRegistry.create();
        ObservationMessageContextHook mine = new ObservationMessageContextHook(registry, "mine", null, null);
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withBean(ObservationMessageContextHook.class, () -> mine).run(ctx -> {
                    assertThat(ctx).getBean(ObservationMessageContextHook.class).isSameAs(mine);
                    assertThat(ctx.getBean(ActorSystem.class).config().messageContextHook()).isSameAs(mine);
                });
    }

    @Test
    void theMessageObservationsMakeNoMetersButGoaktsOwnMetersStay() {
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create).run(ctx -> {
            MeterFilter filter = ctx.getBean("goaktObservationMeterFilter", MeterFilter.class);
            for (String denied : List.of("goakt.message.send", "goakt.message.send.active", "goakt.message.receive",
                    "goakt.message.receive.active")) {
                assertThat(filter.accept(new Meter.Id(denied, Tags.empty(), null, null, Meter.Type.TIMER)))
                        .as(denied).isEqualTo(MeterFilterReply.DENY);
            }
            for (String kept : List.of("goakt.message.processing", "goakt.messages.processed",
                    "http.server.requests")) {
                assertThat(filter.accept(new Meter.Id(kept, Tags.empty(), null, null, Meter.Type.TIMER)))
                        .as(kept).isEqualTo(MeterFilterReply.NEUTRAL);
            }
        });
    }

    @Test
    void anApplicationBeanOfTheFiltersNameKeepsTheObservationTimers() {
        MeterFilter mine = MeterFilter.accept();
        runner.withBean(ObservationRegistry.class, TestObservationRegistry::create)
                .withBean("goaktObservationMeterFilter", MeterFilter.class, () -> mine)
                .run(ctx -> assertThat(ctx.getBean("goaktObservationMeterFilter")).isSameAs(mine));
    }

    /** Renames the send observation. */
    static final class RenamedSend extends DefaultGoaktSendObservationConvention {
        @Override
        public String getName() {
            return "app.actor.send";
        }
    }

    @Test
    void aSendConventionBeanRenamesTheSendObservation() {
        TestObservationRegistry registry = TestObservationRegistry.create();
        List<String> stopped = new CopyOnWriteArrayList<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStop(Observation.Context context) {
                stopped.add(context.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return context instanceof GoaktSendContext;
            }
        });
        runner.withBean(ObservationRegistry.class, () -> registry)
                .withBean(GoaktSendObservationConvention.class, RenamedSend::new).run(ctx -> {
                    ActorRef ref = ctx.getBean(ActorSystem.class).spawnFromFunction("sink", c -> { });
                    Observation.createNotStarted("test.request", registry).observe(() -> ref.tell("hello"));
                    await().atMost(30, TimeUnit.SECONDS).until(() -> !stopped.isEmpty());
                    assertThat(stopped).containsExactly("app.actor.send");
                });
    }
}
