package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.KubernetesDiscovery;
import io.goakt.discovery.MulticastDiscovery;
import io.goakt.remote.RemotingConfig;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.testsupport.KubernetesApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code goakt.cluster.discovery.kubernetes.*} and {@code goakt.cluster.discovery.multicast.*}: the keys reach the
 * providers, bad values fail start-up naming the key, and an application finds a member through the Kubernetes API
 * (a stand-in server, {@link KubernetesApiStub}: no Kubernetes runs on a build machine).
 */
class KubernetesMulticastDiscoveryPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class))
            .withPropertyValues("goakt.cluster.enabled=true", "goakt.remoting.port=0");

    @TempDir
    Path dir;

    private ClusterMembers members;
    private KubernetesApiStub api;
    private ActorSystem peerSystem;

    @AfterEach
    void close() {
        if (peerSystem != null) {
            peerSystem.shutdown(ClusterMembers.TIMEOUT);
        }
        if (members != null) {
            members.close();
        }
        if (api != null) {
            api.close();
        }
    }

    /** A user lifecycle bean that never joins, so the config is built and no port is bound. */
    private static ClusterLifecycle neverJoins() {
        return new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
            @Override
            public void start() {
            }
        };
    }

    @Test
    void kubernetesKeysReachTheProvider() {
        runner.withPropertyValues("goakt.cluster.discovery.type=kubernetes",
                        "goakt.cluster.discovery.kubernetes.namespace=shop",
                        "goakt.cluster.discovery.kubernetes.labels=app=orders,tier=backend",
                        "goakt.cluster.discovery.kubernetes.port-name=goakt-control",
                        "goakt.cluster.discovery.kubernetes.api-server=https://10.96.0.1",
                        "goakt.cluster.discovery.kubernetes.token-file=/run/token",
                        "goakt.cluster.discovery.kubernetes.ca-file=/run/ca.crt")
                .withBean(ClusterLifecycle.class, KubernetesMulticastDiscoveryPropertiesTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(KubernetesDiscovery.class, d -> {
                            assertThat(d.namespace()).isEqualTo("shop");
                            assertThat(d.labels()).isEqualTo("app=orders,tier=backend");
                            assertThat(d.portName()).isEqualTo("goakt-control");
                            assertThat(d.portRange()).isZero();
                            assertThat(d.apiServer()).isEqualTo(URI.create("https://10.96.0.1:443"));
                            assertThat(d.tokenFile()).isEqualTo(Path.of("/run/token"));
                            assertThat(d.caFile()).isEqualTo(Path.of("/run/ca.crt"));
                        }));
    }

    @Test
    void kubernetesDefaultsFitAPod() {
        runner.withPropertyValues("goakt.cluster.discovery.type=kubernetes")
                .withBean(ClusterLifecycle.class, KubernetesMulticastDiscoveryPropertiesTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(KubernetesDiscovery.class, d -> {
                            assertThat(d.namespace()).isEqualTo("default");
                            assertThat(d.labels()).isNull();
                            assertThat(d.apiServer()).isNull();
                            assertThat(d.tokenFile()).isEqualTo(KubernetesDiscovery.DEFAULT_TOKEN_FILE);
                            assertThat(d.caFile()).isEqualTo(KubernetesDiscovery.DEFAULT_CA_FILE);
                        }));
    }

    @Test
    void multicastKeysReachTheProvider() throws Exception {
        String lo = java.net.NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1")).getName();
        runner.withPropertyValues("goakt.cluster.discovery.type=MULTICAST",
                        "goakt.cluster.discovery.multicast.group=239.1.2.3",
                        "goakt.cluster.discovery.multicast.port=45000",
                        "goakt.cluster.discovery.multicast.ttl=0",
                        "goakt.cluster.discovery.multicast.interface=" + lo)
                .withBean(ClusterLifecycle.class, KubernetesMulticastDiscoveryPropertiesTests::neverJoins)
                .run(ctx -> assertThat(ctx.getBean(ClusterConfig.class).discovery())
                        .isInstanceOfSatisfying(MulticastDiscovery.class, d -> {
                            assertThat(d.group().getHostAddress()).isEqualTo("239.1.2.3");
                            assertThat(d.port()).isEqualTo(45000);
                            assertThat(d.ttl()).isZero();
                            assertThat(d.networkInterface()).isEqualTo(lo);
                        }));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "goakt.cluster.discovery.type=consul                   | goakt.cluster.discovery.type | static, dns, kubernetes, multicast",
            "goakt.cluster.discovery.kubernetes.namespace=Shop     | goakt.cluster.discovery.kubernetes.namespace | namespace name",
            "goakt.cluster.discovery.kubernetes.port-name=a_b      | goakt.cluster.discovery.kubernetes.port-name | container port name",
            "goakt.cluster.discovery.kubernetes.port-range=101     | goakt.cluster.discovery.kubernetes.port-range | [0, 100]",
            "goakt.cluster.discovery.kubernetes.api-server=k8s:443 | goakt.cluster.discovery.kubernetes.api-server | https",
            "goakt.cluster.discovery.kubernetes.token-file=        | goakt.cluster.discovery.kubernetes.token-file | file path",
            "goakt.cluster.discovery.multicast.group=10.0.0.1      | goakt.cluster.discovery.multicast.group | multicast address",
            "goakt.cluster.discovery.multicast.port=0              | goakt.cluster.discovery.multicast.port | [1, 65535]",
            "goakt.cluster.discovery.multicast.ttl=256             | goakt.cluster.discovery.multicast.ttl | [0, 255]",
            "goakt.cluster.discovery.multicast.interface=nope0     | goakt.cluster.discovery.multicast.interface | interface of this host"})
    void badValueFailsStartUpNamingTheKeyAndTheAllowedValues(String property, String key, String allowed) {
        runner.withPropertyValues(property)
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining(key).hasMessageContaining(allowed));
    }

    @Test
    void aPortRangeBesideAPortNameFailsNamingBothKeys() {
        runner.withPropertyValues("goakt.cluster.discovery.kubernetes.port-name=goakt",
                        "goakt.cluster.discovery.kubernetes.port-range=2")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.cluster.discovery.kubernetes.port-range")
                        .hasMessageContaining("goakt.cluster.discovery.kubernetes.port-name"));
    }

    @Test
    void anApplicationFindsAMemberThroughTheKubernetesApi() throws Exception {
        members = new ClusterMembers(2);
        api = KubernetesApiStub.start(dir);
        for (int i = 0; i < 2; i++) {
            api.put(new KubernetesApiStub.Pod("orders-" + i, "shop", Map.of("app", "orders"), "127.0.0.1",
                    "goakt-control", members.ports.get(i)));
        }
        // discovery protocols answer only their own kind: the peer finds members through the same API server
        ActorSystem peerSystem = ActorSystem.create("peer");
        Cluster peer;
        try {
            peer = Cluster.start(peerSystem, ClusterConfig.builder().clusterName(members.clusterName)
                    .port(members.ports.get(1)).discovery(KubernetesDiscovery.builder().apiServer(api.url())
                            .namespace("shop").labels("app=orders").portName("goakt-control")
                            .tokenFile(api.tokenFile()).caFile(api.caFile()).build())
                    .failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                    .remoting(RemotingConfig.builder().host("127.0.0.1").port(0).build()).build());
        } catch (RuntimeException e) {
            peerSystem.shutdown(ClusterMembers.TIMEOUT);
            throw e;
        }
        this.peerSystem = peerSystem;

        runner.withPropertyValues(members.appProperties(0, "goakt.cluster.discovery.type=kubernetes",
                        "goakt.cluster.discovery.kubernetes.namespace=shop",
                        "goakt.cluster.discovery.kubernetes.labels=app=orders",
                        "goakt.cluster.discovery.kubernetes.port-name=goakt-control",
                        "goakt.cluster.discovery.kubernetes.api-server=" + api.url(),
                        "goakt.cluster.discovery.kubernetes.token-file=" + api.tokenFile(),
                        "goakt.cluster.discovery.kubernetes.ca-file=" + api.caFile()))
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    await().atMost(ClusterMembers.TIMEOUT).untilAsserted(() -> {
                        assertThat(Cluster.of(ctx.getBean(ActorSystem.class)).orElseThrow().view().size()).isEqualTo(2);
                        assertThat(peer.view().size()).isEqualTo(2);
                    });
                });
        assertThat(api.requests()).anyMatch(r -> r.startsWith("200 /api/v1/namespaces/shop/pods"));
    }
}
