package io.goakt.discovery;

import io.goakt.internal.discovery.DnsDiscoveryPing;
import io.goakt.internal.util.SetOnce;
import org.jgroups.protocols.dns.DNSResolver;

import java.util.Locale;
import java.util.Objects;

/**
 * Discovery through DNS ({@code goakt.cluster.discovery.type=dns}): the members are the addresses a DNS name
 * resolves to. This is the Kubernetes way: a headless service's name resolves to one A record per ready pod, and
 * its named ports to one SRV record per pod. JGroups' {@code DNS_PING} does the work.
 *
 * <p>Two kinds of answer:
 * <ul>
 *   <li>{@link RecordType#A A} or {@link RecordType#AAAA AAAA} records give addresses only. Every member is probed
 *       at the control port and the next {@link #portRange()} ports of every address, and binds the first free
 *       port of that range itself, so members that share a host (and the configured control port) each take their
 *       own port and are each found. All members must use the same control port and port range.</li>
 *   <li>{@link RecordType#SRV SRV} records give an address and a port per member (the record's target, resolved
 *       to its A records, else its AAAA records, and the record's port); each member binds exactly its control
 *       port, so the port range must be 0.</li>
 * </ul>
 *
 * <p>The {@link Builder#resolver(String) resolver} names the DNS server every lookup goes to, SRV targets
 * included; without one the system resolver answers, so {@code /etc/hosts} and the search domains of
 * {@code resolv.conf} apply to A and AAAA names and to SRV targets. A lookup gives up after about three seconds
 * without an answer; discovery then finds no one at that name until its next round.
 *
 * <p>Immutable and thread-safe; {@link #createProtocol} returns a new protocol per call.
 */
