package io.goakt.discovery;

import io.goakt.testsupport.DiscoveryTestStack;
import io.goakt.testsupport.DnsmasqServer;
import io.goakt.testsupport.FreePorts;
import org.jgroups.JChannel;
import org.jgroups.stack.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members find each other through {@link DnsDiscovery} against a real DNS server ({@link DnsmasqServer}): A records
 * with several members on one address and a port range, SRV records with a port per member, and the system
 * resolver.
 */
class DnsDiscoveryClusterTest {

    private static final Duration FORMS_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final List<JChannel> channels = new ArrayList<>();

    @AfterEach
    void closeChannels() {
        channels.forEach(JChannel::close);
    }

    @Test
    void membersSharingAnAddressFromARecordsFormOneViewAcrossThePortRange() throws Exception {
        int controlPort = FreePorts.tcpRange(3);
        try (DnsmasqServer dns = DnsmasqServer.start(new DnsmasqServer.Records()
                .host("members.goakt.test", "127.0.0.1"), dir)) {
            DnsDiscovery discovery = DnsDiscovery.builder()
                    .query("members.goakt.test")
                    .resolver(dns.address())
                    .portRange(2)
                    .build();

            // one configured control port for all three: each binds the first free port of its range
            for (int i = 0; i < 3; i++) {
                channels.add(DiscoveryTestStack.connect(discovery, "dns-a", controlPort));
            }

            awaitOneViewOf(3);
            assertThat(boundPorts()).containsExactlyInAnyOrder(controlPort, controlPort + 1, controlPort + 2);
            assertThat(dns.logText()).as("dnsmasq's log").contains("query[A] members.goakt.test");
        }
    }

    @Test
    void membersListedBySrvRecordsFormOneViewAtTheirPorts() throws Exception {
        int[] ports = {FreePorts.tcp(), FreePorts.tcp(), FreePorts.tcp()};
        DnsmasqServer.Records records = new DnsmasqServer.Records();
        for (int i = 0; i < ports.length; i++) {
            records.host("node-" + i + ".goakt.test", "127.0.0.1")
                    .srv("_goakt._tcp.goakt.test", "node-" + i + ".goakt.test", ports[i]);
        }
        try (DnsmasqServer dns = DnsmasqServer.start(records, dir)) {
            DnsDiscovery discovery = DnsDiscovery.builder()
                    .query("_goakt._tcp.goakt.test")
                    .recordType(DnsDiscovery.RecordType.SRV)
                    .resolver(dns.address())
                    .build();

            for (int port : ports) {
                channels.add(DiscoveryTestStack.connect(discovery, "dns-srv", port));
            }

            awaitOneViewOf(3);
            assertThat(boundPorts()).containsExactlyInAnyOrder(ports[0], ports[1], ports[2]);
            // the SRV targets were resolved by the same server, not by the system resolver
            assertThat(dns.logText()).as("dnsmasq's log")
                    .contains("query[SRV] _goakt._tcp.goakt.test")
                    .contains("query[A] node-0.goakt.test");
        }
    }

    @Test
    void withoutAResolverTheSystemResolverAnswers() throws Exception {
        int controlPort = FreePorts.tcpRange(2);
        // localhost is in every /etc/hosts: the system resolver answers it without a DNS server
        DnsDiscovery discovery = DnsDiscovery.builder().query("localhost").portRange(1).build();

        channels.add(DiscoveryTestStack.connect(discovery, "dns-system", controlPort));
        channels.add(DiscoveryTestStack.connect(discovery, "dns-system", controlPort));

        awaitOneViewOf(2);
    }

    private void awaitOneViewOf(int members) {
        await().atMost(FORMS_WITHIN).untilAsserted(() -> {
            for (JChannel channel : channels) {
                assertThat(channel.getView().size()).as("view of %s: %s", channel.getAddress(), channel.getView())
                        .isEqualTo(members);
            }
            Set<Object> viewIds = channels.stream().map(c -> c.getView().getViewId()).collect(Collectors.toSet());
            assertThat(viewIds).as("view ids").hasSize(1);
        });
    }

    private List<Integer> boundPorts() {
        return channels.stream()
                .map(c -> ((IpAddress) c.getProtocolStack().getTransport().localPhysicalAddress()).getPort())
                .toList();
    }
}
