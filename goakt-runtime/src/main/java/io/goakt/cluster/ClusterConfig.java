package io.goakt.cluster;

import io.goakt.discovery.Discovery;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.util.Limits;
import io.goakt.internal.util.SetOnce;
import io.goakt.remote.RemotingConfig;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Settings of a cluster member: the cluster it joins, where its control plane (JGroups) listens and is reached,
 * its roles, how it finds the others, how fast failures are detected, and the remoting it starts when the system
 * has none yet. Immutable; build one with {@link #builder()}. In a Spring Boot application the
 * {@code goakt.cluster.*} properties fill the builder.
 */
public final class ClusterConfig {

    /** The default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "goakt";
    /** The default control-plane port (JGroups' usual TCP port). */
    public static final int DEFAULT_PORT = 7800;
    /** The default number of partitions of the placement hash. */
    public static final int DEFAULT_PARTITION_COUNT = 271;
    /** The largest partition count. */
    public static final int MAX_PARTITION_COUNT = 65_536;

    /** The default of {@link #loadReportInterval()}: 1 s. */
    public static final Duration DEFAULT_LOAD_REPORT_INTERVAL = Duration.ofSeconds(1);
    /** The default of {@link #registrationTimeout()}: 10 s. */
    public static final Duration DEFAULT_REGISTRATION_TIMEOUT = Duration.ofSeconds(10);
    /** The default of {@link #claimTimeout()}: 1 s. */
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(1);
    /** The default of {@link #reservationLifetime()}: 30 s. */
    public static final Duration DEFAULT_RESERVATION_LIFETIME = Duration.ofSeconds(30);
    /** The margin the default of {@link #stableAfter()} adds to the failure detection's worst time: 500 ms. */
    public static final Duration DEFAULT_STABLE_AFTER = Duration.ofMillis(500);
    /** The default of {@link #handoverTimeout()}: 10 s. */
    public static final Duration DEFAULT_HANDOVER_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String clusterName;
    private final String host;
    private final int port;
    private final String advertisedHost;
    private final int advertisedPort;
    private final Set<String> roles;
    private final int minPeers;
    private final int partitionCount;
    private final Duration joinTimeout;
    private final FailureDetection failureDetection;
    private final Discovery discovery;
    private final RemotingConfig remoting;
    private final SSLContext tls;
    private final Duration loadReportInterval;
    private final Duration registrationTimeout;
    private final Duration claimTimeout;
    private final Duration reservationLifetime;
    private final QuorumRule quorum;
    private final Duration stableAfter;
    private final Duration handoverTimeout;
    private final boolean fastCrashTakeover;

    private ClusterConfig(Builder b) {
        this.clusterName = b.clusterName;
        this.host = b.host;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.advertisedPort = b.advertisedPort;
        this.roles = Set.copyOf(b.roles);
        this.minPeers = b.minPeers;
        this.partitionCount = b.partitionCount;
        this.joinTimeout = b.joinTimeout;
        this.failureDetection = b.failureDetection;
        this.discovery = b.discovery;
        this.remoting = b.remoting != null ? b.remoting : RemotingConfig.builder().build();
        this.tls = b.tls;
        this.loadReportInterval = b.loadReportInterval;
        this.registrationTimeout = b.registrationTimeout;
        this.claimTimeout = b.claimTimeout;
        this.reservationLifetime = b.reservationLifetime;
        this.quorum = b.quorum;
        this.stableAfter = b.stableAfter != null ? b.stableAfter : defaultStableAfter(b.failureDetection);
        this.handoverTimeout = b.handoverTimeout;
        this.fastCrashTakeover = b.fastCrashTakeover;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster's name; members of clusters with other names never see each other. Default {@code goakt}. */
    public String clusterName() {
        return clusterName;
    }

    /** The interface the control plane binds; default {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /**
     * The control plane's TCP port; default 7800. Its failure detector's socket listens on the first free port of
     * {@code advertisedPort() + 100} to {@code advertisedPort() + 103}, where the other members look for it.
     */
    public int port() {
        return port;
    }

    /** The host other members reach the control plane at; defaults to {@link #host()}. */
    public String advertisedHost() {
        return advertisedHost != null ? advertisedHost : host;
    }

    /**
     * The port other members reach the control plane at, for a member behind a port-forwarding proxy or NAT;
     * defaults to {@link #port()}.
     */
    public int advertisedPort() {
        return advertisedPort != 0 ? advertisedPort : port;
    }

    /** This member's roles; default none. */
    public Set<String> roles() {
        return roles;
    }

    /**
     * How many members (this one included) make the cluster complete enough to serve; default 1. See
     * {@link Cluster#hasMinPeers()}.
     */
    public int minPeers() {
        return minPeers;
    }

    /**
     * The number of partitions of the placement hash; default 271. Fixed for the life of the cluster: a member
     * with another count is refused.
     */
    public int partitionCount() {
        return partitionCount;
    }

    /**
     * How long a starting member waits for the discovered members to answer (and for a join response) before it
     * forms a cluster of its own; default 2 s.
     */
    public Duration joinTimeout() {
        return joinTimeout;
    }

    /** Failure detection; default {@link FailureDetection#defaults()}. */
    public FailureDetection failureDetection() {
        return failureDetection;
    }

    /** How the member finds the others; default {@link StaticDiscovery} with no hosts (a cluster of one). */
    public Discovery discovery() {
        return discovery;
    }

    /**
     * The remoting started for the system when it has none yet; default {@code RemotingConfig.builder().build()}.
     * When the system's remoting is already started, that one is used and this is ignored.
     */
    public RemotingConfig remoting() {
        return remoting;
    }

    /**
     * TLS for the control plane, or {@code null} for plain TCP. With a context every control-plane connection is
     * TLS with client certificates required both ways, so a member whose certificate the others' trust material
     * does not accept (or that has none, or speaks plain TCP) never reaches them and cannot join. The context's key
     * material is this member's certificate, its trust material the certificates it accepts; a Spring SSL bundle's
     * {@code createSslContext()} gives one. The failure detector's sockets ({@code port+100..port+103}) stay plain
     * TCP: they carry only liveness.
     */
    public SSLContext tls() {
        return tls;
    }

    /**
     * How often each member broadcasts its load (actor count, the kinds it lets others spawn), which placement of
     * {@link ClusterActors} reads; default 1 s.
     */
    public Duration loadReportInterval() {
        return loadReportInterval;
    }

    /**
     * How long registering a cluster-unique name ({@link ClusterActors}) may take, retries included, before it
     * fails; default 10 s.
     */
    public Duration registrationTimeout() {
        return registrationTimeout;
    }

    /**
     * How long one claim of a name waits for its arbiter's answer before it is sent again (to the arbiter of the
     * then current view); default 1 s. At most {@link #registrationTimeout()}.
     */
    public Duration claimTimeout() {
        return claimTimeout;
    }

    /**
     * How long an arbiter keeps a name it granted reserved for the member that claimed it, when neither that
     * member's entry nor its release arrives (it crashed or was cut off mid-registration); default 30 s. At least
     * {@link #registrationTimeout()}, so a grant outlives the registration it serves.
     */
    public Duration reservationLifetime() {
        return reservationLifetime;
    }

    /**
     * The rule that decides whether this member's side of the cluster may run cluster-wide services (singletons,
     * relocation, cluster-unique registrations, grain activations) after members became unreachable or left; default
     * {@link QuorumRule#KEEP_MAJORITY}. {@link Cluster#hasQuorum()} applies it.
     */
    public QuorumRule quorum() {
        return quorum;
    }

    /**
     * How long a view must stay unchanged, with quorum, before this member takes over what members that vanished
     * from it ran (a singleton, relocatable actors, grain partitions). It must be longer than a side without quorum
     * needs to notice that and stop what it runs, which it does as soon as it sees the other members unreachable, so
     * the two sides never both run one singleton. A member of the minority may see the partition in two steps: its
     * first suspicions come up to one heartbeat check and one verification after the majority's, and the new view
     * they bring restarts the detection of the members of the other side it did not suspect yet (a timeout, a
     * heartbeat check and up to two verifications). So the default is {@link #defaultStableAfter}: timeout + 2 x
     * heartbeat interval + 3 x verify timeout + {@link #DEFAULT_STABLE_AFTER} (2.05 s with
     * {@link FailureDetection#fast()}, 18.5 s with {@link FailureDetection#defaults()}).
     */
    public Duration stableAfter() {
        return stableAfter;
    }

    /**
     * The default of {@link #stableAfter()} for {@code detection}: its timeout, twice its heartbeat interval, three
     * times its verify timeout, and {@link #DEFAULT_STABLE_AFTER}.
     */
    public static Duration defaultStableAfter(FailureDetection detection) {
        return detection.timeout().plus(detection.heartbeatInterval().multipliedBy(2))
                .plus(detection.verifyTimeout().multipliedBy(3)).plus(DEFAULT_STABLE_AFTER);
    }

    /**
     * How long a graceful {@link Cluster#leave} waits for this member's cluster services to hand over what it runs
     * (stop its singletons, pass on its grains) before it disconnects anyway; default 10 s.
     */
    public Duration handoverTimeout() {
        return handoverTimeout;
    }

    /**
     * Whether a view that differs from the last stable one only by members that crashed or left gracefully is
     * confirmed stable after a short margin (500 ms, or {@link #stableAfter()} when that is shorter) instead of the
     * whole {@link #stableAfter()}; default true. A member counts as crashed when the failure-detection socket to it
     * closed and it was then removed: a process that dies has its sockets closed by its kernel, while a network cut
     * closes none, so the members cut off still wait the full time. Turn it off where a network cut can close
     * connections (a firewall that rejects with TCP resets, a proxy that closes idle connections): there a closed
     * socket proves nothing. See docs/cluster.md, "Crashed processes".
     */
    public boolean fastCrashTakeover() {
        return fastCrashTakeover;
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + clusterName + " " + host + ":" + port + " advertised " + advertisedHost() + ":"
                + advertisedPort() + " roles " + roles + " " + discovery + " " + failureDetection
                + (tls != null ? " tls" : "") + "]";
    }

    /**
     * Collects settings; each may be set once (a second call fails naming the value already set), values are
     * checked as they come and cross-field rules in {@link #build()}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private String clusterName = DEFAULT_CLUSTER_NAME;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private String advertisedHost;
        private int advertisedPort;
        private Set<String> roles = Set.of();
        private int minPeers = 1;
        private int partitionCount = DEFAULT_PARTITION_COUNT;
        private Duration joinTimeout = Duration.ofSeconds(2);
        private FailureDetection failureDetection = FailureDetection.defaults();
        private Discovery discovery = StaticDiscovery.of(List.of());
        private RemotingConfig remoting;
        private SSLContext tls;
        private Duration loadReportInterval = DEFAULT_LOAD_REPORT_INTERVAL;
        private Duration registrationTimeout = DEFAULT_REGISTRATION_TIMEOUT;
        private Duration claimTimeout = DEFAULT_CLAIM_TIMEOUT;
        private Duration reservationLifetime = DEFAULT_RESERVATION_LIFETIME;
        private QuorumRule quorum = QuorumRule.KEEP_MAJORITY;
        /** Null until given: the default follows the failure detection. */
        private Duration stableAfter;
        private Duration handoverTimeout = DEFAULT_HANDOVER_TIMEOUT;
        private boolean fastCrashTakeover = true;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /** See {@link ClusterConfig#clusterName()}; 1 to 100 characters, no spaces. */
        public Builder clusterName(String name) {
            Objects.requireNonNull(name, "clusterName");
            Limits.check(Limits.clusterNameProblem(name));
            this.clusterName = given.set("clusterName", this.clusterName, name);
            return this;
        }

        /** See {@link ClusterConfig#host()}: a local interface's address or name. */
        public Builder host(String host) {
            String trimmed = notBlank(host, "host");
            Limits.check(Limits.hostProblem(trimmed, "host"));
            this.host = given.set("host", this.host, trimmed);
            return this;
        }

        /** See {@link ClusterConfig#port()}; 1..65535. */
        public Builder port(int port) {
            checkPort(port, "port");
            given.claim("port", this.port);
            this.port = port;
            return this;
        }

        /** See {@link ClusterConfig#advertisedHost()}. */
        public Builder advertisedHost(String host) {
            String trimmed = notBlank(host, "advertisedHost");
            Limits.check(Limits.hostProblem(trimmed, "advertisedHost"));
            this.advertisedHost = given.set("advertisedHost", this.advertisedHost, trimmed);
            return this;
        }

        /** See {@link ClusterConfig#advertisedPort()}; 1..65535. */
        public Builder advertisedPort(int port) {
            checkPort(port, "advertisedPort");
            given.claim("advertisedPort", this.advertisedPort);
            this.advertisedPort = port;
            return this;
        }

        /** See {@link ClusterConfig#roles()}; each 1 to 64 of {@code A-Z a-z 0-9 . _ -}. */
        public Builder roles(Set<String> roles) {
            Objects.requireNonNull(roles, "roles");
            for (String role : roles) {
                if (role == null || !ROLE.matcher(role).matches()) {
                    throw new IllegalArgumentException("roles: '" + role
                            + "' is not a role name (1 to 64 of A-Z a-z 0-9 . _ -)");
                }
            }
            this.roles = given.set("roles", this.roles, Set.copyOf(roles));
            return this;
        }

        /** See {@link ClusterConfig#minPeers()}; at least 1. */
        public Builder minPeers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("minPeers must be at least 1, was " + n);
            }
            given.claim("minPeers", this.minPeers);
            this.minPeers = n;
            return this;
        }

        /** See {@link ClusterConfig#partitionCount()}; 1..65536. */
        public Builder partitionCount(int n) {
            if (n < 1 || n > MAX_PARTITION_COUNT) {
                throw new IllegalArgumentException("partitionCount must be within [1, " + MAX_PARTITION_COUNT
                        + "], was " + n);
            }
            given.claim("partitionCount", this.partitionCount);
            this.partitionCount = n;
            return this;
        }

        /** See {@link ClusterConfig#joinTimeout()}; at least 10 ms. */
        public Builder joinTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "joinTimeout");
            if (timeout.compareTo(FailureDetection.MIN) < 0) {
                throw new IllegalArgumentException("joinTimeout must be at least " + FailureDetection.MIN.toMillis()
                        + " ms, was " + timeout);
            }
            Limits.check(Limits.timeoutProblem(timeout, "joinTimeout"));
            this.joinTimeout = given.set("joinTimeout", this.joinTimeout, timeout);
            return this;
        }

        /** See {@link ClusterConfig#failureDetection()}. */
        public Builder failureDetection(FailureDetection settings) {
            this.failureDetection = given.set("failureDetection", this.failureDetection, settings);
            return this;
        }

        /** See {@link ClusterConfig#discovery()}. */
        public Builder discovery(Discovery discovery) {
            this.discovery = given.set("discovery", this.discovery, discovery);
            return this;
        }

        /** See {@link ClusterConfig#remoting()}. */
        public Builder remoting(RemotingConfig remoting) {
            this.remoting = given.set("remoting", this.remoting, remoting);
            return this;
        }

        /** See {@link ClusterConfig#tls()}. */
        public Builder tls(SSLContext context) {
            this.tls = given.set("tls", this.tls, context);
            return this;
        }

        /** See {@link ClusterConfig#loadReportInterval()}; at least 10 ms. */
        public Builder loadReportInterval(Duration interval) {
            this.loadReportInterval = given.set("loadReportInterval", this.loadReportInterval,
                    atLeastMin(interval, "loadReportInterval"));
            return this;
        }

        /** See {@link ClusterConfig#registrationTimeout()}; at least 10 ms. */
        public Builder registrationTimeout(Duration timeout) {
            this.registrationTimeout = given.set("registrationTimeout", this.registrationTimeout,
                    atLeastMin(timeout, "registrationTimeout"));
            return this;
        }

        /** See {@link ClusterConfig#claimTimeout()}; at least 10 ms. */
        public Builder claimTimeout(Duration timeout) {
            this.claimTimeout = given.set("claimTimeout", this.claimTimeout, atLeastMin(timeout, "claimTimeout"));
            return this;
        }

        /** See {@link ClusterConfig#reservationLifetime()}; at least 10 ms. */
        public Builder reservationLifetime(Duration lifetime) {
            this.reservationLifetime = given.set("reservationLifetime", this.reservationLifetime,
                    atLeastMin(lifetime, "reservationLifetime"));
            return this;
        }

        /** See {@link ClusterConfig#quorum()}. */
        public Builder quorum(QuorumRule rule) {
            this.quorum = given.set("quorum", this.quorum, Objects.requireNonNull(rule, "quorum"));
            return this;
        }

        /** See {@link ClusterConfig#stableAfter()}; at least 10 ms. */
        public Builder stableAfter(Duration duration) {
            this.stableAfter = given.set("stableAfter", this.stableAfter, atLeastMin(duration, "stableAfter"));
            return this;
        }

        /** See {@link ClusterConfig#handoverTimeout()}; at least 10 ms. */
        public Builder handoverTimeout(Duration timeout) {
            this.handoverTimeout = given.set("handoverTimeout", this.handoverTimeout,
                    atLeastMin(timeout, "handoverTimeout"));
            return this;
        }

        /** See {@link ClusterConfig#fastCrashTakeover()}; default true. */
        public Builder fastCrashTakeover(boolean fast) {
            given.claim("fastCrashTakeover", this.fastCrashTakeover);
            this.fastCrashTakeover = fast;
            return this;
        }

        private static Duration atLeastMin(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.compareTo(FailureDetection.MIN) < 0) {
                throw new IllegalArgumentException(name + " must be at least " + FailureDetection.MIN.toMillis()
                        + " ms, was " + d);
            }
            Limits.check(Limits.timeoutProblem(d, name));
            return d;
        }

        private static String notBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value.trim();
        }

        private static void checkPort(int port, String name) {
            Limits.check(Limits.portProblem(port, 1, name));
        }

        /**
         * The config; checks that a wildcard {@code host} ({@code 0.0.0.0}, {@code ::}) comes with an
         * {@code advertisedHost}, since other members cannot reach a wildcard, that {@code claimTimeout} is at most
         * {@code registrationTimeout}, and that {@code reservationLifetime} is at least {@code registrationTimeout}.
         *
         * @throws IllegalStateException naming the settings when a rule is broken
         */
        public ClusterConfig build() {
            if (advertisedHost == null && isWildcard(host)) {
                throw new IllegalStateException("host is the wildcard " + host
                        + ": set advertisedHost to the address other members reach this one at");
            }
            if (claimTimeout.compareTo(registrationTimeout) > 0) {
                throw new IllegalStateException("claimTimeout " + claimTimeout + " must be at most registrationTimeout "
                        + registrationTimeout + ": one claim cannot wait longer than the whole registration");
            }
            if (reservationLifetime.compareTo(registrationTimeout) < 0) {
                throw new IllegalStateException("reservationLifetime " + reservationLifetime
                        + " must be at least registrationTimeout " + registrationTimeout
                        + ": a granted name must stay reserved while its registration may still complete");
            }
            return new ClusterConfig(this);
        }

        private static boolean isWildcard(String host) {
            return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") || host.equals("0:0:0:0:0:0:0:0");
        }
    }
}
