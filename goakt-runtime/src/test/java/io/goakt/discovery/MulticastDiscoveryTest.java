package io.goakt.discovery;

import org.jgroups.protocols.MPING;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link MulticastDiscovery}'s settings and the {@code MPING} it configures from them. */
class MulticastDiscoveryTest {

    private static final DiscoveryContext LOOPBACK = new DiscoveryContext("c", InetAddress.getLoopbackAddress(), 7800);

    @Test
    void defaultsStayOnTheLocalSegmentAndUseTheControlPlanesInterface() throws Exception {
        MulticastDiscovery d = MulticastDiscovery.builder().build();

        assertThat(d.type()).isEqualTo("multicast");
        assertThat(d.group()).isEqualTo(InetAddress.getByName("239.192.7.80"));
        assertThat(d.port()).isEqualTo(7555);
        assertThat(d.ttl()).isEqualTo(1);
        assertThat(d.networkInterface()).isNull();
        MPING ping = (MPING) d.createProtocol(LOOPBACK);
        assertThat(ping.getMcastAddr()).isEqualTo(d.group());
        assertThat(ping.getMcastPort()).isEqualTo(7555);
        assertThat(ping.getTTL()).isEqualTo(1);
        assertThat(ping.getBindAddr()).isEqualTo(InetAddress.getLoopbackAddress());
    }

    @Test
    void theSettingsReachTheProtocolAndAnInterfaceByNameGivesItsAddress() throws Exception {
        String lo = java.net.NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1")).getName();
        MulticastDiscovery d = MulticastDiscovery.builder().group(" 239.1.2.3 ").port(45_000).ttl(0)
                .networkInterface(lo).build();

        MPING ping = (MPING) d.createProtocol(new DiscoveryContext("c", InetAddress.getByName("0.0.0.0"), 7800));

        assertThat(ping.getMcastAddr()).isEqualTo(InetAddress.getByName("239.1.2.3"));
        assertThat(ping.getMcastPort()).isEqualTo(45_000);
        assertThat(ping.getTTL()).isZero();
        assertThat(ping.getBindAddr()).isEqualTo(InetAddress.getByName("127.0.0.1"));
        assertThat(d.createProtocol(LOOPBACK)).isNotSameAs(ping);
    }

    @Test
    void anIpv6GroupIsAccepted() throws Exception {
        assertThat(MulticastDiscovery.builder().group("ff12::7:80").build().group())
                .isEqualTo(InetAddress.getByName("ff12::7:80"));
    }

    @Test
    void invalidSettingsFailNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> MulticastDiscovery.builder().group("10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group must be a multicast address")
                .hasMessageContaining("10.0.0.1");
        assertThatThrownBy(() -> MulticastDiscovery.builder().group("multicast.example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group");
        assertThatThrownBy(() -> MulticastDiscovery.builder().port(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port must be within [1, 65535]");
        assertThatThrownBy(() -> MulticastDiscovery.builder().ttl(256))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be within [0, 255]");
        assertThatThrownBy(() -> MulticastDiscovery.builder().networkInterface("no-such-if0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("networkInterface")
                .hasMessageContaining("no-such-if0");
        assertThatThrownBy(() -> MulticastDiscovery.builder().ttl(1).ttl(2))
                .isInstanceOf(IllegalStateException.class).hasMessage("ttl is already set to 1");
    }
}
