package io.goakt.spring.autoconfigure;

import io.goakt.actor.AskTimeoutException;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRef;
import io.goakt.grain.UnknownGrainKindException;
import io.goakt.spring.GrainClient;
import io.goakt.spring.internal.DefaultGrainClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code @GrainComponent} registration and {@link GrainClient}. */
class GoaktGrainAutoConfigurationTests {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class));

    private final ApplicationContextRunner withCounter = runner.withBean(TestActors.Instances.class)
            .withBean(TestGrains.CounterGrain.class);

    @Test
    void grainComponentsAreRegisteredWithTheSystemsGrainRegistry() {
        withCounter.withBean("greeter", TestGrains.DefaultKindGrain.class).run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            assertThat(grains.kinds()).containsExactlyInAnyOrder("counter", "greeter");
            assertThat(io.goakt.grain.Grains.of(ctx.getBean(io.goakt.actor.ActorSystem.class)))
                    .isSameAs(grains.registry());
            // the kind defaults to the bean name
            assertThat(grains.ask("greeter", "g1", "hi").toCompletableFuture().get()).isEqualTo("greeter/g1");
        });
    }

    @Test
    void anApplicationWithoutGrainKindsGetsNoGrainRegistryUntilItUsesOne() {
        runner.run(ctx -> {
            io.goakt.actor.ActorSystem system = ctx.getBean(io.goakt.actor.ActorSystem.class);
            GrainClient grains = ctx.getBean(GrainClient.class);
            assertThat(grains.kinds()).isEmpty();
            assertThat(system.extension(io.goakt.grain.GrainRegistry.class)).isEmpty();
            assertThatThrownBy(() -> grains.ref("cart", "a")).isInstanceOf(UnknownGrainKindException.class);
        });
    }

    @Test
    void everyActivationGetsAFreshPrototypeWithItsDependenciesInjected() {
        withCounter.run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            TestActors.Instances instances = ctx.getBean(TestActors.Instances.class);
            grains.tell("counter", "a", "one");
            assertThat(ask(grains, "a")).isEqualTo(new TestGrains.Reply(1, List.of("one")));
            // a second identity is a second instance
            assertThat(ask(grains, "b")).isEqualTo(new TestGrains.Reply(2, List.of()));
            // "a" has handled two of its three messages; the third ends the activation, the next one starts anew
            grains.tell("counter", "a", "two");
            assertThat(ask(grains, "a")).isEqualTo(new TestGrains.Reply(3, List.of()));
            assertThat(instances.created).hasValue(3);
            // and so does an explicit deactivation
            grains.registry().deactivate(GrainIdentity.of("counter", "b")).toCompletableFuture().get();
            assertThat(ask(grains, "b")).isEqualTo(new TestGrains.Reply(4, List.of()));
        });
    }

    @Test
    void aGrainComponentDeclaredSingletonIsStillAFreshInstancePerActivation() {
        runner.withBean("sticky", TestGrains.StickyGrain.class, TestGrains.StickyGrain::new,
                bd -> bd.setScope("singleton")).run(ctx -> {
                    assertThat(ctx.getBeanFactory().getBeanDefinition("sticky").isPrototype()).isTrue();
                    GrainClient grains = ctx.getBean(GrainClient.class);
                    Object first = grains.ask("sticky", "s", "who").toCompletableFuture().get();
                    grains.registry().deactivate(GrainIdentity.of("sticky", "s")).toCompletableFuture().get();
                    assertThat(grains.ask("sticky", "s", "who").toCompletableFuture().get()).isNotEqualTo(first);
                });
    }

    @Test
    void refByComponentClassUsesItsKind() {
        withCounter.run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            GrainRef ref = grains.ref(TestGrains.CounterGrain.class, "c");
            assertThat(ref).isEqualTo(grains.ref("counter", "c"));
            ref.tell("x");
            assertThat(ask(grains, "c").seen()).containsExactly("x");
        });
    }

    @Test
    void tellsFromOneCallerArriveInOrderBeforeItsAsk() {
        withCounter.run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            grains.tell("counter", "o", 1);
            grains.tell("counter", "o", 2);
            assertThat(ask(grains, "o").seen()).containsExactly(1, 2);
        });
    }

    @Test
    void askUsesTheConfiguredAskTimeout() {
        runner.withBean(TestGrains.SilentGrain.class).withPropertyValues("goakt.system.ask-timeout=100ms")
                .run(ctx -> assertThatThrownBy(() -> ctx.getBean(GrainClient.class).ask("silent", "s", "hello")
                        .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(AskTimeoutException.class));
    }

    @Test
    void unknownKindsAreRefusedWithTheRuntimesTypedException() {
        withCounter.run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            assertThatThrownBy(() -> grains.ref("countr", "x")).isInstanceOf(UnknownGrainKindException.class)
                    .hasMessageContaining("countr").hasMessageContaining("counter");
            assertThatThrownBy(() -> grains.tell("countr", "x", "m")).isInstanceOf(UnknownGrainKindException.class);
            assertThatThrownBy(() -> grains.ask("countr", "x", "m")).isInstanceOf(UnknownGrainKindException.class);
            assertThatThrownBy(() -> grains.ref(TestGrains.SilentGrain.class, "x"))
                    .isInstanceOf(UnknownGrainKindException.class)
                    .satisfies(e -> assertThat(((UnknownGrainKindException) e).registeredKinds())
                            .containsExactly("counter"));
        });
    }

    @Test
    void validAttributesReachTheRegistry() {
        runner.withBean(TestGrains.BoundedGrain.class).withPropertyValues("goakt.mailbox.capacity=4")
                .run(ctx -> assertThat(ctx.getBean(GrainClient.class).ask("bounded", "b", "x")
                        .toCompletableFuture().get()).isInstanceOf(Integer.class));
    }

    @Test
    void invalidAttributesFailStartUpNamingTheComponentTheAttributeAndWhatIsAllowed() {
        assertStartupFailure(TestGrains.BadIdleTimeoutGrain.class, "idleTimeout 'soon'", "positive duration");
        assertStartupFailure(TestGrains.NegativeIdleTimeoutGrain.class, "idleTimeout '-5s'", "positive duration");
        assertStartupFailure(TestGrains.BadMaxMessagesGrain.class, "maxMessages -1", "0 for no limit");
        assertStartupFailure(TestGrains.BadMailboxGrain.class, "mailbox 'priority'", "bounded, fair, unbounded");
        assertStartupFailure(TestGrains.BadDispatcherGrain.class, "dispatcher 'io-pool'", "default");
        assertStartupFailure(TestGrains.BadKindGrain.class, "kind 'bad/kind'", "no '/'");
    }

    private void assertStartupFailure(Class<?> component, String attribute, String allowed) {
        runner.withBean(component).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(NestedExceptionUtils.getMostSpecificCause(ctx.getStartupFailure()))
                    .hasMessageContaining("@GrainComponent on " + component.getName())
                    .hasMessageContaining(attribute).hasMessageContaining(allowed);
        });
    }

    @Test
    void badDeclarationsFailStartUp() {
        runner.withBean(TestGrains.NotAGrain.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining(TestGrains.NotAGrain.class.getName())
                .hasMessageContaining("does not implement io.goakt.grain.Grain"));
        runner.withBean(TestGrains.BothGrain.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining("both an @ActorComponent and a @GrainComponent"));
        withCounter.withBean(TestGrains.SecondCounterGrain.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining("kind 'counter' is declared by both"));
    }

    @Test
    void aUserGrainClientBacksOffTheDefault() {
        runner.withBean(GrainClient.class, () -> org.mockito.Mockito.mock(GrainClient.class))
                .run(ctx -> assertThat(ctx.getBean(GrainClient.class)).isNotInstanceOf(DefaultGrainClient.class));
    }

    @Test
    void disabledCreatesNoGrainClient() {
        withCounter.withPropertyValues("goakt.enabled=false")
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(GrainClient.class));
    }

    @Test
    void activeGrainsDeactivateWhenTheContextCloses() {
        withCounter.run(ctx -> {
            GrainClient grains = ctx.getBean(GrainClient.class);
            grains.tell("counter", "z", "m");
            await().until(() -> grains.registry().isActive(GrainIdentity.of("counter", "z")));
            ctx.close();
            assertThat(grains.registry().activeGrains()).isEmpty();
        });
    }

    private static TestGrains.Reply ask(GrainClient grains, String id) throws Exception {
        return (TestGrains.Reply) grains.ask("counter", id, "get").toCompletableFuture()
                .get(ASK.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    }
}
