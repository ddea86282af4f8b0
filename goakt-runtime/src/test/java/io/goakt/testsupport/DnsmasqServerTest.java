package io.goakt.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DnsmasqServerTest {

    @TempDir
    Path dir;

    @Test
    void servesTheARecordsAndSrvRecordsATestGivesAndNothingElse() throws Exception {
        try (DnsmasqServer dns = DnsmasqServer.start(new DnsmasqServer.Records()
                .host("members.goakt.test", "127.0.0.1")
                .host("members.goakt.test", "127.0.0.3")
                .srv("_goakt._tcp.goakt.test", "node-1.goakt.test", 7800)
                .srv("_goakt._tcp.goakt.test", "node-2.goakt.test", 7801), dir)) {

            assertThat(dns.address()).isEqualTo("127.0.0.1:" + dns.port());
            assertThat(dns.query("members.goakt.test", "A")).containsExactlyInAnyOrder("127.0.0.1", "127.0.0.3");
            assertThat(dns.query("_goakt._tcp.goakt.test", "SRV")).containsExactlyInAnyOrder(
                    "0 0 7800 node-1.goakt.test.", "0 0 7801 node-2.goakt.test.");
            // no /etc/hosts, no upstream server: a name the test did not give has no records
            assertThat(dns.query("localhost", "A")).isEmpty();
            assertThat(dns.logText()).contains("query[A] members.goakt.test", "query[SRV] _goakt._tcp.goakt.test");
        }
    }

    @Test
    void closeStopsDnsmasq() throws Exception {
        DnsmasqServer dns = DnsmasqServer.start(new DnsmasqServer.Records().host("a.goakt.test", "127.0.0.1"), dir);
        assertThat(dns.isRunning()).isTrue();

        dns.close();

        assertThat(dns.isRunning()).isFalse();
    }

    @Test
    void aServerWithoutRecordsIsRefused() {
        assertThatThrownBy(() -> DnsmasqServer.start(new DnsmasqServer.Records(), dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("give at least one record");
    }
}
