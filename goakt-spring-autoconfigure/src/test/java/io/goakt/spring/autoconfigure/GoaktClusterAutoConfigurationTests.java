package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.Context;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.MemberLeft;
import io.goakt.discovery.DnsDiscovery;
import io.goakt.discovery.EtcdDiscovery;
import io.goakt.discovery.NatsDiscovery;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.Remoting;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.ClusterLifecycle;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code goakt.cluster.*}: off by default, remoting turned on, every property, bad values, joining and leaving. */
class GoaktClusterAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class));

    private ClusterMembers members;

    private ClusterMembers members(int n) throws Exception {
        members = new ClusterMembers(n);
        return members;
    }

    /** A user lifecycle bean that never joins, so the auto-configured one backs off and no port is bound. */
    private static ClusterLifecycle neverJoins() {
        return new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
            @Override
            public void start() {
            }
        };
    }

    @AfterEach
    void closeMembers() {
        if (members != null) {
            members.close();
        }
    }

    @Test
    void disabledByDefaultAndRemotingStaysOff() {
        assertThat(new GoaktClusterProperties().isEnabled()).isFalse();
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(ClusterLifecycle.class)
                .doesNotHaveBean(ClusterConfig.class).doesNotHaveBean(Remoting.class));
    }

    @Test
    void enablingTheClusterTurnsRemotingOnAndTheMemberJoinsWhenTheContextStarts() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0)).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            ClusterLifecycle lifecycle = ctx.getBean(ClusterLifecycle.class);
            Remoting remoting = ctx.getBean(Remoting.class);
            assertThat(lifecycle.state()).isEqualTo(ClusterLifecycle.State.UP);
            Cluster cluster = Cluster.of(ctx.getBean(ActorSystem.class)).orElseThrow();
            assertThat(lifecycle.cluster()).containsSame(cluster);
            assertThat(cluster.self().remoting()).isEqualTo(remoting.endpoint());
            assertThat(cluster.view().members()).containsExactly(cluster.self());
            assertThat(lifecycle.isReady()).isTrue();
        });
    }

    @Test
    void remotingExplicitlyOffBesideAnEnabledClusterFailsStartUpNamingBothKeys() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0, "goakt.remoting.enabled=false")).run(ctx ->
                assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.remoting.enabled=false")
                        .hasMessageContaining("goakt.cluster.enabled=true"));
    }

    @Test
    void everyPropertyReachesTheConfig() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.name=orders", "goakt.cluster.host=127.0.0.1", "goakt.cluster.port=17800",
                        "goakt.cluster.advertised-host=node-1.internal", "goakt.cluster.advertised-port=27800",
                        "goakt.cluster.roles=api, billing", "goakt.cluster.min-peers=3",
                        "goakt.cluster.partition-count=1024", "goakt.cluster.join-timeout=5s",
                        "goakt.cluster.failure-detection.heartbeat-interval=200ms",
                        "goakt.cluster.failure-detection.timeout=3s",
                        "goakt.cluster.failure-detection.verify-timeout=1s",
                        "goakt.cluster.failure-detection.merge-interval=4s",
                        "goakt.cluster.discovery.type=static",
                        "goakt.cluster.discovery.static.hosts=10.0.0.5:7800, [::1]:7801")
                // Only the config: a user lifecycle that never joins keeps the member off node-1.internal.
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> {
                    ClusterConfig config = ctx.getBean(ClusterConfig.class);
                    assertThat(config.clusterName()).isEqualTo("orders");
                    assertThat(config.host()).isEqualTo("127.0.0.1");
                    assertThat(config.port()).isEqualTo(17800);
                    assertThat(config.advertisedHost()).isEqualTo("node-1.internal");
                    assertThat(config.advertisedPort()).isEqualTo(27800);
                    assertThat(config.roles()).containsExactlyInAnyOrder("api", "billing");
                    assertThat(config.minPeers()).isEqualTo(3);
                    assertThat(config.partitionCount()).isEqualTo(1024);
                    assertThat(config.joinTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(config.failureDetection()).isEqualTo(new FailureDetection(Duration.ofMillis(200),
                            Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(4)));
                    assertThat(config.discovery()).isInstanceOfSatisfying(StaticDiscovery.class,
                            d -> assertThat(d.hosts()).containsExactly("10.0.0.5:7800", "[::1]:7801"));
                });
    }

    @Test
    void defaultsAreTheRuntimesWithTheSystemNameAsClusterName() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0", "goakt.system.name=bank")
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> {
                    ClusterConfig config = ctx.getBean(ClusterConfig.class);
                    ClusterConfig runtime = ClusterConfig.builder().build();
                    assertThat(config.clusterName()).isEqualTo("bank");
                    assertThat(config.host()).isEqualTo(runtime.host());
                    assertThat(config.port()).isEqualTo(runtime.port());
                    assertThat(config.advertisedHost()).isEqualTo(runtime.advertisedHost());
                    assertThat(config.roles()).isEmpty();
                    assertThat(config.minPeers()).isEqualTo(runtime.minPeers());
                    assertThat(config.partitionCount()).isEqualTo(runtime.partitionCount());
                    assertThat(config.joinTimeout()).isEqualTo(runtime.joinTimeout());
                    assertThat(config.failureDetection()).isEqualTo(FailureDetection.defaults());
                    assertThat(config.discovery()).isInstanceOfSatisfying(StaticDiscovery.class,
                            d -> assertThat(d.hosts()).isEmpty());
                    assertThat(ctx.getBean(GoaktClusterProperties.class).getLeaveTimeout())
                            .isEqualTo(Duration.ofSeconds(10));
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "goakt.cluster.port=0                          | goakt.cluster.port            | between 1 and 65535",
            "goakt.cluster.port=65536                      | goakt.cluster.port            | between 1 and 65535",
            "goakt.cluster.host=                           | goakt.cluster.host            | IP address or a host name",
            "goakt.cluster.host=0.0.0.0                    | goakt.cluster.advertised-host | wildcard",
            "goakt.cluster.advertised-port=70000           | goakt.cluster.advertised-port | between 1 and 65535",
            "goakt.cluster.name=a b                        | goakt.cluster.name            | without spaces",
            "goakt.cluster.roles=api,bad role              | goakt.cluster.roles           | 'bad role'",
            "goakt.cluster.min-peers=0                     | goakt.cluster.min-peers       | at least 1",
            "goakt.cluster.partition-count=0               | goakt.cluster.partition-count | between 1 and 65536",
            "goakt.cluster.partition-count=70000           | goakt.cluster.partition-count | between 1 and 65536",
            "goakt.cluster.join-timeout=1ms                | goakt.cluster.join-timeout    | at least 10ms",
            "goakt.cluster.leave-timeout=0s                | goakt.cluster.leave-timeout   | positive duration",
            "goakt.cluster.failure-detection.timeout=1500ms | goakt.cluster.failure-detection.timeout | twice",
            "goakt.cluster.failure-detection.verify-timeout=5ms | goakt.cluster.failure-detection.verify-timeout | at least 10ms",
            "goakt.cluster.failure-detection.merge-interval=0s | goakt.cluster.failure-detection.merge-interval | at least 10ms",
            "goakt.cluster.failure-detection.heartbeat-interval=1ms | goakt.cluster.failure-detection.heartbeat-interval | at least 10ms",
            "goakt.cluster.ssl.bundle=node                 | goakt.cluster.ssl.bundle      | no SSL bundles",
            "goakt.cluster.discovery.type=consul           | goakt.cluster.discovery.type  | must be one of: static, dns, kubernetes, multicast, etcd, nats",
            "goakt.cluster.discovery.etcd.endpoints=etcd:2379 | goakt.cluster.discovery.etcd.endpoints | http://host:port or https://host:port",
            "goakt.cluster.discovery.etcd.prefix=goakt     | goakt.cluster.discovery.etcd.prefix | must start with '/'",
            "goakt.cluster.discovery.etcd.ttl=1500ms       | goakt.cluster.discovery.etcd.ttl | whole seconds and at least 2 s",
            "goakt.cluster.discovery.etcd.username=goakt   | goakt.cluster.discovery.etcd.password | must be set with",
            "goakt.cluster.discovery.nats.servers=nats:4222 | goakt.cluster.discovery.nats.servers | nats://host:port or tls://host:port",
            "goakt.cluster.discovery.nats.subject=goakt.*  | goakt.cluster.discovery.nats.subject | no wildcards",
            "goakt.cluster.discovery.nats.credentials=/nonexistent/user.creds | goakt.cluster.discovery.nats.credentials | readable NATS credentials file",
            "goakt.cluster.discovery.type=dns              | goakt.cluster.discovery.dns.query | required",
            "goakt.cluster.discovery.static.hosts=10.0.0.5 | goakt.cluster.discovery.static.hosts | host:port",
            "goakt.cluster.discovery.static.hosts=h:99999  | goakt.cluster.discovery.static.hosts | between 1 and 65535",
            "goakt.cluster.discovery.dns.record-type=MX    | goakt.cluster.discovery.dns.record-type | A, AAAA, SRV",
            "goakt.cluster.discovery.dns.resolver=a:b:c    | goakt.cluster.discovery.dns.resolver | host:port",
            "goakt.cluster.discovery.dns.port-range=101    | goakt.cluster.discovery.dns.port-range | between 0 and 100",
            "goakt.cluster.discovery.dns.query=a b         | goakt.cluster.discovery.dns.query | DNS name"})
    void badValueFailsStartUpNamingTheKeyAndTheAllowedValues(String property, String key, String allowed) {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0", property)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining(key).hasMessageContaining(allowed));
    }

    @Test
    void etcdDiscoveryKeysBuildTheEtcdProvider() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.discovery.type=etcd",
                        "goakt.cluster.discovery.etcd.endpoints=http://10.0.0.5:2379, http://10.0.0.6:2379",
                        "goakt.cluster.discovery.etcd.prefix=/prod/goakt", "goakt.cluster.discovery.etcd.ttl=15s",
                        "goakt.cluster.discovery.etcd.username=goakt", "goakt.cluster.discovery.etcd.password=pw")
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(EtcdDiscovery.class, d -> {
                            assertThat(d.endpoints()).containsExactly(URI.create("http://10.0.0.5:2379"),
                                    URI.create("http://10.0.0.6:2379"));
                            assertThat(d.prefix()).isEqualTo("/prod/goakt");
                            assertThat(d.ttl()).isEqualTo(Duration.ofSeconds(15));
                            assertThat(d.username()).isEqualTo("goakt");
                            assertThat(d.hasSslContext()).isFalse();
                        }));
    }

    @Test
    void anEtcdSslBundleThatDoesNotExistFailsStartUpNamingTheKey() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.discovery.type=etcd", "goakt.cluster.discovery.etcd.ssl.bundle=etcd")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.cluster.discovery.etcd.ssl.bundle")
                        .hasMessageContaining("no SSL bundles"));
    }

    @Test
    void natsDiscoveryKeysBuildTheNatsProvider() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.discovery.type=nats",
                        "goakt.cluster.discovery.nats.servers=nats://10.0.0.7:4222,tls://10.0.0.8:4443",
                        "goakt.cluster.discovery.nats.subject=prod.members")
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(NatsDiscovery.class, d -> {
                            assertThat(d.servers()).containsExactly("nats://10.0.0.7:4222", "tls://10.0.0.8:4443");
                            assertThat(d.subject()).isEqualTo("prod.members");
                            assertThat(d.credentials()).isNull();
                        }));
    }

    @Test
    void dnsDiscoveryKeysReachTheProvider() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.discovery.type=dns", "goakt.cluster.discovery.dns.query=goakt.svc.local",
                        "goakt.cluster.discovery.dns.record-type=srv", "goakt.cluster.discovery.dns.resolver=10.0.0.2")
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(DnsDiscovery.class, d -> {
                            assertThat(d.query()).isEqualTo("goakt.svc.local");
                            assertThat(d.recordType()).isEqualTo(DnsDiscovery.RecordType.SRV);
                            assertThat(d.resolver()).isEqualTo("10.0.0.2:53");
                            assertThat(d.portRange()).isZero();
                        }));
    }

    @Test
    void anSslBundleWithKeyAndTrustStoresPutsTheControlPlaneOnTls() throws Exception {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(clusterBundle(true))
                .withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0")
                .withBean(ClusterLifecycle.class, GoaktClusterAutoConfigurationTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).tls()).isNotNull());
    }

    @Test
    void anSslBundleWithoutATrustStoreFailsStartUpNamingTheKey() throws Exception {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(clusterBundle(false))
                .withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.cluster.ssl.bundle")
                        .hasMessageContaining("lacks a trust store"));
    }

    @Test
    void anSslBundleNameThatNamesNoBundleFailsStartUpNamingTheKnownOnes() throws Exception {
        runner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(clusterBundle(true))
                .withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.ssl.bundle=other")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.cluster.ssl.bundle")
                        .hasMessageContaining("names no SSL bundle")
                        .hasMessageContaining("member"));
    }

    /** A PEM bundle {@code member} of a certificate issued by a test CA, with the CA as trust store if asked. */
    private static String[] clusterBundle(boolean withTrustStore) throws Exception {
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder().subject("CN=goakt cluster test CA").setIsCertificateAuthority(true)
                .ecp256().notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        X509Bundle member = new CertificateBuilder().subject("CN=goakt cluster member").ecp256()
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
        List<String> props = new java.util.ArrayList<>(List.of(
                "spring.ssl.bundle.pem.member.keystore.certificate=file:"
                        + member.toTempCertChainPem().getAbsolutePath(),
                "spring.ssl.bundle.pem.member.keystore.private-key=file:"
                        + member.toTempPrivateKeyPem().getAbsolutePath(),
                "goakt.cluster.ssl.bundle=member"));
        if (withTrustStore) {
            props.add("spring.ssl.bundle.pem.member.truststore.certificate=file:"
                    + ca.toTempRootCertPem().getAbsolutePath());
        }
        return props.toArray(String[]::new);
    }

    @Test
    void srvRecordsWithAPortRangeFailNamingBothKeys() {
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0",
                        "goakt.cluster.discovery.dns.record-type=SRV", "goakt.cluster.discovery.dns.port-range=2")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.cluster.discovery.dns.port-range")
                        .hasMessageContaining("goakt.cluster.discovery.dns.record-type=SRV"));
    }

    @Test
    void userClusterConfigBacksOffTheProperties() throws Exception {
        ClusterMembers m = members(1);
        ClusterConfig mine = ClusterConfig.builder().clusterName(m.clusterName).port(m.ports.get(0))
                .roles(Set.of("mine")).failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                .build();
        runner.withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0")
                .withBean(ClusterConfig.class, () -> mine)
                .run(ctx -> {
                    assertThat(ctx.getBean(ClusterLifecycle.class).config()).isSameAs(mine);
                    assertThat(Cluster.of(ctx.getBean(ActorSystem.class)).orElseThrow().self().roles())
                            .containsExactly("mine");
                });
    }

    @Test
    void withoutTheClusterClassesTheSystemRunsAlone() throws Exception {
        ClusterMembers m = members(1);
        runner.withPropertyValues(m.appProperties(0)).withClassLoader(new FilteredClassLoader(Cluster.class))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed().hasSingleBean(ActorSystem.class)
                            .doesNotHaveBean(ClusterLifecycle.class).doesNotHaveBean(ClusterConfig.class);
                    assertThat(Cluster.of(ctx.getBean(ActorSystem.class))).isEmpty();
                });
    }

    /** What the EAGER {@link Witness} saw of the membership when it started and when it stopped. */
    static final class Seen {
        final AtomicReference<Boolean> clusterAtStart = new AtomicReference<>();
        final AtomicReference<Boolean> upAtStop = new AtomicReference<>();
    }

    /** Notes whether the system was a member when the actor started and when it stopped. */
    @ActorComponent(name = "witness")
    static class Witness implements Actor {
        private final Seen seen;

        Witness(Seen seen) {
            this.seen = seen;
        }

        @Override
        public void preStart(Context ctx) {
            seen.clusterAtStart.set(Cluster.of(ctx.system()).isPresent());
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof PostStart)) {
                ctx.unhandled();
            }
        }

        @Override
        public void postStop(Context ctx) {
            seen.upAtStop.set(Cluster.of(ctx.system()).map(Cluster::isUp).orElse(null));
        }
    }

    @Test
    void theMemberJoinsAfterTheEagerActorsStartedAndLeavesBeforeTheyStop() throws Exception {
        ClusterMembers m = members(1);
        Seen seen = new Seen();
        runner.withPropertyValues(m.appProperties(0)).withBean(Seen.class, () -> seen).withBean(Witness.class)
                .run(ctx -> {
                    assertThat(ctx.getBean(ClusterLifecycle.class).state()).isEqualTo(ClusterLifecycle.State.UP);
                    assertThat(ctx.getBean(ActorSystem.class).lookup("witness")).isPresent();
                });
        assertThat(seen.clusterAtStart).hasValue(false);
        assertThat(seen.upAtStop).hasValue(false);
    }

    @Test
    void aControlPortInUseFailsStartUpNamingTheKey() throws Exception {
        ClusterMembers m = members(1);
        try (ServerSocket taken = new ServerSocket(m.ports.get(0), 1, InetAddress.getLoopbackAddress())) {
            runner.withPropertyValues(m.appProperties(0)).run(ctx -> assertThat(ctx).getFailure()
                    .hasStackTraceContaining("could not join cluster")
                    .hasStackTraceContaining("goakt.cluster.port"));
        }
    }

    @Test
    void closingTheContextLeavesGracefullyAndTheOthersSeeIt() throws Exception {
        ClusterMembers m = members(2);
        Cluster peer = m.start(1, t -> t);
        List<String> left = new CopyOnWriteArrayList<>();
        peer.system().eventStream().subscribe(MemberLeft.class, e -> left.add(e.member().id()));
        String[] appId = new String[1];
        runner.withPropertyValues(m.appProperties(0)).run(ctx -> {
            ClusterLifecycle lifecycle = ctx.getBean(ClusterLifecycle.class);
            await().atMost(ClusterMembers.TIMEOUT).until(() -> peer.view().size() == 2
                    && lifecycle.view().orElseThrow().size() == 2);
            appId[0] = lifecycle.cluster().orElseThrow().self().id();
        });
        // Graceful: the coordinator removes the member at once, not after failure detection verified a crash.
        await().atMost(ClusterMembers.TIMEOUT).until(() -> left.contains(appId[0]));
        assertThat(peer.view().members()).containsExactly(peer.self());
    }
}
