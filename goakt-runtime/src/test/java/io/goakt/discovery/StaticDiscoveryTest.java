package io.goakt.discovery;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticDiscoveryTest extends DiscoveryConformance {

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) {
        return StaticDiscovery.of(members.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList());
    }

    @Test
    void hostsParseWithNamesAddressesAndBracketedIpv6() {
        StaticDiscovery d = StaticDiscovery.of(List.of("node-1.example:7800", " 10.0.0.5:7801 ", "[::1]:7802"));
        assertThat(d.hosts()).containsExactly("node-1.example:7800", "10.0.0.5:7801", "[::1]:7802");
        assertThat(d.type()).isEqualTo("static");
    }

    @Test
    void aBadEntryFailsNamingTheEntry() {
        for (String bad : Arrays.asList("node-1", "node-1:", ":7800", "node-1:http", "node-1:0", "node-1:65536",
                "::1:7800", "no de:7800")) {
            assertThatThrownBy(() -> StaticDiscovery.of(List.of("ok:7800", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("static discovery host '" + bad + "'")
                    .hasMessageContaining("host:port");
        }
        assertThatThrownBy(() -> StaticDiscovery.of(Arrays.asList("ok:7800", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("null");
    }

    @Test
    void theProtocolListsTheHostsWithoutProbingNeighbouringPorts() {
        org.jgroups.protocols.TCPPING ping = (org.jgroups.protocols.TCPPING) StaticDiscovery
                .of(List.of("10.0.0.5:7800", "10.0.0.6:7801"))
                .createProtocol(new DiscoveryContext("c", InetAddress.getLoopbackAddress(), 7800));
        assertThat(ping.getValue("initial_hosts_str")).isEqualTo("10.0.0.5[7800],10.0.0.6[7801]");
        assertThat(ping.getPortRange()).isZero();
    }
}
