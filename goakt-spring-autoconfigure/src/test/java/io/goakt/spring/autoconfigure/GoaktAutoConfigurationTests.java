package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.EvictionPolicy;
import io.goakt.actor.ReceiveInterceptor;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ActorSystemCustomizer;
import io.goakt.spring.ActorSystemLifecycle;
import io.goakt.spring.NoSuchActorException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GoaktAutoConfigurationTests {

    private static final Duration ASK = Duration.ofSeconds(5);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class));

    @Test
    void defaultsGiveARunningSystemWithTheDocumentedSettings() {
        runner.run(ctx -> {
            assertThat(ctx).hasSingleBean(ActorSystem.class).hasSingleBean(ActorRegistry.class)
                    .hasSingleBean(ActorSystemLifecycle.class);
            ActorSystem system = ctx.getBean(ActorSystem.class);
            assertThat(system.name()).isEqualTo("goakt");
            assertThat(system.isRunning()).isTrue();
            ActorSystemConfig config = system.config();
            assertThat(config.askTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(config.throughput()).isEqualTo(64);
            assertThat(config.parallelism()).isEqualTo(Runtime.getRuntime().availableProcessors());
            assertThat(config.spinning()).isEqualTo(io.goakt.dispatch.Spinning.ADAPTIVE);
            assertThat(ctx.getBean(ActorSystemLifecycle.class).state()).isEqualTo(ActorSystemLifecycle.State.RUNNING);
        });
    }

    @Test
    void everyPropertyReachesTheConfig() {
        runner.withPropertyValues("goakt.system.name=shop", "goakt.system.ask-timeout=750ms",
                "goakt.system.shutdown-timeout=7s", "goakt.system.dispatcher.throughput=8",
                "goakt.system.dispatcher.parallelism=3", "goakt.mailbox.type=UNBOUNDED", "goakt.mailbox.capacity=50")
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    assertThat(system.name()).isEqualTo("shop");
                    assertThat(system.config().askTimeout()).isEqualTo(Duration.ofMillis(750));
                    assertThat(system.config().shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(system.config().throughput()).isEqualTo(8);
                    assertThat(system.config().parallelism()).isEqualTo(3);
                    assertThat(ctx.getBean(GoaktProperties.class).getMailbox().getCapacity()).isEqualTo(50);
                });
    }

    @Test
    void disabledCreatesNothing() {
        runner.withPropertyValues("goakt.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(ActorSystem.class).doesNotHaveBean(ActorRegistry.class));
    }

    @Test
    void userSystemBeanBacksOffTheDefault() {
        runner.withBean("mySystem", ActorSystem.class, () -> ActorSystem.create("mine"))
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(ActorSystem.class);
                    assertThat(ctx.getBean(ActorSystem.class).name()).isEqualTo("mine");
                    assertThat(ctx.getBean(ActorRegistry.class).system().name()).isEqualTo("mine");
                });
    }

    @Test
    void userRegistryBacksOffTheDefault() {
        runner.withBean(ActorRegistry.class, () -> org.mockito.Mockito.mock(ActorRegistry.class))
                .run(ctx -> assertThat(ctx.getBean(ActorRegistry.class))
                        .isNotInstanceOf(io.goakt.spring.internal.DefaultActorRegistry.class));
    }

    @Test
    void userConfigAndLifecycleBeansBackOff() {
        ActorSystem other = ActorSystem.create("lifecycle-only");
        try {
            runner.withBean("myConfig", ActorSystemConfig.class, () -> ActorSystemConfig.builder().throughput(3).build())
                    .withBean("myLifecycle", ActorSystemLifecycle.class,
                            () -> new ActorSystemLifecycle(other, () -> { }, Duration.ofSeconds(1)))
                    .run(ctx -> {
                        assertThat(ctx.getBean(ActorSystem.class).config().throughput()).isEqualTo(3);
                        assertThat(ctx.getBeansOfType(ActorSystemLifecycle.class)).containsOnlyKeys("myLifecycle");
                    });
        } finally {
            other.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void customizersAddWhatPropertiesDoNotCover() {
        ReceiveInterceptor interceptor = (c, next) -> next.proceed();
        runner.withBean(ActorSystemCustomizer.class, () -> builder -> builder.interceptor(interceptor))
                .run(ctx -> assertThat(ctx.getBean(ActorSystem.class).config().interceptors())
                        .containsExactly(interceptor));
    }

    @Test
    void customizerSettingWhatAPropertySetsFailsWithAHint() {
        runner.withBean(ActorSystemCustomizer.class, () -> builder -> builder.askTimeout(Duration.ofSeconds(1)))
                .run(ctx -> assertThat(ctx).getFailure()
                        .hasStackTraceContaining("askTimeout is already set")
                        .hasStackTraceContaining("must be set through the properties"));
    }

    @Test
    void spinPropertySetsTheSpinningOfTheSystemInAnyCase() {
        runner.withPropertyValues("goakt.system.dispatcher.spin=off").run(ctx -> assertThat(
                ctx.getBean(ActorSystem.class).config().spinning()).isEqualTo(io.goakt.dispatch.Spinning.OFF));
        runner.withPropertyValues("goakt.system.dispatcher.spin= Reduced ").run(ctx -> assertThat(
                ctx.getBean(ActorSystem.class).config().spinning()).isEqualTo(io.goakt.dispatch.Spinning.REDUCED));
        runner.withPropertyValues("goakt.system.dispatcher.spin=adaptive").run(ctx -> assertThat(
                ctx.getBean(ActorSystem.class).config().spinning()).isEqualTo(io.goakt.dispatch.Spinning.ADAPTIVE));
    }

    @Test
    void unknownSpinFailsNamingTheKeyAndTheAllowedValues() {
        assertStartupFailure("goakt.system.dispatcher.spin=fast", "goakt.system.dispatcher.spin",
                "adaptive, reduced, off");
        assertStartupFailure("goakt.system.dispatcher.spin=", "goakt.system.dispatcher.spin",
                "adaptive, reduced, off");
    }

    @Test
    void evictionPropertiesCapTheSystem() {
        runner.withPropertyValues("goakt.system.eviction.policy=LFU", "goakt.system.eviction.max-actors=1000",
                "goakt.system.eviction.percentage=10", "goakt.system.eviction.interval=250ms",
                "goakt.system.eviction.sample-size=32").run(ctx -> {
                    EvictionPolicy policy = ctx.getBean(ActorSystem.class).config().eviction();
                    assertThat(policy.strategy()).isEqualTo(EvictionPolicy.Strategy.LFU);
                    assertThat(policy.maxActors()).isEqualTo(1000);
                    assertThat(policy.percentage()).isEqualTo(10);
                    assertThat(policy.interval()).isEqualTo(Duration.ofMillis(250));
                    assertThat(policy.sampleSize()).isEqualTo(32);
                });
        runner.run(ctx -> assertThat(ctx.getBean(ActorSystem.class).config().eviction()).isNull());
        runner.withPropertyValues("goakt.system.eviction.policy=none", "goakt.system.eviction.max-actors=5")
                .run(ctx -> assertThat(ctx.getBean(ActorSystem.class).config().eviction()).isNull());
    }

    @Test
    void badEvictionPropertiesFailNamingTheKey() {
        assertStartupFailure("goakt.system.eviction.policy=fifo", "goakt.system.eviction.policy",
                "lru, lfu, mru, none");
        assertStartupFailure("goakt.system.eviction.policy=lru", "goakt.system.eviction.max-actors",
                "at least 1");
        runner.withPropertyValues("goakt.system.eviction.policy=mru", "goakt.system.eviction.max-actors=10",
                "goakt.system.eviction.percentage=101").run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.system.eviction.percentage"));
        runner.withPropertyValues("goakt.system.eviction.policy=lru", "goakt.system.eviction.max-actors=10",
                "goakt.system.eviction.sample-size=0").run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.system.eviction.sample-size"));
        runner.withPropertyValues("goakt.system.eviction.policy=lru", "goakt.system.eviction.max-actors=10",
                "goakt.system.eviction.interval=0s").run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.system.eviction.interval"));
    }

    @Test
    void customizerSettingSpinningFailsWithAHint() {
        runner.withBean(ActorSystemCustomizer.class,
                        () -> builder -> builder.spinning(io.goakt.dispatch.Spinning.OFF))
                .run(ctx -> assertThat(ctx).getFailure()
                        .hasStackTraceContaining("spinning is already set")
                        .hasStackTraceContaining("must be set through the properties"));
    }

    @Test
    void unknownMailboxTypeFailsNamingTheKeyAndTheAllowedValues() {
        assertStartupFailure("goakt.mailbox.type=priority", "goakt.mailbox.type", "bounded, fair, unbounded");
    }

    @Test
    void boundedMailboxTypeGivesEveryActorAMailboxOfTheConfiguredCapacity() {
        runner.withPropertyValues("goakt.mailbox.type=bounded", "goakt.mailbox.capacity=7").run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            assertThat(system.config().defaultMailbox().create().capacity()).isEqualTo(7);
        });
        runner.withPropertyValues("goakt.mailbox.type=fair").run(ctx -> assertThat(ctx.getBean(ActorSystem.class)
                .config().defaultMailbox().create()).isInstanceOf(io.goakt.mailbox.FairMessageQueue.class));
    }

    @Test
    void negativeTimeoutFailsNamingTheKey() {
        assertStartupFailure("goakt.system.ask-timeout=-1s", "goakt.system.ask-timeout", "positive");
        assertStartupFailure("goakt.system.shutdown-timeout=0s", "goakt.system.shutdown-timeout", "positive");
    }

    @Test
    void outOfRangeNumbersFailNamingTheKey() {
        assertStartupFailure("goakt.system.dispatcher.throughput=0", "goakt.system.dispatcher.throughput", "at least 1");
        assertStartupFailure("goakt.system.dispatcher.parallelism=40000", "goakt.system.dispatcher.parallelism",
                "32767");
        assertStartupFailure("goakt.mailbox.capacity=-5", "goakt.mailbox.capacity", "at least 1");
        assertStartupFailure("goakt.system.name=no spaces", "goakt.system.name", "letters");
    }

    private void assertStartupFailure(String property, String key, String allowed) {
        runner.withPropertyValues(property).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining(key).hasMessageContaining(allowed));
    }

    @Test
    void eagerActorRunsWhenTheContextIsReadyAndRestartsWithAFreshBean() {
        runner.withBean(TestActors.Instances.class).withBean(TestActors.EchoActor.class).run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            ActorRef echo = system.lookup("echo").orElseThrow();
            assertThat(echo.ask("hi", Integer.class, ASK).toCompletableFuture().get()).isEqualTo(1);
            assertThat(system.restart(echo)).isTrue();
            await().untilAsserted(() -> assertThat(echo.ask("hi", Integer.class, ASK).toCompletableFuture().get())
                    .isEqualTo(2));
            assertThat(ctx.getBean(TestActors.Instances.class).created).hasValue(2);
        });
    }

    @Test
    void lazyActorIsSpawnedByItsFirstInjection() {
        runner.withBean(TestActors.LazyActor.class).run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            assertThat(system.lookup("lazy")).isEmpty();
            TestActors.LazyClient client = ctx.getAutowireCapableBeanFactory().createBean(TestActors.LazyClient.class);
            assertThat(system.lookup("lazy")).contains(client.lazy);
            assertThat(client.lazy.ask("ping", String.class, ASK).toCompletableFuture().get()).isEqualTo("lazy:ping");
        });
    }

    @Test
    void lazyActorInjectedIntoASingletonIsRunningAfterStartUp() {
        runner.withBean(TestActors.LazyActor.class).withBean(TestActors.LazyClient.class).run(ctx -> {
            ActorRef ref = ctx.getBean(TestActors.LazyClient.class).lazy;
            assertThat(ctx.getBean(ActorSystem.class).lookup("lazy")).contains(ref);
        });
    }

    @Test
    void unknownActorNameFailsStartUp() {
        runner.withBean(TestActors.EchoActor.class).withBean(TestActors.Instances.class)
                .withBean(TestActors.UnknownClient.class)
                .run(ctx -> assertThat(ctx).getFailure().hasMessageContaining("ordrs")
                        .hasMessageContaining(ActorRef.class.getName()));
    }

    @Test
    void annotatedClassThatIsNotAnActorFailsStartUp() {
        runner.withBean(TestActors.NotAnActor.class).run(ctx -> assertThat(ctx).getFailure()
                .hasMessageContaining(TestActors.NotAnActor.class.getName())
                .hasMessageContaining("does not implement io.goakt.actor.Actor"));
    }

    @Test
    void unknownMailboxOnAComponentFailsStartUp() {
        runner.withBean(TestActors.OddMailboxActor.class).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("priority").hasMessageContaining("unbounded"));
    }

    @Test
    void unknownDispatcherOnAComponentFailsStartUpListingTheAvailableOnes() {
        runner.withBean(TestActors.OddDispatcherActor.class).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("io-pool").hasMessageContaining("default"));
    }

    @Test
    void missingSupervisorBeanFailsStartUp() {
        runner.withBean(TestActors.SupervisedActor.class).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("supervisor 'strict'"));
    }

    @Test
    void supervisorBeanNamedByAComponentDecidesItsFailures() {
        runner.withBean(TestActors.SupervisedActor.class)
                .withBean("strict", io.goakt.supervision.SupervisorStrategy.class,
                        () -> io.goakt.supervision.SupervisorStrategy.oneForOne()
                                .otherwise(io.goakt.supervision.Directive.STOP).build())
                .run(ctx -> {
                    ActorSystem system = ctx.getBean(ActorSystem.class);
                    system.lookup("supervised").orElseThrow().tell("boom");
                    // the default strategy would restart it; "strict" stops it
                    await().until(() -> system.lookup("supervised").isEmpty());
                });
    }

    @Test
    void passivationOnAComponentStopsItsActorsAndTheRegistryBringsTheNamedOneBack() {
        runner.withBean(TestActors.ShortLivedActor.class).run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            ActorRef first = system.lookup("short-lived").orElseThrow();
            for (int i = 0; i < 3; i++) {
                first.tell("m" + i);
            }
            await().until(() -> system.lookup("short-lived").isEmpty());
            ActorRef again = ctx.getBean(ActorRegistry.class).ref("short-lived");
            assertThat(again).isNotEqualTo(first);
        });
    }

    @Test
    void unknownPassivationOnAComponentFailsStartUpNamingWhatIsAllowed() {
        runner.withBean(TestActors.OddPassivationActor.class).run(ctx -> assertThat(ctx).getFailure()
                .rootCause().hasMessageContaining("'soon'").hasMessageContaining("long-lived"));
    }

    @Test
    void registrySpawnsMoreInstancesOfAKindAndRefusesUnknownNames() {
        runner.withBean(TestActors.Instances.class).withBean(TestActors.EchoActor.class).run(ctx -> {
            ActorRegistry registry = ctx.getBean(ActorRegistry.class);
            ActorRef second = registry.spawn(TestActors.EchoActor.class, "echo-2");
            assertThat(second.path()).isEqualTo("/user/echo-2");
            assertThat(registry.getOrSpawn(TestActors.EchoActor.class, "echo-2")).isEqualTo(second);
            assertThat(registry.ref("echo-2")).isEqualTo(second);
            assertThat(registry.declaredNames()).containsExactly("echo");
            assertThatThrownBy(() -> registry.ref("nobody")).isInstanceOf(NoSuchActorException.class)
                    .hasMessageContaining("nobody").hasMessageContaining("echo");
            assertThatThrownBy(() -> registry.spawn(TestActors.LazyActor.class, "x"))
                    .isInstanceOf(NoSuchActorException.class);
        });
    }

    @Test
    void closingTheContextStopsTheSystem() {
        runner.run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            ActorSystemLifecycle lifecycle = ctx.getBean(ActorSystemLifecycle.class);
            ctx.close();
            assertThat(system.isRunning()).isFalse();
            assertThat(system.whenTerminated().toCompletableFuture()).isCompleted();
            assertThat(lifecycle.state()).isEqualTo(ActorSystemLifecycle.State.STOPPED);
        });
    }
}
