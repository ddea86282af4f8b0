package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ClusterGrains;
import io.goakt.grain.GrainIdentity;
import io.goakt.spring.GrainClient;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.metrics.GoaktClusterGrainMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code @GrainComponent} kinds in a cluster member: placed cluster-wide, counted by the endpoint and meters. */
class ClusterGrainsSpringTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class,
                    GoaktEndpointAutoConfiguration.class, GoaktMetricsAutoConfiguration.class))
            .withBean(TestActors.Instances.class)
            .withBean(TestGrains.CounterGrain.class)
            .withPropertyValues("management.endpoints.web.exposure.include=cluster");

    private ClusterMembers members;

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void grainComponentsOfAClusterMemberArePlacedByTheClusterAndShownByTheEndpointAndMeters() throws Exception {
        members = new ClusterMembers(1);
        runner.withPropertyValues(members.appProperties(0)).run(ctx -> {
            ActorSystem system = ctx.getBean(ActorSystem.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(GoaktClusterGrainMetrics.class).bindTo(registry);
            ClusterGrains grains = ClusterGrains.of(system).orElseThrow();
            assertThat(grains.kinds()).contains("counter");

            GrainClient client = ctx.getBean(GrainClient.class);
            client.tell("counter", "a", "one");
            Object reply = client.ask("counter", "a", "get").toCompletableFuture()
                    .get(ClusterMembers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reply).isEqualTo(new TestGrains.Reply(1, List.of("one")));
            assertThat(grains.isActive(GrainIdentity.of("counter", "a"))).isTrue();

            ClusterEndpoint.GrainsDescriptor d = ctx.getBean(ClusterEndpoint.class).cluster().grains();
            assertThat(d.partitionsOwned()).isEqualTo(271);
            assertThat(d.partitionsServed()).isEqualTo(271);
            assertThat(d.activeByKind()).isEqualTo(Map.of("counter", 1));
            assertThat(d.activeByMember()).isEqualTo(Map.of(grains.cluster().self().id(), Map.of("counter", 1)));
            String tag = system.name();
            await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() -> assertThat(registry
                    .get("goakt.cluster.grain.activations").tags("system", tag, "kind", "counter").counter().count())
                    .isEqualTo(1.0));
            assertThat(registry.get("goakt.cluster.grain.partitions").tags("system", tag).gauge().value())
                    .isEqualTo(271.0);
        });
    }
}
