package io.goakt.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code goakt.cluster.*} settings: whether the application's actor system joins a cluster, where its control
 * plane (JGroups) listens, its roles, how members find each other and how fast failures are detected. Actor
 * messages between members travel over remoting ({@code goakt.remoting.*}), which an enabled cluster turns on.
 */
@ConfigurationProperties("goakt.cluster")
public class GoaktClusterProperties {

    /**
     * Whether the actor system joins a cluster. Turns remoting on with its defaults unless goakt.remoting.enabled
     * is set; goakt.remoting.enabled=false beside it fails start-up.
     */
    private boolean enabled = false;

    /**
     * Name of the cluster: members of clusters with other names never see each other. 1 to 100 characters without
     * spaces; unset means goakt.system.name.
     */
    private String name;

    /** Interface the control plane binds: an IP literal or a host name. */
    private String host = "127.0.0.1";

    /**
     * TCP port of the control plane, 1 to 65535 (remoting keeps goakt.remoting.port). Failure detection also uses
     * the first free port of port+100 to port+103.
     */
    private int port = 7800;

    /**
     * Host other members reach the control plane at, when it is not the bound host; required when host is 0.0.0.0
     * or ::. Unset or empty means the bound host.
     */
    private String advertisedHost;

    /** Port other members reach the control plane at, 1 to 65535; unset means the bound port. */
    private Integer advertisedPort;

    /** Roles of this member, each 1 to 64 of A-Z a-z 0-9 . _ -. */
    private List<String> roles = new ArrayList<>();

    /**
     * Members (this one included) the cluster needs before this member is ready: until then its readiness is
     * REFUSING_TRAFFIC and health goaktCluster is OUT_OF_SERVICE. At least 1.
     */
    private int minPeers = 1;

    /** Partitions of the placement hash, 1 to 65536; the same on every member (a member with another is refused). */
    private int partitionCount = 271;

    /**
     * How long a starting member waits for the discovered members to answer before it forms a cluster of its own.
     * At least 10ms.
     */
    private Duration joinTimeout = Duration.ofSeconds(2);

    /** How long stopping the application waits for this member to leave the cluster gracefully. Positive. */
    private Duration leaveTimeout = Duration.ofSeconds(10);

    /**
     * Which side of a partition keeps running cluster-wide services: keep-majority (the side with more than
     * half of the last stable view's members; on an even split the side with its oldest member) or
     * static-quorum (a side with at least goakt.cluster.min-peers reachable members). A member without quorum is
     * OUT_OF_SERVICE.
     */
    private String quorum = "keep-majority";

    /**
     * How long a view must stay unchanged, with quorum, before this member takes over what vanished members ran.
     * Longer than a side without quorum needs to notice; see docs/cluster.md, "Split-brain safety". At least 10ms.
     * Unset: failure-detection.timeout + 2 x heartbeat-interval + 3 x verify-timeout + 500ms.
     */
    private Duration stableAfter;

    /** How long a graceful leave waits for this member to hand over what it runs. At least 10ms. */
    private Duration handoverTimeout = Duration.ofSeconds(10);

    /**
     * Whether a view that differs from the last stable one only by crashed members (their failure-detection socket
     * closed) or graceful leavers is confirmed stable after 500ms instead of stable-after. Turn it off where a
     * network cut can close connections (a firewall rejecting with TCP resets); see docs/cluster.md, "Crashed
     * processes".
     */
    private boolean fastCrashTakeover = true;

    private final FailureDetection failureDetection = new FailureDetection();

    private final Discovery discovery = new Discovery();

    private final Ssl ssl = new Ssl();

    /** Whether the actor system joins a cluster. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets whether the actor system joins a cluster. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Name of the cluster, or {@code null} for the system's name. */
    public String getName() {
        return name;
    }

    /** Sets the name of the cluster. */
    public void setName(String name) {
        this.name = name;
    }

    /** Interface the control plane binds. */
    public String getHost() {
        return host;
    }

    /** Sets the interface the control plane binds. */
    public void setHost(String host) {
        this.host = host;
    }

    /** Port of the control plane. */
    public int getPort() {
        return port;
    }

    /** Sets the port of the control plane. */
    public void setPort(int port) {
        this.port = port;
    }

    /** Host other members reach the control plane at, or {@code null} for the bound host. */
    public String getAdvertisedHost() {
        return advertisedHost;
    }

    /** Sets the host other members reach the control plane at. */
    public void setAdvertisedHost(String advertisedHost) {
        this.advertisedHost = advertisedHost;
    }

    /** Port other members reach the control plane at, or {@code null} for the bound port. */
    public Integer getAdvertisedPort() {
        return advertisedPort;
    }

