package io.goakt.internal.discovery;

import org.jgroups.Address;
import org.jgroups.protocols.dns.DNSResolver;
import org.jgroups.stack.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.Context;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;

/**
 * Answers {@code DNS_PING}'s queries for {@code DnsDiscovery}, through one DNS server or through the system resolver.
 *
 * <p>Why not JGroups' own resolvers: given a server address, they ask that server for the SRV records but resolve
 * each SRV target through the system resolver, so a target the server alone knows (a test server, a cluster-local
 * zone) resolves to nothing. Here every lookup of one resolver goes to the same place:
 * <ul>
 *   <li>with a server ({@code dns://host:port} through the JDK's JNDI DNS provider): A, AAAA and SRV records and
 *       the SRV targets' A records (AAAA when a target has no A record) all come from that server;</li>
 *   <li>without one: A and AAAA names and SRV targets resolve through {@link InetAddress} (so {@code /etc/hosts} and
 *       the search domains of {@code resolv.conf} apply: {@code my-service} finds
 *       {@code my-service.my-namespace.svc.cluster.local}), and SRV records through JNDI with the system's name
 *       servers. A keeps IPv4 addresses only, AAAA IPv6 only.</li>
 * </ul>
 * Every address of an A or AAAA answer carries port 0 ({@code DNS_PING} then probes the transport's port range on
 * it); every address of an SRV answer carries the record's port.
 *
 * <p>A lookup that fails (no such name, no record of the type, the server unreachable after the JNDI provider's
 * retries) yields no address: discovery then finds no one at that name, and runs again on the next discovery round.
 *
 * <p>Threading: {@code DNS_PING} may look up from the joining thread and from the merge task at once; lookups are
 * serialized on this object because a JNDI context is not safe for concurrent use.
 */
final class DnsDiscoveryResolver implements DNSResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsDiscoveryResolver.class);
    private static final String JNDI_DNS_FACTORY = "com.sun.jndi.dns.DnsContextFactory";
    /** First wait for an answer; the JNDI provider doubles it per retry: 1 + 2 s before a lookup gives up. */
    private static final String INITIAL_TIMEOUT_MILLIS = "1000";
    private static final String RETRIES = "2";

    /** Guarded by {@code this}. */
    private final DirContext context;
    private final boolean throughServer;

    private DnsDiscoveryResolver(DirContext context, boolean throughServer) {
        this.context = context;
        this.throughServer = throughServer;
    }

    /**
     * A resolver that sends every lookup to {@code server} ({@code host:port}, {@code [v6]:port} or a host), or to
     * the system resolver when {@code server} is {@code null}.
     */
    static DnsDiscoveryResolver open(String server) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, JNDI_DNS_FACTORY);
        env.put(Context.PROVIDER_URL, server == null ? "dns:" : "dns://" + server);
        env.put("com.sun.jndi.dns.timeout.initial", INITIAL_TIMEOUT_MILLIS);
        env.put("com.sun.jndi.dns.timeout.retries", RETRIES);
        return new DnsDiscoveryResolver(new InitialDirContext(env), server != null);
    }

    @Override
    public synchronized List<Address> resolveIps(String query, DNSRecordType type) {
        List<Address> found = new ArrayList<>();
        switch (type) {
            case A -> addHosts(found, query, DNSRecordType.A, 0);
            case AAAA -> addHosts(found, query, DNSRecordType.AAAA, 0);
            case SRV -> addServices(found, query);
            default -> throw new IllegalArgumentException("unsupported DNS record type " + type);
        }
        return found;
    }

    @Override
    public synchronized void close() {
        try {
            context.close();
        } catch (NamingException e) {
            LOG.debug("closing the DNS context failed", e);
        }
    }

    private void addServices(List<Address> found, String query) {
        for (String record : records(query, DNSRecordType.SRV)) {
            // priority weight port target, as in "0 0 7800 node-1.example.org."
            String[] fields = record.trim().split("\\s+");
            if (fields.length != 4) {
                LOG.debug("ignoring malformed SRV record '{}' of {}", record, query);
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(fields[2]);
            } catch (NumberFormatException e) {
                LOG.debug("ignoring SRV record '{}' of {}: bad port", record, query);
                continue;
            }
            int before = found.size();
            addHosts(found, fields[3], DNSRecordType.A, port);
            if (found.size() == before) {
                addHosts(found, fields[3], DNSRecordType.AAAA, port);
            }
        }
    }

    private void addHosts(List<Address> found, String name, DNSRecordType type, int port) {
        if (throughServer) {
            for (String text : records(name, type)) {
                try {
                    found.add(new IpAddress(InetAddress.getByName(text.trim()), port));
                } catch (UnknownHostException e) {
                    LOG.debug("ignoring {} record '{}' of {}: not an address", type, text, name);
                }
            }
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(withoutRootDot(name))) {
                boolean wanted = type == DNSRecordType.A ? address instanceof Inet4Address
                        : address instanceof Inet6Address;
                if (wanted) {
                    found.add(new IpAddress(address, port));
                }
            }
        } catch (UnknownHostException e) {
            LOG.debug("no address for {}: {}", name, e.getMessage());
        }
    }

    /** The values of {@code name}'s records of {@code type}; none when the name or the records do not exist. */
    private List<String> records(String name, DNSRecordType type) {
        List<String> values = new ArrayList<>();
        try {
            Attributes attributes = context.getAttributes(name, new String[] {type.name()});
            Attribute attribute = attributes.get(type.name());
            if (attribute == null) {
                return values;
            }
            NamingEnumeration<?> all = attribute.getAll();
            while (all.hasMore()) {
                values.add(String.valueOf(all.next()));
            }
        } catch (NameNotFoundException e) {
            LOG.debug("no DNS name {}", name);
        } catch (NamingException e) {
            LOG.debug("DNS lookup of {} records of {} failed: {}", type, name, e.toString());
        }
        return values;
    }

    private static String withoutRootDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
