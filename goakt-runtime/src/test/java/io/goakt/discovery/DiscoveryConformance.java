package io.goakt.discovery;

import io.goakt.testsupport.FreePorts;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.FailureDetection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link Discovery} provider must do: three members on 127.0.0.1, each started with a protocol made by
 * the provider, form one view. Extend it with the provider under test; it starts members on the control addresses
 * it passes to {@link #discovery} and stops them after each test.
 */
public abstract class DiscoveryConformance {

    private final List<ActorSystem> systems = new ArrayList<>();

    /**
     * The provider under test, set up so that members listening on {@code members} (127.0.0.1, one port each)
     * find each other.
     */
    protected abstract Discovery discovery(List<InetSocketAddress> members) throws Exception;

    @AfterEach
    void stopMembers() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(30));
        }
    }

    /** {@code n} free ports on 127.0.0.1, apart enough that failure-detection ports never meet them. */
    private static List<Integer> freePorts(int n) {
        return FreePorts.controlPorts(n);
    }

    @Test
    void threeMembersStartedWithTheProviderFormOneView() throws Exception {
        List<Integer> ports = freePorts(3);
        List<InetSocketAddress> addresses = ports.stream()
                .map(p -> new InetSocketAddress(InetAddress.getLoopbackAddress(), p)).toList();
        Discovery discovery = discovery(addresses);
        List<Cluster> clusters = new ArrayList<>();
        for (int port : ports) {
            ActorSystem system = ActorSystem.create("conformance" + port);
            systems.add(system);
            clusters.add(Cluster.start(system, ClusterConfig.builder().clusterName("conformance").port(port)
                    .discovery(discovery).failureDetection(FailureDetection.fast())
                    .joinTimeout(Duration.ofMillis(500)).build()));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ClusterView first = clusters.get(0).view();
            assertThat(first.size()).isEqualTo(3);
            for (Cluster c : clusters) {
                assertThat(c.view().members()).isEqualTo(first.members());
            }
        });
        assertThat(clusters.get(0).view().members().stream().map(m -> m.controlPort()).toList())
                .containsExactlyInAnyOrderElementsOf(ports);
    }

    @Test
    void eachCallMakesAFreshProtocolAndTheTypeIsNamed() throws Exception {
        List<InetSocketAddress> one = List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7800));
        Discovery discovery = discovery(one);
        DiscoveryContext context = new DiscoveryContext("conformance", InetAddress.getLoopbackAddress(), 7800);

        assertThat(discovery.type()).isNotBlank().isLowerCase();
        assertThat(discovery.createProtocol(context)).isNotNull()
                .isNotSameAs(discovery.createProtocol(context));
    }
}