    /** Sets the port other members reach the control plane at. */
    public void setAdvertisedPort(Integer advertisedPort) {
        this.advertisedPort = advertisedPort;
    }

    /** Roles of this member. */
    public List<String> getRoles() {
        return roles;
    }

    /** Sets the roles of this member. */
    public void setRoles(List<String> roles) {
        this.roles = roles;
    }

    /** Members the cluster needs before this member is ready. */
    public int getMinPeers() {
        return minPeers;
    }

    /** Sets the members the cluster needs before this member is ready. */
    public void setMinPeers(int minPeers) {
        this.minPeers = minPeers;
    }

    /** Partitions of the placement hash. */
    public int getPartitionCount() {
        return partitionCount;
    }

    /** Sets the partitions of the placement hash. */
    public void setPartitionCount(int partitionCount) {
        this.partitionCount = partitionCount;
    }

    /** How long a starting member waits for the others. */
    public Duration getJoinTimeout() {
        return joinTimeout;
    }

    /** Sets how long a starting member waits for the others. */
    public void setJoinTimeout(Duration joinTimeout) {
        this.joinTimeout = joinTimeout;
    }

    /** How long stopping waits for a graceful leave. */
    public Duration getLeaveTimeout() {
        return leaveTimeout;
    }

    /** Sets how long stopping waits for a graceful leave. */
    public void setLeaveTimeout(Duration leaveTimeout) {
        this.leaveTimeout = leaveTimeout;
    }

    /** Which side of a partition keeps running cluster-wide services. */
    public String getQuorum() {
        return quorum;
    }

    /** Sets which side of a partition keeps running cluster-wide services. */
    public void setQuorum(String quorum) {
        this.quorum = quorum;
    }

    /** How long a view must stay unchanged before this member takes over. */
    public Duration getStableAfter() {
        return stableAfter;
    }

    /** Sets how long a view must stay unchanged before this member takes over. */
    public void setStableAfter(Duration stableAfter) {
        this.stableAfter = stableAfter;
    }

    /** How long a graceful leave waits for the hand-over. */
    public Duration getHandoverTimeout() {
        return handoverTimeout;
    }

    /** Sets how long a graceful leave waits for the hand-over. */
    public void setHandoverTimeout(Duration handoverTimeout) {
        this.handoverTimeout = handoverTimeout;
    }

    /** Whether crashed members are replaced after a short margin instead of stable-after. */
    public boolean isFastCrashTakeover() {
        return fastCrashTakeover;
    }

    /** Sets whether crashed members are replaced after a short margin instead of stable-after. */
    public void setFastCrashTakeover(boolean fastCrashTakeover) {
        this.fastCrashTakeover = fastCrashTakeover;
    }

    /** How fast failures are detected. */
    public FailureDetection getFailureDetection() {
        return failureDetection;
    }

    /** How members find each other. */
    public Discovery getDiscovery() {
        return discovery;
    }

    /** TLS of the control plane. */
    public Ssl getSsl() {
        return ssl;
    }

    /**
     * {@code goakt.cluster.failure-detection.*}: every value at least 10ms, and timeout at least twice
     * heartbeat-interval. The defaults are for production; tests on one machine use 100ms, 600ms, 250ms and 1s.
     */
    public static class FailureDetection {

        /** How often every member sends a heartbeat. */
        private Duration heartbeatInterval = Duration.ofSeconds(1);

        /** How long a member may be silent before it is suspected; at least twice heartbeat-interval. */
        private Duration timeout = Duration.ofSeconds(10);

        /** How long a suspect has to answer before it is removed from the view. */
        private Duration verifyTimeout = Duration.ofSeconds(2);

        /** The longest time between two view announcements that find split partitions after a partition heals. */
        private Duration mergeInterval = Duration.ofSeconds(10);

        /** How often every member sends a heartbeat. */
        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        /** Sets how often every member sends a heartbeat. */
        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        /** How long a member may be silent before it is suspected. */
        public Duration getTimeout() {
            return timeout;
        }

        /** Sets how long a member may be silent before it is suspected. */
        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        /** How long a suspect has to answer. */
        public Duration getVerifyTimeout() {
            return verifyTimeout;
        }

        /** Sets how long a suspect has to answer. */
        public void setVerifyTimeout(Duration verifyTimeout) {
            this.verifyTimeout = verifyTimeout;
        }

        /** The longest time between two view announcements. */
        public Duration getMergeInterval() {
            return mergeInterval;
        }

        /** Sets the longest time between two view announcements. */
        public void setMergeInterval(Duration mergeInterval) {
            this.mergeInterval = mergeInterval;
        }
    }

