package io.goakt.spring.internal;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.QuorumRule;
import io.goakt.discovery.Discovery;
import io.goakt.discovery.DnsDiscovery;
import io.goakt.discovery.KubernetesDiscovery;
import io.goakt.discovery.MulticastDiscovery;
import io.goakt.discovery.EtcdDiscovery;
import io.goakt.discovery.NatsDiscovery;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.util.Limits;
import io.goakt.remote.RemotingConfig;
import io.goakt.spring.autoconfigure.GoaktClusterProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns {@code goakt.cluster.*} properties into a {@link ClusterConfig}. Every bad value fails with an
 * {@link InvalidConfigurationPropertyValueException} naming the key and what it accepts, so Spring Boot's failure
 * analysis shows it at start-up. The rules are the runtime builders' own; they are checked here first so that the
 * message names the property rather than the builder method.
 *
 * <p>Discovery types: {@code static} ({@link StaticDiscovery}), {@code dns} ({@link DnsDiscovery}),
 * {@code kubernetes} and {@code multicast} (built by {@link KubernetesMulticastDiscoveryFactory}), {@code etcd}
 * ({@link EtcdDiscovery}) and {@code nats} ({@link NatsDiscovery}; both through {@link ServerDiscoveryFactory}).
 */
public final class ClusterConfigFactory {

