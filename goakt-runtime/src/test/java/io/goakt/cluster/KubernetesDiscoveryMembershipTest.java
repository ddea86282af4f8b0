package io.goakt.cluster;

import io.goakt.discovery.KubernetesDiscovery;
import io.goakt.testsupport.KubernetesApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster members that find each other through {@link KubernetesDiscovery}. A stand-in for the Kubernetes API server
 * ({@link KubernetesApiStub}, HTTPS with its own CA and a bearer token) lists the pods, because no Kubernetes runs on
 * a build machine; the members are real, in this JVM on 127.0.0.1.
 */
class KubernetesDiscoveryMembershipTest {

    private static final String PORT_NAME = "goakt-control";

    @TempDir
    Path dir;

    private final ClusterFixture fixture = new ClusterFixture();
    private KubernetesApiStub api;

    @AfterEach
    void close() {
        fixture.close();
        if (api != null) {
            api.close();
        }
    }

    @Test
    void aCrashedMemberWhosePodIsDeletedLeavesTheViewAndIsNotFoundAgain() throws Exception {
        api = KubernetesApiStub.start(dir);
        List<Integer> ports = ClusterFixture.freePorts(4);
        for (int i = 0; i < 3; i++) {
            api.put(pod("orders-" + i, ports.get(i)));
        }
        KubernetesDiscovery discovery = discovery();
        List<ClusterFixture.Node> nodes = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            nodes.add(fixture.start(ClusterFixture.config("k8s", ports.get(i), discovery).build()));
        }
        ClusterFixture.awaitSameView(nodes, 3);

        ClusterFixture.Node crashed = nodes.get(2);
        String crashedId = crashed.id();
        api.remove("orders-2");
        crashed.crash();
        List<ClusterFixture.Node> survivors = nodes.subList(0, 2);
        ClusterFixture.awaitSameView(survivors, 2);
        assertThat(survivors.get(0).cluster.view().members()).noneMatch(m -> m.id().equals(crashedId));

        // a pod started after the deletion joins the survivors, and discovery no longer offers the deleted pod
        api.put(pod("orders-3", ports.get(3)));
        ClusterFixture.Node late = fixture.start(ClusterFixture.config("k8s", ports.get(3), discovery).build());
        List<ClusterFixture.Node> cluster = List.of(nodes.get(0), nodes.get(1), late);
        ClusterFixture.awaitSameView(cluster, 3);
        assertThat(late.cluster.view().members()).noneMatch(m -> m.id().equals(crashedId))
                .extracting(Member::controlPort)
                .containsExactlyInAnyOrder(ports.get(0), ports.get(1), ports.get(3));
        assertThat(api.requests()).contains("200 /api/v1/namespaces/shop/pods?labelSelector=app%3Dorders");
    }

    @Test
    void podsOfAnotherNamespaceOrAnotherLabelAreNotMembers() throws Exception {
        api = KubernetesApiStub.start(dir);
        List<Integer> ports = ClusterFixture.freePorts(3);
        api.put(pod("orders-0", ports.get(0)))
                .put(new KubernetesApiStub.Pod("billing-0", "shop", Map.of("app", "billing"), "127.0.0.1",
                        PORT_NAME, ports.get(1)))
                .put(new KubernetesApiStub.Pod("orders-staging", "staging", Map.of("app", "orders"), "127.0.0.1",
                        PORT_NAME, ports.get(2)));
        KubernetesDiscovery discovery = discovery();
        ClusterFixture.Node orders = fixture.start(ClusterFixture.config("k8s", ports.get(0), discovery).build());
        // the other two run the same cluster name and could join, were they listed
        ClusterFixture.Node billing = fixture.start(ClusterFixture.config("k8s", ports.get(1),
                io.goakt.discovery.StaticDiscovery.of(List.of())).build());
        ClusterFixture.Node staging = fixture.start(ClusterFixture.config("k8s", ports.get(2),
                io.goakt.discovery.StaticDiscovery.of(List.of())).build());

        await().atMost(Duration.ofSeconds(30)).until(() -> api.requests().size() >= 3);
        assertThat(orders.cluster.view().size()).isEqualTo(1);
        assertThat(billing.cluster.view().size()).isEqualTo(1);
        assertThat(staging.cluster.view().size()).isEqualTo(1);
    }

    private static KubernetesApiStub.Pod pod(String name, int port) {
        return new KubernetesApiStub.Pod(name, "shop", Map.of("app", "orders", "tier", "backend"), "127.0.0.1",
                PORT_NAME, port);
    }

    private KubernetesDiscovery discovery() {
        return KubernetesDiscovery.builder().apiServer(api.url()).namespace("shop").labels("app=orders")
                .portName(PORT_NAME).tokenFile(api.tokenFile()).caFile(api.caFile()).build();
    }
}