    /** {@code goakt.cluster.discovery.*}. */
    public static class Discovery {

        /**
         * How members find each other: static (a list of control-plane addresses), dns, kubernetes (the pods the
         * API server lists), multicast (on the LAN), etcd (leased keys in etcd) or nats (request/reply and JetStream
         * key-value on a NATS server).
         */
        private String type = "static";

        private final StaticHosts staticHosts = new StaticHosts();

        private final Dns dns = new Dns();

        @NestedConfigurationProperty
        private final KubernetesDiscoveryProperties kubernetes = new KubernetesDiscoveryProperties();

        @NestedConfigurationProperty
        private final MulticastDiscoveryProperties multicast = new MulticastDiscoveryProperties();

        @NestedConfigurationProperty
        private final EtcdDiscoveryProperties etcd = new EtcdDiscoveryProperties();

        @NestedConfigurationProperty
        private final NatsDiscoveryProperties nats = new NatsDiscoveryProperties();

        /** How members find each other. */
        public String getType() {
            return type;
        }

        /** Sets how members find each other. */
        public void setType(String type) {
            this.type = type;
        }

        /** {@code goakt.cluster.discovery.static.*}. */
        public StaticHosts getStatic() {
            return staticHosts;
        }

        /** {@code goakt.cluster.discovery.dns.*}. */
        public Dns getDns() {
            return dns;
        }

        /** {@code goakt.cluster.discovery.kubernetes.*}. */
        public KubernetesDiscoveryProperties getKubernetes() {
            return kubernetes;
        }

        /** {@code goakt.cluster.discovery.multicast.*}. */
        public MulticastDiscoveryProperties getMulticast() {
            return multicast;
        }

        /** {@code goakt.cluster.discovery.etcd.*}. */
        public EtcdDiscoveryProperties getEtcd() {
            return etcd;
        }

        /** {@code goakt.cluster.discovery.nats.*}. */
        public NatsDiscoveryProperties getNats() {
            return nats;
        }
    }

    /** {@code goakt.cluster.discovery.static.*}. */
    public static class StaticHosts {

        /**
         * Control-plane addresses of the members, host:port each ([::1]:7800 for an IPv6 literal). List every
         * member, or a few that are always up; empty forms a cluster of one that others may join by listing it.
         */
        private List<String> hosts = new ArrayList<>();

        /** Control-plane addresses of the members. */
        public List<String> getHosts() {
            return hosts;
        }

        /** Sets the control-plane addresses of the members. */
        public void setHosts(List<String> hosts) {
            this.hosts = hosts;
        }
    }

    /** {@code goakt.cluster.discovery.dns.*}. */
    public static class Dns {

        /** DNS name whose records list the members (a headless service's name), or several separated by commas. */
        private String query;

        /** Kind of record the query asks for: A, AAAA or SRV (a host and a port per member). */
        private String recordType = "A";

        /** DNS server every lookup goes to, host:port or [ipv6]:port; unset means the system resolver. */
        private String resolver;

        /**
         * Ports above the control port a member may bind and is probed at, 0 to 100, for A and AAAA records (members
         * sharing an address); must be 0 with SRV records.
         */
        private int portRange = 0;

        /** DNS name whose records list the members. */
        public String getQuery() {
            return query;
        }

        /** Sets the DNS name whose records list the members. */
        public void setQuery(String query) {
            this.query = query;
        }

        /** Kind of record the query asks for. */
        public String getRecordType() {
            return recordType;
        }

        /** Sets the kind of record the query asks for. */
        public void setRecordType(String recordType) {
            this.recordType = recordType;
        }

        /** DNS server every lookup goes to, or {@code null} for the system resolver. */
        public String getResolver() {
            return resolver;
        }

        /** Sets the DNS server every lookup goes to. */
        public void setResolver(String resolver) {
            this.resolver = resolver;
        }

        /** Ports above the control port a member may bind. */
        public int getPortRange() {
            return portRange;
        }

        /** Sets the ports above the control port a member may bind. */
        public void setPortRange(int portRange) {
            this.portRange = portRange;
        }
    }

    /** {@code goakt.cluster.ssl.*}. */
    public static class Ssl {

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) that puts the control plane on TLS: the bundle needs
         * a key store (this member's certificate and key) and a trust store (the CA that signs members), and a node
         * without a certificate the others trust cannot join. When the bundle reloads, new connections use the new
         * material without a restart. Actor messages are protected separately, by goakt.remoting.ssl.bundle.
         */
        private String bundle;

        /** Name of the SSL bundle, or {@code null}. */
        public String getBundle() {
            return bundle;
        }

        /** Sets the name of the SSL bundle. */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }
}