    private static final String PREFIX = "goakt.cluster.";
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[^\\s:\\[\\]]+):(\\d{1,5})");
    private static final Pattern HOST_ALONE = Pattern.compile("[^\\s:\\[\\]]+|\\[[0-9A-Fa-f:.]+]");
    private static final int MAX_PORT = Limits.MAX_PORT;
    private static final int MAX_DNS_PORT_RANGE = 100;
    private static final Duration MIN_DURATION = FailureDetection.MIN;
    private static final List<String> DISCOVERY_TYPES = List.of(StaticDiscovery.TYPE, DnsDiscovery.TYPE,
            KubernetesDiscovery.TYPE, MulticastDiscovery.TYPE, EtcdDiscovery.TYPE, NatsDiscovery.TYPE);
    private static final List<String> RECORD_TYPES = List.of("A", "AAAA", "SRV");

    private ClusterConfigFactory() {
    }

    /**
     * Checks the properties and builds the config.
     *
     * @param systemName the actor system's name, the cluster's name when {@code goakt.cluster.name} is unset
     * @param remoting   the remoting config the application starts, handed on for completeness (the cluster uses
     *                   the system's running remoting), or {@code null}
     * @param sslContexts the JSSE context of an SSL bundle by name, for {@code goakt.cluster.ssl.bundle}
     */
    public static ClusterConfig create(GoaktClusterProperties properties, String systemName,
                                       RemotingConfig remoting, Function<String, SSLContext> sslContexts) {
        return create(properties, systemName, remoting, sslContexts,
                bundle -> ServerDiscoveryFactory.etcdSslContext(null, bundle));
    }

    /**
     * {@link #create(GoaktClusterProperties, String, RemotingConfig, Function)} with the contexts of
     * {@code goakt.cluster.discovery.etcd.ssl.bundle} too.
     *
     * @param etcdSslContexts the JSSE context of an SSL bundle by name, for etcd's https endpoints
     */
    public static ClusterConfig create(GoaktClusterProperties properties, String systemName,
                                       RemotingConfig remoting, Function<String, SSLContext> sslContexts,
                                       Function<String, SSLContext> etcdSslContexts) {
        validate(properties);
        GoaktClusterProperties.FailureDetection fd = properties.getFailureDetection();
        ClusterConfig.Builder builder = ClusterConfig.builder()
                .clusterName(hasText(properties.getName()) ? properties.getName().trim() : systemName)
                .host(properties.getHost().trim())
                .port(properties.getPort())
                .roles(new LinkedHashSet<>(trimmed(properties.getRoles())))
                .minPeers(properties.getMinPeers())
                .partitionCount(properties.getPartitionCount())
                .joinTimeout(properties.getJoinTimeout())
                .quorum(QuorumRule.fromPropertyValue(properties.getQuorum()))
                .handoverTimeout(properties.getHandoverTimeout())
                .fastCrashTakeover(properties.isFastCrashTakeover())
                .failureDetection(new FailureDetection(fd.getHeartbeatInterval(), fd.getTimeout(),
                        fd.getVerifyTimeout(), fd.getMergeInterval()))
                .discovery(discovery(properties.getDiscovery(), etcdSslContexts));
        if (properties.getStableAfter() != null) {
            builder.stableAfter(properties.getStableAfter());
        }
        if (hasText(properties.getAdvertisedHost())) {
            builder.advertisedHost(properties.getAdvertisedHost().trim());
        }
        if (properties.getAdvertisedPort() != null) {
            builder.advertisedPort(properties.getAdvertisedPort());
        }
        if (remoting != null) {
            builder.remoting(remoting);
        }
        if (hasText(properties.getSsl().getBundle())) {
            builder.tls(sslContexts.apply(properties.getSsl().getBundle().trim()));
        }
        return builder.build();
    }

    /** Checks every bound value. */
    public static void validate(GoaktClusterProperties p) {
        String name = p.getName();
        if (name != null && !name.isBlank() && Limits.clusterNameProblem(name.trim()) != null) {
            throw invalid("name", name, "must be 1 to " + Limits.MAX_CLUSTER_NAME_LENGTH + " characters without"
                    + " spaces, or be left out to use goakt.system.name");
        }
        if (!hasText(p.getHost()) || Limits.hostProblem(p.getHost().trim(), "host") != null) {
            throw invalid("host", p.getHost(), "must be an IP address or a host name of at most "
                    + Limits.MAX_HOST_LENGTH + " characters, for example 0.0.0.0");
        }
        if (hasText(p.getAdvertisedHost()) && Limits.hostProblem(p.getAdvertisedHost().trim(), "host") != null) {
            throw invalid("advertised-host", p.getAdvertisedHost(), "must be an IP address or a host name of at"
                    + " most " + Limits.MAX_HOST_LENGTH + " characters, or be left out to advertise goakt.cluster.host");
        }
        if (p.getPort() < 1 || p.getPort() > MAX_PORT) {
            throw invalid("port", p.getPort(), "must be between 1 and " + MAX_PORT);
        }
        Integer advertisedPort = p.getAdvertisedPort();
        if (advertisedPort != null && (advertisedPort < 1 || advertisedPort > MAX_PORT)) {
            throw invalid("advertised-port", advertisedPort,
                    "must be between 1 and " + MAX_PORT + ", or be left out to advertise the bound port");
        }
        if (!hasText(p.getAdvertisedHost()) && isWildcard(p.getHost().trim())) {
            throw invalid("advertised-host", p.getAdvertisedHost(), "must be set when goakt.cluster.host is the"
                    + " wildcard " + p.getHost().trim() + ": other members cannot reach a wildcard address");
        }
        for (String role : p.getRoles() == null ? List.<String>of() : p.getRoles()) {
            if (role == null || !ROLE.matcher(role.trim()).matches()) {
                throw invalid("roles", String.join(",", p.getRoles()), "has '" + role
                        + "'; each role is 1 to 64 of A-Z a-z 0-9 . _ -");
            }
        }
        if (p.getMinPeers() < 1) {
            throw invalid("min-peers", p.getMinPeers(), "must be at least 1");
        }
        if (p.getPartitionCount() < 1 || p.getPartitionCount() > ClusterConfig.MAX_PARTITION_COUNT) {
            throw invalid("partition-count", p.getPartitionCount(),
                    "must be between 1 and " + ClusterConfig.MAX_PARTITION_COUNT);
        }
        atLeastMin("join-timeout", p.getJoinTimeout());
        Duration leave = p.getLeaveTimeout();
        if (Limits.timeoutProblem(leave, "leave-timeout") != null) {
            throw invalid("leave-timeout", leave, "must be a positive duration of at most "
                    + Limits.MAX_TIMEOUT.toDays() + " days, for example 10s");
        }
        try {
            QuorumRule.fromPropertyValue(p.getQuorum());
        } catch (IllegalArgumentException e) {
            throw invalid("quorum", p.getQuorum(), "must be one of: " + Arrays.stream(QuorumRule.values())
                    .map(QuorumRule::propertyValue).collect(Collectors.joining(", ")));
        }
        if (p.getStableAfter() != null) {
            atLeastMin("stable-after", p.getStableAfter());
        }
        atLeastMin("handover-timeout", p.getHandoverTimeout());
        GoaktClusterProperties.FailureDetection fd = p.getFailureDetection();
        atLeastMin("failure-detection.heartbeat-interval", fd.getHeartbeatInterval());
        atLeastMin("failure-detection.timeout", fd.getTimeout());
        atLeastMin("failure-detection.verify-timeout", fd.getVerifyTimeout());
        atLeastMin("failure-detection.merge-interval", fd.getMergeInterval());
        if (fd.getTimeout().compareTo(fd.getHeartbeatInterval().multipliedBy(2)) < 0) {
            throw invalid("failure-detection.timeout", fd.getTimeout(), "must be at least twice"
                    + " goakt.cluster.failure-detection.heartbeat-interval (" + fd.getHeartbeatInterval()
                    + "), so that one lost heartbeat does not make a member suspect");
        }
        validateDiscovery(p.getDiscovery());
    }

    private static void validateDiscovery(GoaktClusterProperties.Discovery d) {
        for (String entry : d.getStatic().getHosts() == null ? List.<String>of() : d.getStatic().getHosts()) {
            checkHostPort(entry);
        }
        GoaktClusterProperties.Dns dns = d.getDns();
        if (hasText(dns.getQuery())) {
            for (String n : dns.getQuery().split(",", -1)) {
                if (n.isBlank() || n.trim().chars().anyMatch(Character::isWhitespace)) {
                    throw invalid("discovery.dns.query", dns.getQuery(),
                            "must be a DNS name or a comma-separated list of DNS names");
                }
            }
        }
        String recordType = dns.getRecordType() == null ? "" : dns.getRecordType().trim().toUpperCase(Locale.ROOT);
        if (!RECORD_TYPES.contains(recordType)) {
            throw invalid("discovery.dns.record-type", dns.getRecordType(), "must be one of: A, AAAA, SRV");
        }
        if (hasText(dns.getResolver())) {
            checkResolver(dns.getResolver());
        }
        if (dns.getPortRange() < 0 || dns.getPortRange() > MAX_DNS_PORT_RANGE) {
            throw invalid("discovery.dns.port-range", dns.getPortRange(),
                    "must be between 0 and " + MAX_DNS_PORT_RANGE);
        }
        if (recordType.equals("SRV") && dns.getPortRange() != 0) {
            throw invalid("discovery.dns.port-range", dns.getPortRange(), "must be 0 with"
                    + " goakt.cluster.discovery.dns.record-type=SRV: SRV records carry each member's port");
        }
        String type = d.getType() == null ? "" : d.getType().trim().toLowerCase(Locale.ROOT);
        if (type.equals("dns") && !hasText(dns.getQuery())) {
            throw invalid("discovery.dns.query", dns.getQuery(), "is required with"
                    + " goakt.cluster.discovery.type=dns: the DNS name whose records list the members");
        }
        ServerDiscoveryFactory.etcd(d.getEtcd(), null);
        ServerDiscoveryFactory.nats(d.getNats());
        if (!DISCOVERY_TYPES.contains(type)) {
            throw invalid("discovery.type", d.getType(), "must be one of: " + String.join(", ", DISCOVERY_TYPES));
        }
        KubernetesMulticastDiscoveryFactory.kubernetes(d.getKubernetes(), type.equals(KubernetesDiscovery.TYPE));
        KubernetesMulticastDiscoveryFactory.multicast(d.getMulticast());
    }

    private static Discovery discovery(GoaktClusterProperties.Discovery d,
                                       Function<String, SSLContext> etcdSslContexts) {
        // validateDiscovery admitted only the types of DISCOVERY_TYPES, with valid keys.
        String type = d.getType().trim().toLowerCase(Locale.ROOT);
        if (type.equals(KubernetesDiscovery.TYPE)) {
            return KubernetesMulticastDiscoveryFactory.kubernetes(d.getKubernetes(), true);
        }
        if (type.equals(MulticastDiscovery.TYPE)) {
            return KubernetesMulticastDiscoveryFactory.multicast(d.getMulticast());
        }
        if (type.equals(EtcdDiscovery.TYPE)) {
            return ServerDiscoveryFactory.etcd(d.getEtcd(), etcdSslContexts);
        }
        if (type.equals(NatsDiscovery.TYPE)) {
            return ServerDiscoveryFactory.nats(d.getNats());
        }
        if (d.getType().trim().toLowerCase(Locale.ROOT).equals(DnsDiscovery.TYPE)) {
            GoaktClusterProperties.Dns dns = d.getDns();
            DnsDiscovery.Builder b = DnsDiscovery.builder()
                    .query(dns.getQuery().trim())
                    .recordType(DnsDiscovery.RecordType.parse(dns.getRecordType()))
                    .portRange(dns.getPortRange());
            if (hasText(dns.getResolver())) {
                b.resolver(dns.getResolver().trim());
            }
            return b.build();
        }
        return StaticDiscovery.of(trimmed(d.getStatic().getHosts()));
    }

    private static void checkHostPort(String entry) {
        Matcher m = entry == null ? null : HOST_PORT.matcher(entry.trim());
        if (m == null || !m.matches()) {
            throw invalid("discovery.static.hosts", entry, "entries must be host:port, for example"
                    + " 10.0.0.5:7800 ([::1]:7800 for an IPv6 address)");
        }
        int port = Integer.parseInt(m.group(2));
        if (port < 1 || port > MAX_PORT) {
            throw invalid("discovery.static.hosts", entry, "entries must have a port between 1 and " + MAX_PORT);
        }
    }

    private static void checkResolver(String resolver) {
        String text = resolver.trim();
        Matcher m = HOST_PORT.matcher(text);
        boolean ok = m.matches() ? Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(2)) <= MAX_PORT
                : HOST_ALONE.matcher(text).matches();
        if (!ok) {
            throw invalid("discovery.dns.resolver", resolver, "must be host:port or [ipv6]:port with a port between"
                    + " 1 and " + MAX_PORT + ", or a host alone for port 53");
        }
    }

    private static void atLeastMin(String key, Duration value) {
        if (value == null || value.compareTo(MIN_DURATION) < 0) {
            throw invalid(key, value, "must be at least " + MIN_DURATION.toMillis() + "ms, for example 1s");
        }
        if (value.compareTo(Limits.MAX_TIMEOUT) > 0) {
            throw invalid(key, value, "must be at most " + Limits.MAX_TIMEOUT.toDays() + " days, for example 1s");
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
    }

    private static List<String> trimmed(List<String> values) {
        return values == null ? List.of() : values.stream().map(String::trim).toList();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + key, value, PREFIX + key + " " + reason);
    }
}
