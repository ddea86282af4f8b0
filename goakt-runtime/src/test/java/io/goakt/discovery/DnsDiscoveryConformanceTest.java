package io.goakt.discovery;

import io.goakt.testsupport.DnsmasqServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code dns} provider through the shared {@link DiscoveryConformance} suite, the way a cluster uses it: members
 * listed by SRV records (one per member, each with its own control port) that a real dnsmasq on 127.0.0.1 serves.
 */
class DnsDiscoveryConformanceTest extends DiscoveryConformance {

    @TempDir
    Path dir;

    private DnsmasqServer dns;

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        DnsmasqServer.Records records = new DnsmasqServer.Records();
        for (int i = 0; i < members.size(); i++) {
            String target = "member-" + i + ".conformance.test";
            records.host(target, members.get(i).getAddress().getHostAddress())
                    .srv("_goakt._tcp.conformance.test", target, members.get(i).getPort());
        }
        dns = DnsmasqServer.start(records, dir);
        return DnsDiscovery.builder()
                .query("_goakt._tcp.conformance.test")
                .recordType(DnsDiscovery.RecordType.SRV)
                .resolver(dns.address())
                .build();
    }

    @AfterEach
    void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }
}
