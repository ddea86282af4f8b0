package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.QuorumRule;
import io.goakt.internal.cluster.ClusterNode;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.actuate.GoaktClusterHealthIndicator;
import io.goakt.spring.metrics.GoaktClusterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code goakt.cluster.quorum}, {@code stable-after} and {@code handover-timeout}, and what a member whose side lost
 * quorum reports: readiness, health {@code goaktCluster}, endpoint {@code cluster} and meter
 * {@code goakt.cluster.quorum}.
 */
class GoaktClusterQuorumTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class, GoaktHealthAutoConfiguration.class,
                    GoaktEndpointAutoConfiguration.class, GoaktMetricsAutoConfiguration.class))
            .withPropertyValues("management.endpoints.web.exposure.include=cluster");

    private ClusterMembers members;

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    /** A user lifecycle bean that never joins, so the auto-configured one backs off and no port is bound. */
    private static ClusterLifecycle neverJoins() {
        return new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
            @Override
            public void start() {
            }
        };
    }

    @Test
    void quorumKeysReachTheConfig() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.cluster.quorum=static-quorum",
                        "goakt.cluster.min-peers=2", "goakt.cluster.stable-after=3s",
                        "goakt.cluster.handover-timeout=20s", "goakt.cluster.fast-crash-takeover=false")
                .withBean(ClusterLifecycle.class, GoaktClusterQuorumTests::neverJoins)
                .run(ctx -> {
                    ClusterConfig config = ctx.getBean(ClusterConfig.class);
                    assertThat(config.fastCrashTakeover()).isFalse();
                    assertThat(config.quorum()).isEqualTo(QuorumRule.STATIC_QUORUM);
                    assertThat(config.stableAfter()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(config.handoverTimeout()).isEqualTo(Duration.ofSeconds(20));
                });
    }

    @Test
    void quorumDefaultsAreTheRuntimes() {
        runner.withPropertyValues("goakt.cluster.enabled=true")
                .withBean(ClusterLifecycle.class, GoaktClusterQuorumTests::neverJoins)
                .run(ctx -> {
                    ClusterConfig config = ctx.getBean(ClusterConfig.class);
                    ClusterConfig runtime = ClusterConfig.builder().build();
                    assertThat(config.quorum()).isEqualTo(runtime.quorum()).isEqualTo(QuorumRule.KEEP_MAJORITY);
                    assertThat(config.stableAfter()).isEqualTo(runtime.stableAfter());
                    assertThat(config.handoverTimeout()).isEqualTo(runtime.handoverTimeout());
                    assertThat(config.fastCrashTakeover()).isEqualTo(runtime.fastCrashTakeover()).isTrue();
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "goakt.cluster.quorum=majority          | goakt.cluster.quorum            | keep-majority, static-quorum",
            "goakt.cluster.quorum=                  | goakt.cluster.quorum            | keep-majority, static-quorum",
            "goakt.cluster.stable-after=5ms         | goakt.cluster.stable-after      | at least 10ms",
            "goakt.cluster.handover-timeout=0s      | goakt.cluster.handover-timeout  | at least 10ms"})
    void badQuorumValueFailsStartUpNamingTheKeyAndTheAllowedValues(String property, String key, String allowed) {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0", property)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining(key).hasMessageContaining(allowed));
    }

    @Test
    void aMemberCutOffFromTheMajorityIsOutOfServiceWithTheReasonUntilThePartitionHeals() throws Exception {
        members = new ClusterMembers(3);
        Cluster peer1 = members.start(1, t -> t);
        Cluster peer2 = members.start(2, t -> t);
        runner.withPropertyValues(members.appProperties(0)).run(ctx -> {
            ClusterLifecycle lifecycle = ctx.getBean(ClusterLifecycle.class);
            ApplicationAvailability availability = ctx.getBean(ApplicationAvailability.class);
            ClusterEndpoint endpoint = ctx.getBean(ClusterEndpoint.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(GoaktClusterMetrics.class).bindTo(registry);
            String tag = ctx.getBean(ActorSystem.class).name();
            Cluster self = lifecycle.cluster().orElseThrow();
            await().atMost(ClusterMembers.TIMEOUT).until(() -> self.view().size() == 3
                    && lifecycle.lastStableViewSize() == 3);
            AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(endpoint.cluster().quorum()).isEqualTo(new ClusterEndpoint.QuorumDescriptor(
                    "keep-majority", true, 3, 3, null));
            assertThat(registry.get("goakt.cluster.quorum").tags("system", tag).gauge().value()).isEqualTo(1);

            DISCARD cut = cutOff(self);

            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
            Health health = ctx.getBean(GoaktClusterHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(health.getDetails()).containsEntry("quorum", "keep-majority")
                    .containsEntry("hasQuorum", false);
            assertThat((String) health.getDetails().get("quorumLost")).contains("keep-majority")
                    .contains("not more than half");
            ClusterEndpoint.QuorumDescriptor quorum = endpoint.cluster().quorum();
            assertThat(quorum.hasQuorum()).isFalse();
            assertThat(quorum.lastStableViewSize()).isEqualTo(3);
            assertThat(quorum.reachable()).isLessThan(3);
            assertThat(quorum.lostReason()).contains("keep-majority");
            assertThat(registry.get("goakt.cluster.quorum").tags("system", tag).gauge().value()).isEqualTo(0);
            await().atMost(ClusterMembers.TIMEOUT).until(() -> peer1.view().size() == 2 && peer1.hasQuorum()
                    && peer2.hasQuorum());

            cut.discardAll(false);

            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(self.view().size()).isEqualTo(3);
            assertThat(ctx.getBean(GoaktClusterHealthIndicator.class).health().getStatus()).isEqualTo(Status.UP);
            assertThat(endpoint.cluster().quorum().lostReason()).isNull();
            assertThat(registry.get("goakt.cluster.quorum").tags("system", tag).gauge().value()).isEqualTo(1);
        });
    }

    /** Drops every control-plane message in or out of {@code cluster}, as a pulled cable would. */
    private static DISCARD cutOff(Cluster cluster) throws Exception {
        JChannel ch = ((ClusterNode) cluster).channel();
        DISCARD discard = new DISCARD().discardAll(true);
        discard.setAddress(ch.getAddress());
        ch.stack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
        return discard;
    }
}
