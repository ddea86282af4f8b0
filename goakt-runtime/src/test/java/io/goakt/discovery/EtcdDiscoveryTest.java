package io.goakt.discovery;

import io.goakt.internal.discovery.EtcdDiscoveryPing;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtcdDiscoveryTest {

    private static final DiscoveryContext CONTEXT =
            new DiscoveryContext("orders", InetAddress.getLoopbackAddress(), 7800);

    @Test
    void defaultsToLocalEtcdTheGoaktPrefixAndATenSecondLease() {
        EtcdDiscovery etcd = EtcdDiscovery.builder().build();

        assertThat(etcd.type()).isEqualTo("etcd");
        assertThat(etcd.endpoints()).containsExactly(URI.create("http://127.0.0.1:2379"));
        assertThat(etcd.prefix()).isEqualTo("/goakt/discovery");
        assertThat(etcd.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(etcd.username()).isNull();
        assertThat(etcd.hasSslContext()).isFalse();
        assertThat(etcd.createProtocol(CONTEXT)).isInstanceOf(EtcdDiscoveryPing.class);
    }

    @Test
    void endpointsAreHttpOrHttpsWithAHostAndAPort() {
        EtcdDiscovery etcd = EtcdDiscovery.builder()
                .endpoints(List.of("http://10.0.0.5:2379", " https://etcd.internal:2379/ ")).build();

        assertThat(etcd.endpoints()).containsExactly(URI.create("http://10.0.0.5:2379"),
                URI.create("https://etcd.internal:2379"));
    }

    @Test
    void aMalformedEndpointIsRefusedNamingTheSettingAndTheForm() {
        for (String bad : new String[] {"10.0.0.5:2379", "ftp://h:21", "http://h", "http://h:2379/v3",
                "http://h:2379?x=1", "http://:2379", ""}) {
            assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of(bad)))
                    .as("endpoint '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("endpoints entries must be http://host:port or https://host:port")
                    .hasMessageContaining("was '" + bad + "'");
        }
        assertThatThrownBy(() -> EtcdDiscovery.builder().endpoints(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endpoints must list at least one etcd endpoint");
    }

    @Test
    void thePrefixStartsWithASlashAndDoesNotEndWithOne() {
        assertThat(EtcdDiscovery.builder().prefix("/prod/members").build().prefix()).isEqualTo("/prod/members");
        for (String bad : new String[] {"goakt", "/", "/goakt/", "/go akt", ""}) {
            assertThatThrownBy(() -> EtcdDiscovery.builder().prefix(bad))
                    .as("prefix '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("prefix must start with '/'")
                    .hasMessageContaining("was '" + bad + "'");
        }
    }

    @Test
    void theTtlIsWholeSecondsOfAtLeastTwo() {
        assertThat(EtcdDiscovery.builder().ttl(Duration.ofSeconds(2)).build().ttl()).isEqualTo(Duration.ofSeconds(2));
        for (Duration bad : new Duration[] {Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ZERO}) {
            assertThatThrownBy(() -> EtcdDiscovery.builder().ttl(bad))
                    .as("ttl %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ttl must be whole seconds and at least 2 s");
        }
    }

    @Test
    void credentialsNeedAUserName() {
        assertThat(EtcdDiscovery.builder().credentials("goakt", "secret").build().username()).isEqualTo("goakt");
        assertThatThrownBy(() -> EtcdDiscovery.builder().credentials(" ", "secret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("username must not be empty");
    }

    @Test
    void aSettingGivenTwiceIsRefusedNamingIt() {
        assertThatThrownBy(() -> EtcdDiscovery.builder().prefix("/a").prefix("/b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("prefix");
    }

    @Test
    void thePasswordIsNotInTheTextForm() {
        assertThat(EtcdDiscovery.builder().credentials("goakt", "secret").build().toString())
                .contains("goakt").doesNotContain("secret");
    }
}
