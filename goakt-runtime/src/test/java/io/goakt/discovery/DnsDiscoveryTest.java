package io.goakt.discovery;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.dns.DNS_PING;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsDiscoveryTest {

    private static final DiscoveryContext CONTEXT =
            new DiscoveryContext("orders", InetAddress.getLoopbackAddress(), 7800);

    @Test
    void defaultsToARecordsTheSystemResolverAndNoPortRange() {
        DnsDiscovery dns = DnsDiscovery.builder().query("goakt.prod.svc.cluster.local").build();

        assertThat(dns.type()).isEqualTo("dns");
        assertThat(dns.query()).isEqualTo("goakt.prod.svc.cluster.local");
        assertThat(dns.recordType()).isEqualTo(DnsDiscovery.RecordType.A);
        assertThat(dns.resolver()).isNull();
        assertThat(dns.portRange()).isZero();
    }

    @Test
    void theQueryIsRequired() {
        assertThatThrownBy(() -> DnsDiscovery.builder().portRange(2).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("query is required");
    }

    @Test
    void aQueryWithAnEmptyNameOrWhiteSpaceInANameIsRefused() {
        for (String bad : new String[] {"", "  ", "a.test,,b.test", "a.test,", "two words.test"}) {
            assertThatThrownBy(() -> DnsDiscovery.builder().query(bad))
                    .as("query '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("query must be a DNS name or a comma-separated list of DNS names")
                    .hasMessageContaining("was '" + bad + "'");
        }
    }

    @Test
    void severalNamesAreKeptAsOneCommaSeparatedQuery() {
        DnsDiscovery dns = DnsDiscovery.builder().query(" a.goakt.test , b.goakt.test").build();

        assertThat(dns.query()).isEqualTo("a.goakt.test,b.goakt.test");
    }

    @Test
    void recordTypesParseInAnyCaseAndAnUnknownOneNamesTheAllowedValues() {
        assertThat(DnsDiscovery.RecordType.parse("srv")).isEqualTo(DnsDiscovery.RecordType.SRV);
        assertThat(DnsDiscovery.RecordType.parse(" aaaa ")).isEqualTo(DnsDiscovery.RecordType.AAAA);
        assertThatThrownBy(() -> DnsDiscovery.RecordType.parse("MX"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("recordType must be one of A, AAAA, SRV, was 'MX'");
    }

    @Test
    void aResolverIsHostAndPortAndAHostAloneMeansPort53() {
        assertThat(resolver("10.96.0.10")).isEqualTo("10.96.0.10:53");
        assertThat(resolver("127.0.0.1:5353")).isEqualTo("127.0.0.1:5353");
        assertThat(resolver("dns.internal:1053")).isEqualTo("dns.internal:1053");
        assertThat(resolver("[::1]:5353")).isEqualTo("[::1]:5353");
        assertThat(resolver("[fd00::a]")).isEqualTo("[fd00::a]:53");
    }

    @Test
    void aMalformedResolverIsRefusedNamingTheForms() {
        for (String bad : new String[] {"", ":53", "host:", "host:0", "host:65536", "host:dns", "::1:53", "[::1",
                "[]:53", "[::1]53"}) {
            assertThatThrownBy(() -> DnsDiscovery.builder().resolver(bad))
                    .as("resolver '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("resolver must be host:port or [ipv6]:port with a port within [1, 65535]")
                    .hasMessageContaining("was '" + bad + "'");
        }
    }

    @Test
    void thePortRangeIsWithinZeroAndOneHundred() {
        assertThat(DnsDiscovery.builder().query("a.test").portRange(100).build().portRange()).isEqualTo(100);
        for (int bad : new int[] {-1, 101}) {
            assertThatThrownBy(() -> DnsDiscovery.builder().portRange(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("portRange must be within [0, 100], was " + bad);
        }
    }

    @Test
    void srvRecordsCarryTheirPortsSoAPortRangeIsRefusedWithThem() {
        DnsDiscovery.Builder builder = DnsDiscovery.builder().query("_goakt._tcp.goakt.test")
                .recordType(DnsDiscovery.RecordType.SRV).portRange(2);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("portRange must be 0 with recordType SRV");
    }

    @Test
    void eachSettingMayBeGivenOnce() {
        DnsDiscovery.Builder builder = DnsDiscovery.builder().query("a.test").resolver("127.0.0.1:5353");

        assertThatThrownBy(() -> builder.query("b.test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("query is already set to a.test");
        assertThatThrownBy(() -> builder.resolver("127.0.0.1:53"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("resolver is already set to 127.0.0.1:5353");
        assertThat(builder.build().query()).isEqualTo("a.test");
    }

    @Test
    void eachMemberGetsItsOwnDnsPingConfiguredWithTheQueryAndRecordType() {
        DnsDiscovery dns = DnsDiscovery.builder().query("_goakt._tcp.goakt.test")
                .recordType(DnsDiscovery.RecordType.SRV).resolver("127.0.0.1:5353").build();

        DNS_PING first = (DNS_PING) dns.createProtocol(CONTEXT);
        DNS_PING second = (DNS_PING) dns.createProtocol(CONTEXT);

        assertThat(first).isNotSameAs(second);
        assertThat(first.dnsQuery()).isEqualTo("_goakt._tcp.goakt.test");
        assertThat(first.dnsRecordType()).isEqualTo("SRV");
        assertThat(first.dnsAddress()).isEqualTo("127.0.0.1:5353");
        // the same protocol id as DNS_PING: its headers reach a plain DNS_PING member, and JGroups accepts no id 0
        assertThat(first.getId()).isEqualTo(ClassConfigurator.getProtocolId(DNS_PING.class)).isPositive();
    }

    @Test
    void aPortRangePastTheLastPortIsRefusedForTheMember() {
        DnsDiscovery dns = DnsDiscovery.builder().query("a.test").portRange(10).build();

        assertThatThrownBy(() -> dns.createProtocol(new DiscoveryContext("orders",
                InetAddress.getLoopbackAddress(), 65530)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the control port (65530) plus portRange (10) must not pass 65535");
    }

    private static String resolver(String text) {
        return DnsDiscovery.builder().query("a.test").resolver(text).build().resolver();
    }
}
