package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.remote.Endpoint;
import io.goakt.remote.RemoteMetrics;
import io.goakt.remote.Remoting;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.RemotingCustomizer;
import io.goakt.spring.actuate.ClusterEndpoint;
import io.goakt.spring.actuate.GoaktClusterHealthIndicator;
import io.goakt.spring.metrics.GoaktClusterMetrics;
import io.goakt.spring.metrics.GoaktRemotingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import io.goakt.spring.actuate.OperatorContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Readiness, health {@code goaktCluster}, endpoint {@code cluster} and the cluster meters, with real members. */
class GoaktClusterActuatorTests {

    private static final org.springframework.boot.actuate.endpoint.SecurityContext OPS = OperatorContext.OPERATOR;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class,
                    ApplicationAvailabilityAutoConfiguration.class, GoaktHealthAutoConfiguration.class,
                    GoaktEndpointAutoConfiguration.class, GoaktMetricsAutoConfiguration.class))
            .withBean(RemoteSerializationCustomizer.class, () -> GoaktClusterActuatorTests::types)
            .withPropertyValues("management.endpoints.web.exposure.include=cluster");

    private ClusterMembers members;

    /** A message the tests send between members. */
    record Ping(String text) {
    }

    private static Serialization.Builder types(Serialization.Builder types) {
        return types.register("test.Ping", Ping.class);
    }

    private ClusterMembers members(int n) throws Exception {
        members = new ClusterMembers(n);
        return members;
    }

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void readinessRefusesUntilMinPeersMembersAreInTheViewAndAgainWhenOneLeaves() throws Exception {
        ClusterMembers m = members(2);
        runner.withPropertyValues(m.appProperties(0, "goakt.cluster.min-peers=2")).run(ctx -> {
            ApplicationAvailability availability = ctx.getBean(ApplicationAvailability.class);
            // What Spring Boot publishes once the application started, whatever the cluster says.
            AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(health(ctx).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            Cluster peer = m.start(1, t -> t);
            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(health(ctx).getStatus()).isEqualTo(Status.UP);

            peer.system().shutdown(ClusterMembers.TIMEOUT);
            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
            assertThat(health(ctx).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        });
    }

    @Test
    void readinessWaitsForTheApplicationAndIsWithdrawnWhenTheMemberLeaves() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0)).run(ctx -> {
            ApplicationAvailability availability = ctx.getBean(ApplicationAvailability.class);
            ClusterLifecycle lifecycle = ctx.getBean(ClusterLifecycle.class);
            assertThat(lifecycle.isReady()).isTrue();
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);

            AvailabilityChangeEvent.publish(ctx, ReadinessState.ACCEPTING_TRAFFIC);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

            assertThat(lifecycle.leave()).isTrue();
            assertThat(lifecycle.state()).isEqualTo(ClusterLifecycle.State.LEFT);
            assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.REFUSING_TRAFFIC);
            assertThat(health(ctx).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(lifecycle.leave()).isFalse();
        });
    }

    @Test
    void healthDetailsNameTheMembersAndTheRule() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, t -> t);
        runner.withPropertyValues(m.appProperties(0, "goakt.cluster.min-peers=2")).run(ctx -> {
            Cluster cluster = ctx.getBean(ClusterLifecycle.class).cluster().orElseThrow();
            await().atMost(ClusterMembers.TIMEOUT).until(() -> cluster.view().size() == 2);
            Health health = health(ctx);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("state", "UP").containsEntry("cluster", m.clusterName)
                    .containsEntry("minPeers", 2).containsEntry("members", 2)
                    .containsEntry("self", cluster.self().id()).containsEntry("oldest", peer.self().id())
                    .containsKey("viewId").containsKey("unreachable");
        });
    }

    @Test
    void healthIndicatorCanBeTurnedOffAndAUserOneBacksItOff() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0, "management.health.goaktcluster.enabled=false"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(GoaktClusterHealthIndicator.class)
                        .hasBean("goaktHealthIndicator"));
        runner.withPropertyValues(m.appProperties(0))
                .withBean("goaktClusterHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
                .run(ctx -> assertThat(ctx).doesNotHaveBean(GoaktClusterHealthIndicator.class));
    }

    @Test
    void noClusterBeansWithoutTheCluster() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(GoaktClusterHealthIndicator.class)
                .doesNotHaveBean(ClusterEndpoint.class).doesNotHaveBean(GoaktClusterMetrics.class)
                .hasBean("goaktHealthIndicator"));
    }

    @Test
    void endpointListsTheMembersOldestFirstWithTheirEndpointsAndRoles() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, t -> t);
        runner.withPropertyValues(m.appProperties(0, "goakt.cluster.roles=api,billing")).run(ctx -> {
            Remoting remoting = ctx.getBean(Remoting.class);
            ClusterEndpoint endpoint = ctx.getBean(ClusterEndpoint.class);
            await().atMost(ClusterMembers.TIMEOUT).until(() -> endpoint.cluster().members().size() == 2);
            ClusterEndpoint.ClusterDescriptor d = endpoint.cluster();
            assertThat(d.cluster()).isEqualTo(m.clusterName);
            assertThat(d.state()).isEqualTo("UP");
            assertThat(d.ready()).isTrue();
            assertThat(d.oldest()).isEqualTo(peer.self().id());
            assertThat(d.viewId()).isNotNull();
            assertThat(d.members()).extracting(ClusterEndpoint.MemberDescriptor::id)
                    .containsExactly(peer.self().id(), d.self());
            ClusterEndpoint.MemberDescriptor self = d.members().get(1);
            assertThat(self.endpoint()).isEqualTo(remoting.endpoint().toString());
            assertThat(self.controlPlane()).isEqualTo("127.0.0.1:" + m.ports.get(0));
            assertThat(self.roles()).containsExactly("api", "billing");
            assertThat(self.status()).isEqualTo("UP");
        });
    }

    @Test
    void endpointLeaveTakesThisMemberOutAndTheOthersSeeIt() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, t -> t);
        runner.withPropertyValues(m.appProperties(0, "management.endpoint.cluster.access=UNRESTRICTED"))
                .run(ctx -> {
                    ClusterEndpoint endpoint = ctx.getBean(ClusterEndpoint.class);
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> peer.view().size() == 2);

                    assertThat(endpoint.control("leave", null, OperatorContext.VIEWER).getStatus())
                            .as("a caller without GOAKT_OPERATOR").isEqualTo(403);
                    assertThat(endpoint.control("leave", null, SecurityContext.NONE).getStatus())
                            .as("a caller who is not authenticated").isEqualTo(401);
                    assertThat(endpoint.cluster().state()).isEqualTo("UP");
                    WebEndpointResponse<?> bad = endpoint.control("rejoin", null, OPS);
                    assertThat(bad.getStatus()).isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
                    WebEndpointResponse<?> left = endpoint.control("leave", null, OPS);

                    assertThat(left.getStatus()).isEqualTo(200);
                    assertThat(endpoint.cluster().state()).isEqualTo("LEFT");
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> peer.view().size() == 1);
                    assertThat(ctx.getBean(ActorSystem.class).isRunning()).isTrue();
                });
    }

    @Test
    void endpointDownRemovesAnotherMemberAndItLearnsItWasDowned() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, t -> t);
        runner.withPropertyValues(m.appProperties(0, "management.endpoint.cluster.access=UNRESTRICTED"))
                .run(ctx -> {
                    ClusterEndpoint endpoint = ctx.getBean(ClusterEndpoint.class);
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> peer.view().size() == 2);

                    assertThat(endpoint.control("down", null, OPS).getStatus())
                            .isEqualTo(WebEndpointResponse.STATUS_BAD_REQUEST);
                    assertThat(endpoint.control("down", "no-such-member", OPS).getStatus())
                            .isEqualTo(WebEndpointResponse.STATUS_NOT_FOUND);
                    WebEndpointResponse<Map<String, String>> downed = endpoint.control("down", peer.self().id(), OPS);

                    assertThat(downed.getStatus()).isEqualTo(200);
                    assertThat(downed.getBody()).containsEntry("result", "downed");
                    assertThat(endpoint.cluster().members()).extracting(ClusterEndpoint.MemberDescriptor::id)
                            .doesNotContain(peer.self().id());
                    await().atMost(ClusterMembers.TIMEOUT).until(() -> !peer.isUp());
                    assertThat(endpoint.cluster().state()).isEqualTo("UP");
                });
    }

    @Test
    void endpointIsAbsentUnlessExposed() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0, "management.endpoints.web.exposure.include=health"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ClusterEndpoint.class));
    }

    @Test
    void metersCountMembersViewChangesAndTrafficPerMember() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, GoaktClusterActuatorTests::types);
        ActorRef echo = peer.system().spawnFromFunction("echo", c -> c.respond(c.message()));
        runner.withPropertyValues(m.appProperties(0)).run(ctx -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            ctx.getBean(GoaktClusterMetrics.class).bindTo(registry);
            ActorSystem system = ctx.getBean(ActorSystem.class);
            String tag = system.name();
            await().atMost(ClusterMembers.TIMEOUT).until(() ->
                    registry.get("goakt.cluster.members").tags("system", tag).gauge().value() == 2);
            assertThat(registry.get("goakt.cluster.view.changes").tags("system", tag).functionCounter().count())
                    .isGreaterThanOrEqualTo(1);

            String peerTag = peer.self().remoting().toString();
            ActorRef remoteEcho = ctx.getBean(Remoting.class).actorRef(peer.self().remoting(),
                    peer.system().name(), "echo");
            Object reply = remoteEcho.ask(new Ping("x"), ClusterMembers.TIMEOUT).toCompletableFuture()
                    .get(ClusterMembers.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(reply).isEqualTo(new Ping("x"));
            await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() -> {
                assertThat(registry.get("goakt.cluster.peer.messages")
                        .tags("system", tag, "peer", peerTag, "direction", "outbound").functionCounter().count())
                        .isGreaterThanOrEqualTo(1);
                assertThat(registry.get("goakt.cluster.peer.messages")
                        .tags("system", tag, "peer", peerTag, "direction", "inbound").functionCounter().count())
                        .isGreaterThanOrEqualTo(1);
                assertThat(registry.get("goakt.cluster.peer.bytes")
                        .tags("system", tag, "peer", peerTag, "direction", "outbound").functionCounter().count())
                        .isPositive();
            });
            assertThat(echo).isNotNull();

            peer.system().shutdown(ClusterMembers.TIMEOUT);
            await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() -> {
                assertThat(registry.get("goakt.cluster.members").tags("system", tag).gauge().value()).isEqualTo(1);
                assertThat(registry.find("goakt.cluster.peer.messages").meters()).isEmpty();
            });
        });
    }

    @Test
    void theClusterBringsTheRemotingMetersAndCallsTheApplicationsRemoteMetricsBeansBesideItsOwn() throws Exception {
        ClusterMembers m = members(1);
        AtomicInteger sent = new AtomicInteger();
        RemoteMetrics mine = new RemoteMetrics() {
            @Override
            public void messageSent(Endpoint peer, int bytes) {
                sent.incrementAndGet();
            }
        };
        runner.withPropertyValues(m.appProperties(0)).withBean("mine", RemoteMetrics.class, () -> mine).run(ctx -> {
            assertThat(ctx).hasSingleBean(GoaktRemotingMetrics.class).hasSingleBean(GoaktClusterMetrics.class);
            ctx.getBean(Remoting.class).config().metrics().messageSent(new Endpoint("127.0.0.1", 1), 10);
            assertThat(sent).hasValue(1);
        });
    }

    @Test
    void aCustomizerThatSetsTheMetricsHookKeepsIt() throws Exception {
        ClusterMembers m = members(1);
        RemoteMetrics theirs = new RemoteMetrics() {
        };
        runner.withPropertyValues(m.appProperties(0))
                .withBean(RemotingCustomizer.class, () -> b -> b.metrics(theirs))
                .run(ctx -> assertThat(ctx.getBean(Remoting.class).config().metrics()).isSameAs(theirs));
    }

    private static Health health(org.springframework.context.ApplicationContext ctx) {
        return ctx.getBean(GoaktClusterHealthIndicator.class).health();
    }
}