public final class DnsDiscovery implements Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by. */
    public static final String TYPE = "dns";
    /** The DNS port a {@link Builder#resolver(String) resolver} without a port is asked at. */
    public static final int DEFAULT_DNS_PORT = 53;
    /** The largest {@link #portRange()}: each address of an answer is probed at up to this many ports more. */
    public static final int MAX_PORT_RANGE = 100;

    private static final int MAX_PORT = 65535;

    /** The kind of DNS record that lists the members. */
    public enum RecordType {
        /** IPv4 addresses; members are probed at the control port range. */
        A,
        /** IPv6 addresses; members are probed at the control port range. */
        AAAA,
        /** A host and a port per member. */
        SRV;

        /**
         * The record type named {@code text}, in any case.
         *
         * @throws IllegalArgumentException naming the allowed values when {@code text} names none of them
         */
        public static RecordType parse(String text) {
            Objects.requireNonNull(text, "recordType");
            try {
                return valueOf(text.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("recordType must be one of A, AAAA, SRV, was '" + text + "'", e);
            }
        }
    }

    private final String query;
    private final RecordType recordType;
    private final String resolver;
    private final int portRange;

    private DnsDiscovery(Builder b) {
        this.query = b.query;
        this.recordType = b.recordType;
        this.resolver = b.resolver;
        this.portRange = b.portRange;
    }

    /** A builder; {@link Builder#query(String) query} is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The DNS name whose records list the members; several names are separated by commas. */
    public String query() {
        return query;
    }

    /** The kind of record the query asks for; default {@link RecordType#A A}. */
    public RecordType recordType() {
        return recordType;
    }

    /**
     * The DNS server every lookup goes to, as {@code host:port} or {@code [ipv6]:port}; {@code null} for the
     * system resolver (the default).
     */
    public String resolver() {
        return resolver;
    }

    /**
     * How many ports above the control port a member may bind and is probed at, for A and AAAA records; default 0
     * (every member binds exactly the control port, one member per address).
     */
    public int portRange() {
        return portRange;
    }

    /**
     * A {@code DNS_PING} for one member. It sets the member's transport to bind in the control port's range (see
     * the class comment).
     *
     * @throws IllegalArgumentException when the control port plus the port range passes port 65535
     */
    @Override
    public org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context) {
        Objects.requireNonNull(context, "context");
        if (context.controlPort() + portRange > MAX_PORT) {
            throw new IllegalArgumentException("the control port (" + context.controlPort() + ") plus portRange ("
                    + portRange + ") must not pass " + MAX_PORT);
        }
        return new DnsDiscoveryPing(query, DNSResolver.DNSRecordType.valueOf(recordType.name()), resolver,
                portRange);
    }

    @Override
    public String toString() {
        return "DnsDiscovery[query=" + query + ", recordType=" + recordType + ", resolver="
                + (resolver == null ? "system" : resolver) + ", portRange=" + portRange + "]";
    }

    /**
     * Collects the settings; each may be set once (a second call fails naming the value already set), values are
     * checked as they come and cross-field rules in {@link #build()}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private String query;
        private RecordType recordType = RecordType.A;
        private String resolver;
        private int portRange;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /**
         * See {@link DnsDiscovery#query()}: a DNS name such as {@code goakt-headless.prod.svc.cluster.local}, or
         * several separated by commas.
         *
         * @throws IllegalArgumentException when a name is empty or holds white space
         */
        public Builder query(String query) {
            Objects.requireNonNull(query, "query");
            String[] names = query.split(",", -1);
            StringBuilder normal = new StringBuilder();
            for (String name : names) {
                String trimmed = name.trim();
                if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isWhitespace)) {
                    throw new IllegalArgumentException("query must be a DNS name or a comma-separated list of DNS "
                            + "names, was '" + query + "'");
                }
                normal.append(normal.length() == 0 ? "" : ",").append(trimmed);
            }
            given.claim("query", this.query);
            this.query = normal.toString();
            return this;
        }

        /** See {@link DnsDiscovery#recordType()}. */
        public Builder recordType(RecordType recordType) {
            this.recordType = given.set("recordType", this.recordType, recordType);
            return this;
        }

        /**
         * See {@link DnsDiscovery#resolver()}: {@code host:port}, {@code [ipv6]:port}, or a host alone for port
         * {@value DnsDiscovery#DEFAULT_DNS_PORT}.
         *
         * @throws IllegalArgumentException when the host is empty or the port is not within [1, 65535]
         */
        public Builder resolver(String hostAndPort) {
            Objects.requireNonNull(hostAndPort, "resolver");
            String normal = normalResolver(hostAndPort);
            given.claim("resolver", this.resolver);
            this.resolver = normal;
            return this;
        }

        /**
         * See {@link DnsDiscovery#portRange()}.
         *
         * @throws IllegalArgumentException when {@code ports} is not within [0, {@value DnsDiscovery#MAX_PORT_RANGE}]
         */
        public Builder portRange(int ports) {
            if (ports < 0 || ports > MAX_PORT_RANGE) {
                throw new IllegalArgumentException("portRange must be within [0, " + MAX_PORT_RANGE + "], was "
                        + ports);
            }
            given.claim("portRange", this.portRange);
            this.portRange = ports;
            return this;
        }

        /**
         * The provider.
         *
         * @throws IllegalStateException when no query was given, or a port range was given with SRV records
         */
        public DnsDiscovery build() {
            if (query == null) {
                throw new IllegalStateException("query is required: the DNS name whose records list the members");
            }
            if (recordType == RecordType.SRV && portRange != 0) {
                throw new IllegalStateException("portRange must be 0 with recordType SRV (SRV records carry each "
                        + "member's port; a port range applies to A and AAAA records), was " + portRange);
            }
            return new DnsDiscovery(this);
        }

        private static String normalResolver(String text) {
            String trimmed = text.trim();
            String host;
            String port = null;
            if (trimmed.startsWith("[")) {
                int close = trimmed.indexOf(']');
                if (close < 0) {
                    throw badResolver(text);
                }
                host = trimmed.substring(0, close + 1);
                String rest = trimmed.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw badResolver(text);
                    }
                    port = rest.substring(1);
                }
            } else {
                int colon = trimmed.indexOf(':');
                if (colon != trimmed.lastIndexOf(':')) {
                    throw badResolver(text); // an IPv6 address needs brackets to carry a port
                }
                host = colon < 0 ? trimmed : trimmed.substring(0, colon);
                port = colon < 0 ? null : trimmed.substring(colon + 1);
            }
            if (host.isEmpty() || host.equals("[]") || host.chars().anyMatch(Character::isWhitespace)) {
                throw badResolver(text);
            }
            int number = DEFAULT_DNS_PORT;
            if (port != null) {
                try {
                    number = Integer.parseInt(port);
                } catch (NumberFormatException e) {
                    throw badResolver(text);
                }
                if (number < 1 || number > MAX_PORT) {
                    throw badResolver(text);
                }
            }
            return host + ":" + number;
        }

        private static IllegalArgumentException badResolver(String text) {
            return new IllegalArgumentException("resolver must be host:port or [ipv6]:port with a port within "
                    + "[1, " + MAX_PORT + "], or a host alone for port " + DEFAULT_DNS_PORT + ", was '" + text + "'");
        }
    }
}
