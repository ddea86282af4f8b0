package io.goakt.internal.discovery;

import io.goakt.testsupport.DnsmasqServer;
import io.goakt.testsupport.FreePorts;
import org.jgroups.Address;
import org.jgroups.protocols.dns.DNSResolver.DNSRecordType;
import org.jgroups.stack.IpAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link DnsDiscoveryResolver} answers, asked of a real DNS server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DnsDiscoveryResolverTest {

    private DnsmasqServer dns;
    private DnsDiscoveryResolver resolver;

    @BeforeAll
    void startServer(@TempDir Path dir) throws Exception {
        dns = DnsmasqServer.start(new DnsmasqServer.Records()
                .host("members.goakt.test", "127.0.0.1")
                .host("members.goakt.test", "127.0.0.2")
                .host("members6.goakt.test", "::1")
                .host("node-a.goakt.test", "127.0.0.1")
                .host("node-b.goakt.test", "127.0.0.2")
                .srv("_goakt._tcp.goakt.test", "node-a.goakt.test", 7800)
                .srv("_goakt._tcp.goakt.test", "node-b.goakt.test", 7801)
                .srv("_lost._tcp.goakt.test", "nowhere.goakt.test", 7802), dir);
        resolver = DnsDiscoveryResolver.open(dns.address());
    }

    @AfterAll
    void stopServer() throws Exception {
        if (resolver != null) {
            resolver.close();
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void aRecordsGiveEveryAddressWithoutAPort() throws Exception {
        assertThat(resolver.resolveIps("members.goakt.test", DNSRecordType.A)).containsExactlyInAnyOrder(
                address("127.0.0.1", 0), address("127.0.0.2", 0));
    }

    @Test
    void aaaaRecordsGiveIpv6Addresses() throws Exception {
        assertThat(resolver.resolveIps("members6.goakt.test", DNSRecordType.AAAA))
                .containsExactly(address("::1", 0));
        assertThat(resolver.resolveIps("members6.goakt.test", DNSRecordType.A)).isEmpty();
    }

    @Test
    void srvRecordsGiveEachTargetsAddressAtTheRecordsPortResolvedThroughTheSameServer() throws Exception {
        assertThat(resolver.resolveIps("_goakt._tcp.goakt.test", DNSRecordType.SRV)).containsExactlyInAnyOrder(
                address("127.0.0.1", 7800), address("127.0.0.2", 7801));
    }

    @Test
    void anUnknownNameOrAnUnresolvableTargetGivesNoAddress() {
        assertThat(resolver.resolveIps("unknown.goakt.test", DNSRecordType.A)).isEmpty();
        assertThat(resolver.resolveIps("unknown.goakt.test", DNSRecordType.SRV)).isEmpty();
        assertThat(resolver.resolveIps("_lost._tcp.goakt.test", DNSRecordType.SRV)).isEmpty();
    }

    @Test
    void aServerThatDoesNotAnswerGivesNoAddress() throws Exception {
        // a free port: nothing listens there
        try (DnsDiscoveryResolver silent = DnsDiscoveryResolver.open("127.0.0.1:" + FreePorts.tcpAndUdp())) {
            assertThat(silent.resolveIps("members.goakt.test", DNSRecordType.A)).isEmpty();
        }
    }

    @Test
    void theSystemResolverAnswersAWithIpv4AddressesOnly() throws Exception {
        try (DnsDiscoveryResolver system = DnsDiscoveryResolver.open(null)) {
            List<Address> found = system.resolveIps("localhost", DNSRecordType.A);

            assertThat(found).isNotEmpty().allSatisfy(a ->
                    assertThat(((IpAddress) a).getIpAddress().getAddress()).hasSize(4));
            assertThat(found).contains(address("127.0.0.1", 0));
        }
    }

    private static Address address(String ip, int port) throws Exception {
        return new IpAddress(InetAddress.getByName(ip), port);
    }
}
