package io.goakt.internal.discovery;

import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.dns.DNSResolver;
import org.jgroups.protocols.dns.DNS_PING;

/**
 * JGroups' {@code DNS_PING} as {@code DnsDiscovery} configures it: one member's discovery protocol.
 *
 * <p>What it adds to {@code DNS_PING}:
 * <ul>
 *   <li>Its lookups go through a {@link DnsDiscoveryResolver}, which keeps every lookup on the configured server
 *       (SRV targets included).</li>
 *   <li>It sets the transport's port range to its own when the stack initialises. {@code DNS_PING} probes each
 *       address of an A or AAAA answer at the transport's bind port and the next {@code port_range} ports, and the
 *       transport binds the first free port of that same range; so members that share a host and a configured
 *       control port each take their own port, and each is found. The stack initialises bottom-up and the
 *       transport binds only when it starts, so the range set here is the one it binds in. With SRV records the
 *       range is 0: each member binds exactly its control port, the port its SRV record names.</li>
 *   <li>It speaks as {@code DNS_PING} on the wire (the same protocol id), so it interoperates with a plain
 *       {@code DNS_PING} member.</li>
 * </ul>
 *
 * <p>Threading: configured by its constructor before the stack sees it; JGroups calls {@code init} and
 * {@code destroy} on the stack's thread.
 */
public final class DnsDiscoveryPing extends DNS_PING {

    private final String server;
    private final int portRange;

    /**
     * @param query      the DNS name(s) to query, comma-separated
     * @param recordType A, AAAA or SRV
     * @param server     the DNS server as {@code host:port}, or {@code null} for the system resolver
     * @param portRange  how many ports above the control port members may bind and are probed at
     */
    public DnsDiscoveryPing(String query, DNSResolver.DNSRecordType recordType, String server, int portRange) {
        this.server = server;
        this.portRange = portRange;
        setId(ClassConfigurator.getProtocolId(DNS_PING.class));
        dnsQuery(query);
        dnsRecordType(recordType.name());
        // Shown by JGroups' probe and JMX; the lookups go through the resolver init() sets.
        dnsAddress(server == null ? "" : server);
    }

    /** The port range this protocol gives the transport. */
    public int portRange() {
        return portRange;
    }

    @Override
    public void init() throws Exception {
        getTransport().setPortRange(portRange);
        if (dnsResolver() == null) {
            dnsResolver(DnsDiscoveryResolver.open(server));
        }
        super.init();
    }
}
