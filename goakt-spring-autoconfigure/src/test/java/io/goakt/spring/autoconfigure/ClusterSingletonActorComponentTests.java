package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.ClusterSingletons;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ActorName;
import io.goakt.spring.ActorRegistry;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.internal.ActorKinds;
import io.goakt.spring.metrics.GoaktClusterMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ActorComponent(clusterSingleton = true)}: one instance in the cluster on the oldest member (with its
 * role), reached through the injected {@link ActorName} ref from every member, moved when its member leaves, listed
 * by the {@code cluster} endpoint and counted by {@code goakt.cluster.singleton.handovers}; refused with
 * {@code clusterUnique} or without a cluster. Members are application contexts on 127.0.0.1 with free ports and the
 * failure detection of {@link ClusterMembers}.
 */
class ClusterSingletonActorComponentTests {

    private static final Duration ASK = Duration.ofSeconds(10);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class));

    private ClusterMembers members;

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    /** Which application context a reply came from. */
    record NodeId(String id) {
    }

    /** The singleton: replies with its member's {@link NodeId}. */
    @ActorComponent(name = "scheduler", clusterSingleton = true)
    static class SchedulerActor implements Actor {
        private final NodeId node;

        SchedulerActor(NodeId node) {
            this.node = node;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond(node.id());
            }
        }
    }

    /** A singleton among the members with the role {@code backend}. */
    @ActorComponent(name = "planner", clusterSingleton = true, role = "backend")
    static class PlannerActor extends SchedulerActor {
        PlannerActor(NodeId node) {
            super(node);
        }
    }

    /** A singleton that is also cluster-unique: refused. */
    @ActorComponent(name = "both", clusterSingleton = true, clusterUnique = true)
    static class BothActor extends SchedulerActor {
        BothActor(NodeId node) {
            super(node);
        }
    }

    /** Receives the scheduler's ref by injection, before the member joins. */
    static class SchedulerClient {
        final ActorRef scheduler;

        SchedulerClient(@ActorName("scheduler") ActorRef scheduler) {
            this.scheduler = scheduler;
        }
    }

    private ApplicationContextRunner member(ClusterMembers m, int index, String... more) {
        return runner.withPropertyValues(m.appProperties(index, more))
                .withBean(NodeId.class, () -> new NodeId("node" + index))
                .withBean(RemoteSerializationCustomizer.class, () -> types -> types.register("test.String",
                        String.class));
    }

    private static Object ask(ActorRef ref, Object message) {
        return ref.ask(message, ASK).toCompletableFuture().join();
    }

    private static boolean runsLocally(ApplicationContext ctx, String name) {
        return ctx.getBean(ActorSystem.class).lookup("singleton-" + name).isPresent();
    }

    private static int view(AssertableApplicationContext ctx) {
        return ctx.getBean(ClusterLifecycle.class).view().map(v -> v.size()).orElse(0);
    }

    @Test
    void aSingletonComponentRunsOnTheOldestMemberAndTheInjectedRefReachesItFromEveryMember() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0).withBean(SchedulerActor.class).withBean(SchedulerClient.class).run(a ->
                member(members, 1).withBean(SchedulerActor.class).withBean(SchedulerClient.class).run(b -> {
                    assertThat(a).hasNotFailed();
                    assertThat(b).hasNotFailed();
                    assertThat(a.getBean(ActorKinds.class).byName("scheduler").orElseThrow().clusterSingleton())
                            .isTrue();
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> view(a) == 2 && view(b) == 2);

                    assertThat(ask(b.getBean(SchedulerClient.class).scheduler, "who")).isEqualTo("node0");
                    assertThat(ask(a.getBean(SchedulerClient.class).scheduler, "who")).isEqualTo("node0");
                    assertThat(ask(b.getBean(ActorRegistry.class).ref("scheduler"), "who")).isEqualTo("node0");
                    assertThat(runsLocally(a, "scheduler")).isTrue();
                    assertThat(runsLocally(b, "scheduler")).isFalse();

                    String hostId = a.getBean(ClusterLifecycle.class).cluster().orElseThrow().self().id();
                    await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() ->
                            assertThat(new ClusterEndpoint(b.getBean(ClusterLifecycle.class)).cluster().singletons())
                                    .containsExactly(new ClusterEndpoint.SingletonDescriptor("scheduler", hostId)));
                }));
    }

    @Test
    void whenItsMemberLeavesTheNextMemberRunsItTheInjectedRefFollowsAndTheHandOverIsCounted() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0).withBean(SchedulerActor.class).run(a ->
                member(members, 1).withBean(SchedulerActor.class).withBean(SchedulerClient.class).run(b -> {
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> view(b) == 2);
                    ActorRef scheduler = b.getBean(SchedulerClient.class).scheduler;
                    assertThat(ask(scheduler, "who")).isEqualTo("node0");
                    SimpleMeterRegistry meters = new SimpleMeterRegistry();
                    new GoaktClusterMetrics(() -> b.getBean(ClusterLifecycle.class)).bindTo(meters);

                    a.close();

                    await().atMost(ClusterMembers.TIMEOUT).until(() -> runsLocally(b, "scheduler"));
                    assertThat(ask(scheduler, "who")).isEqualTo("node1");
                    assertThat(meters.get("goakt.cluster.singleton.handovers").tag("system",
                            b.getBean(ActorSystem.class).name()).functionCounter().count()).isEqualTo(1.0);
                    assertThat(ClusterSingletons.of(b.getBean(ActorSystem.class)).handovers()).isEqualTo(1);
                }));
    }

    @Test
    void aSingletonWithARoleRunsOnTheOldestMemberWithThatRole() throws Exception {
        members = new ClusterMembers(2);
        member(members, 0, "goakt.cluster.roles=api").withBean(PlannerActor.class).run(a ->
                member(members, 1, "goakt.cluster.roles=backend").withBean(PlannerActor.class).run(b -> {
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> view(a) == 2 && view(b) == 2);
                    assertThat(ask(a.getBean(ActorRegistry.class).ref("planner"), "who")).isEqualTo("node1");
                    assertThat(runsLocally(b, "planner")).isTrue();
                    assertThat(runsLocally(a, "planner")).isFalse();
                }));
    }

    @Test
    void aSingletonThatIsAlsoClusterUniqueFailsStartUpNamingTheComponent() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(BothActor.class).run(ctx ->
                assertThat(ctx).getFailure()
                        .hasMessageContaining(BothActor.class.getName())
                        .hasMessageContaining("clusterSingleton = true and clusterUnique = true"));
    }

    @Test
    void aSingletonWithTheClusterDisabledFailsStartUpNamingTheComponentAndTheKey() {
        runner.withBean(NodeId.class, () -> new NodeId("alone")).withBean(SchedulerActor.class).run(ctx ->
                assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining(SchedulerActor.class.getName())
                        .hasMessageContaining("goakt.cluster.enabled=true"));
    }
}
