package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterNode;
import io.goakt.internal.cluster.ClusterProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class ClusterCompatibilityTest {

    private final ClusterFixture fixture = new ClusterFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private ClusterFixture.Node startWithVersion(List<Integer> ports, int index, int version) {
        ClusterConfig config = ClusterFixture.config("versions", ports.get(index),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports))).build();
        return fixture.start(config, system -> ClusterNode.start(system, config, version));
    }

    @Test
    void aMemberTwoProtocolVersionsAheadIsRefused() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node current = fixture.start("versions", ports.get(0), ports);

        assertThatThrownBy(() -> startWithVersion(ports, 1, ClusterProtocol.CURRENT_VERSION + 2))
                .isInstanceOf(ClusterJoinException.class)
                .hasMessageContaining("refused")
                .hasMessageContaining("protocol version " + (ClusterProtocol.CURRENT_VERSION + 2));

        assertThat(current.cluster.view().size()).isEqualTo(1);
        assertThat(current.events(MemberJoined.class)).hasSize(1);
    }

    @Test
    void aMemberOfThePreviousProtocolVersionIsAccepted() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node current = fixture.start("versions", ports.get(0), ports);

        ClusterFixture.Node previous = startWithVersion(ports, 1, ClusterProtocol.CURRENT_VERSION - 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(current.cluster.view().member(previous.id())).isPresent());
        assertThat(current.cluster.view().member(previous.id()).orElseThrow().protocolVersion())
                .isEqualTo(ClusterProtocol.CURRENT_VERSION - 1);
    }

    @Test
    void aMemberWithAnotherPartitionCountIsRefused() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node current = fixture.start("versions", ports.get(0), ports);

        assertThatThrownBy(() -> fixture.start(ClusterFixture.config("versions", ports.get(1),
                        StaticDiscovery.of(ClusterFixture.hostPorts(ports))).partitionCount(17).build()))
                .isInstanceOf(ClusterJoinException.class)
                .hasMessageContaining("partition count 17");
        assertThat(current.cluster.view().size()).isEqualTo(1);
    }

    @Test
    void versionsWithinOneOfEachOtherAreCompatible() {
        assertThat(ClusterProtocol.compatible(1, 1)).isTrue();
        assertThat(ClusterProtocol.compatible(1, 0)).isTrue();
        assertThat(ClusterProtocol.compatible(1, 2)).isTrue();
        assertThat(ClusterProtocol.compatible(1, 3)).isFalse();
        assertThat(ClusterProtocol.compatible(Integer.MIN_VALUE, Integer.MAX_VALUE)).isFalse();
    }
}
