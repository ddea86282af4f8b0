package io.goakt.discovery;

import io.goakt.testsupport.DnsmasqServer;
import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.MultiJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Members in separate JVMs, the shape of a real deployment, find each other through DNS: three processes on one
 * address with one configured control port and a port range, against a real DNS server.
 */
class DnsDiscoveryProcessesTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void threeMemberProcessesOnOneAddressFormOneViewThroughARecords() throws Exception {
        int controlPort = FreePorts.tcpRange(3);
        Path dnsDir = Files.createDirectory(dir.resolve("dns"));
        try (DnsmasqServer dns = DnsmasqServer.start(new DnsmasqServer.Records()
                .host("members.goakt.test", "127.0.0.1"), dnsDir);
             MultiJvm jvms = new MultiJvm(dir)) {
            for (String name : new String[] {"m1", "m2", "m3"}) {
                jvms.start(name, DnsMemberMain.class, "dns-processes", Integer.toString(controlPort),
                        "members.goakt.test", dns.address(), "2");
            }

            for (MultiJvm.Member member : jvms.members()) {
                member.awaitLog("^view 3 ", WITHIN);
            }
        }
    }
}
