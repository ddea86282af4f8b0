package io.goakt.remote;

import io.goakt.actor.Actor;
import io.goakt.actor.SpawnOptions;
import io.goakt.internal.util.Limits;
import io.goakt.internal.util.SetOnce;
import io.goakt.serialization.Serialization;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of a node's remoting: where it listens, how big a frame may be, how it connects to peers, TLS,
 * compression, which message types may cross the wire, which actor kinds peers may spawn here, and the hooks.
 * Immutable; build one with {@link #builder()}. In a Spring Boot application the {@code goakt.remoting.*}
 * properties fill the builder.
 */
public final class RemotingConfig {

    /** The default maximum frame size: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 4 * 1024 * 1024;

    /** Default of {@link #maxInboundConnections()}. */
    public static final int DEFAULT_MAX_INBOUND_CONNECTIONS = 1024;

    private final String host;
    private final int port;
    private final String advertisedHost;
    private final int advertisedPort;
    private final int maxFrameSize;
    private final int connectionsPerPeer;
    private final int maxInboundConnections;
    private final List<Compression> compression;
    private final TlsSettings tls;
    private final Serialization serialization;
    private final Map<String, Supplier<? extends Actor>> kinds;
    private final Map<String, SpawnOptions> kindOptions;
    private final List<ContextPropagator> propagators;
    private final RemoteMetrics metrics;
    private final Duration unreachableAfter;
    private final Duration heartbeatInterval;
    private final Duration idleTimeout;
    private final Duration connectTimeout;
    private final Duration reconnectMinBackoff;
    private final Duration reconnectMaxBackoff;
    private final Duration replyTimeout;
    private final int backlogLimit;
    private final long maxQueuedBytes;
    private final int ioThreads;
    private final boolean preferNio;

    private RemotingConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.advertisedHost = b.advertisedHost;
        this.advertisedPort = b.advertisedPort;
        this.maxFrameSize = b.maxFrameSize;
        this.connectionsPerPeer = b.connectionsPerPeer;
        this.maxInboundConnections = b.maxInboundConnections;
        this.compression = List.copyOf(b.compression);
        this.tls = b.tls;
        this.serialization = b.serialization;
        this.kinds = Map.copyOf(b.kinds);
        this.kindOptions = Map.copyOf(b.kindOptions);
        this.propagators = List.copyOf(b.propagators);
        this.metrics = b.metrics;
        this.unreachableAfter = b.unreachableAfter;
        this.heartbeatInterval = b.heartbeatInterval;
        this.idleTimeout = b.idleTimeout;
        this.connectTimeout = b.connectTimeout;
        this.reconnectMinBackoff = b.reconnectMinBackoff;
        this.reconnectMaxBackoff = b.reconnectMaxBackoff;
        this.replyTimeout = b.replyTimeout;
        this.backlogLimit = b.backlogLimit;
        this.maxQueuedBytes = b.maxQueuedBytes;
        this.ioThreads = b.ioThreads;
        this.preferNio = b.preferNio;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The interface to bind; default {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** The port to bind; 0 picks a free one (see {@link Remoting#endpoint()}). */
    public int port() {
        return port;
    }

    /** The host peers use to reach this node; defaults to {@link #host()}. */
    public String advertisedHost() {
        return advertisedHost != null ? advertisedHost : host;
    }

    /** The port peers use to reach this node; 0 means the bound port. */
    public int advertisedPort() {
        return advertisedPort;
    }

    /** The largest frame sent or accepted, in bytes; default 4 MiB. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Outbound connections per peer; a receiver's messages always use the same one, so they stay in order. */
    public int connectionsPerPeer() {
        return connectionsPerPeer;
    }

    /**
     * Most connections the server keeps open at once, handshaken or not; default
     * {@value #DEFAULT_MAX_INBOUND_CONNECTIONS}. A connection accepted beyond it is closed at once, before TLS or
     * any byte is read, and counted as {@link FailureKind#TOO_MANY_CONNECTIONS}. Each peer opens
     * {@link #connectionsPerPeer()} connections to this node.
     */
    public int maxInboundConnections() {
        return maxInboundConnections;
    }

    /** Compressions in order of preference; offered as a client, accepted as a server. */
    public List<Compression> compression() {
        return compression;
    }

    /** TLS, or {@code null} for plain TCP. */
    public TlsSettings tls() {
        return tls;
    }

    /** The types that may cross the wire. */
    public Serialization serialization() {
        return serialization;
    }

    /** Actor kinds that peers may spawn here, by name. */
    public Map<String, Supplier<? extends Actor>> kinds() {
        return kinds;
    }

    /**
     * The spawn options of actors of {@code kind} that peers spawn here ({@link SpawnOptions#defaults()} unless the
     * kind was registered with its own).
     */
    public SpawnOptions kindOptions(String kind) {
        return kindOptions.getOrDefault(kind, SpawnOptions.defaults());
    }

    /** Context propagators, in order. */
    public List<ContextPropagator> propagators() {
        return propagators;
    }

    /** The metrics hooks. */
    public RemoteMetrics metrics() {
        return metrics;
    }

    /** How long a peer may stay unreachable before its watched actors count as terminated; default 10 s. */
    public Duration unreachableAfter() {
        return unreachableAfter;
    }

    /** How often a quiet client connection sends a heartbeat; default 1 s. */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /**
     * How long a connection may read nothing before it is closed, and how long after connecting it may take to
     * complete its handshake (so a peer that trickles bytes and never completes one is closed too); default 10 s.
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Timeout of one connection attempt; default 5 s. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The first reconnect delay; doubled per failed attempt up to {@link #reconnectMaxBackoff()}. */
    public Duration reconnectMinBackoff() {
        return reconnectMinBackoff;
    }

    /** The longest reconnect delay. */
    public Duration reconnectMaxBackoff() {
        return reconnectMaxBackoff;
    }

    /**
     * How long a reply slot for a temporary sender (an {@code ask} made through a local ref or a context) is kept;
     * default 60 s. The ask itself times out on its own timeout.
     */
    public Duration replyTimeout() {
        return replyTimeout;
    }

    /** Messages held per connection while it connects; beyond that they become dead letters. */
    public int backlogLimit() {
        return backlogLimit;
    }

    /**
     * Bytes of frames a live connection may hold while its socket is slower than the senders (the peer reads
     * slowly, or the network is congested); default 64 MiB. The connection stops handing frames to the socket while
     * the socket's buffer is full, so this is what a slow peer can cost in memory. Beyond it, messages to that peer
     * are refused: each becomes a dead letter, counted as {@code UNDELIVERED}, and an ask fails at once.
     */
    public long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Event loop threads; default 2. */
    public int ioThreads() {
        return ioThreads;
    }

    /** True to use NIO even where epoll is available. */
    public boolean preferNio() {
        return preferNio;
    }

    /**
     * Collects settings; each may be set once (a second call fails naming the value already set), values are
     * checked as they come and cross-field rules in {@link #build()}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private static final int MAX_CONNECTIONS_PER_PEER = 16;

        private String host = "127.0.0.1";
        private int port;
        private String advertisedHost;
        private int advertisedPort;
        private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
        private int connectionsPerPeer = 2;
        private int maxInboundConnections = DEFAULT_MAX_INBOUND_CONNECTIONS;
        private List<Compression> compression = List.of(Compression.NONE);
        private TlsSettings tls;
        private Serialization serialization = Serialization.empty();
        private final Map<String, Supplier<? extends Actor>> kinds = new LinkedHashMap<>();
        private final Map<String, SpawnOptions> kindOptions = new LinkedHashMap<>();
        private final List<ContextPropagator> propagators = new ArrayList<>();
        private RemoteMetrics metrics = RemoteMetrics.NONE;
        private Duration unreachableAfter = Duration.ofSeconds(10);
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration idleTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration reconnectMinBackoff = Duration.ofMillis(100);
        private Duration reconnectMaxBackoff = Duration.ofSeconds(5);
        private Duration replyTimeout = Duration.ofSeconds(60);
        private int backlogLimit = 10_000;
        private long maxQueuedBytes = 64L * 1024 * 1024;
        private int ioThreads = 2;
        private boolean preferNio;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /** See {@link RemotingConfig#host()}; 1 to {@value Limits#MAX_HOST_LENGTH} characters without blanks. */
        public Builder host(String host) {
            Limits.check(Limits.hostProblem(host, "host"));
            this.host = given.set("host", this.host, host);
            return this;
        }

        /** See {@link RemotingConfig#port()}. */
        public Builder port(int port) {
            Limits.check(Limits.portProblem(port, 0, "port"));
            given.claim("port", this.port);
            this.port = port;
            return this;
        }

        /** See {@link RemotingConfig#advertisedHost()}; as {@link #host}, and peers check it in the handshake. */
        public Builder advertisedHost(String host) {
            Limits.check(Limits.hostProblem(host, "advertised host"));
            this.advertisedHost = given.set("advertisedHost", this.advertisedHost, host);
            return this;
        }

        /** See {@link RemotingConfig#advertisedPort()}. */
        public Builder advertisedPort(int port) {
            Limits.check(Limits.portProblem(port, 0, "advertised port"));
            given.claim("advertisedPort", this.advertisedPort);
            this.advertisedPort = port;
            return this;
        }

        /**
         * See {@link RemotingConfig#maxFrameSize()}; within [{@value Limits#MIN_FRAME_SIZE},
         * {@value Limits#MAX_FRAME_SIZE}] (1 KiB to 1 GiB).
         */
        public Builder maxFrameSize(int bytes) {
            Limits.check(Limits.frameSizeProblem(bytes));
            given.claim("maxFrameSize", this.maxFrameSize);
            this.maxFrameSize = bytes;
            return this;
        }

        /** See {@link RemotingConfig#connectionsPerPeer()}; 1..16. */
        public Builder connectionsPerPeer(int n) {
            if (n < 1 || n > MAX_CONNECTIONS_PER_PEER) {
                throw new IllegalArgumentException("connections per peer must be within [1, "
                        + MAX_CONNECTIONS_PER_PEER + "], was " + n);
            }
            given.claim("connectionsPerPeer", this.connectionsPerPeer);
            this.connectionsPerPeer = n;
            return this;
        }

        /** See {@link RemotingConfig#maxInboundConnections()}; at least 1. */
        public Builder maxInboundConnections(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("max inbound connections must be at least 1, was " + n);
            }
            given.claim("maxInboundConnections", this.maxInboundConnections);
            this.maxInboundConnections = n;
            return this;
        }

        /** See {@link RemotingConfig#compression()}. */
        public Builder compression(Compression... preferred) {
            if (preferred.length == 0) {
                throw new IllegalArgumentException("give at least one compression (NONE for none)");
            }
            this.compression = given.set("compression", this.compression, List.of(preferred));
            return this;
        }

        /** See {@link RemotingConfig#tls()}. */
        public Builder tls(TlsSettings tls) {
            this.tls = given.set("tls", this.tls, tls);
            return this;
        }

        /** See {@link RemotingConfig#serialization()}. */
        public Builder serialization(Serialization serialization) {
            this.serialization = given.set("serialization", this.serialization, serialization);
            return this;
        }

        /** Lets peers spawn actors of {@code kind} here; each spawn gets a fresh instance from {@code factory}. */
        public Builder kind(String kind, Supplier<? extends Actor> factory) {
            return kind(kind, factory, SpawnOptions.defaults());
        }

        /**
         * Lets peers spawn actors of {@code kind} here, each a fresh instance from {@code factory} spawned with
         * {@code options} (mailbox, supervisor, passivation, dispatcher: what a local spawn of the kind would use).
         */
        public Builder kind(String kind, Supplier<? extends Actor> factory, SpawnOptions options) {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(factory, "factory");
            Objects.requireNonNull(options, "options");
            if (kinds.containsKey(kind)) {
                throw new IllegalStateException("actor kind " + kind + " is already registered");
            }
            kinds.put(kind, factory);
            kindOptions.put(kind, options);
            return this;
        }

        /** Adds a context propagator. */
        public Builder propagator(ContextPropagator propagator) {
            propagators.add(Objects.requireNonNull(propagator, "propagator"));
            return this;
        }

        /** See {@link RemotingConfig#metrics()}. */
        public Builder metrics(RemoteMetrics metrics) {
            this.metrics = given.set("metrics", this.metrics, metrics);
            return this;
        }

        /** See {@link RemotingConfig#unreachableAfter()}. */
        public Builder unreachableAfter(Duration d) {
            this.unreachableAfter = given.set("unreachableAfter", this.unreachableAfter, positive(d, "unreachableAfter"));
            return this;
        }

        /** See {@link RemotingConfig#heartbeatInterval()}. */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = given.set("heartbeatInterval", this.heartbeatInterval, positive(d, "heartbeatInterval"));
            return this;
        }

        /** See {@link RemotingConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration d) {
            this.idleTimeout = given.set("idleTimeout", this.idleTimeout, positive(d, "idleTimeout"));
            return this;
        }

        /** See {@link RemotingConfig#connectTimeout()}. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = given.set("connectTimeout", this.connectTimeout, positive(d, "connectTimeout"));
            return this;
        }

        /** See {@link RemotingConfig#reconnectMinBackoff()} and {@link RemotingConfig#reconnectMaxBackoff()}. */
        public Builder reconnectBackoff(Duration min, Duration max) {
            positive(min, "min");
            positive(max, "max");
            given.claim("reconnectBackoff", this.reconnectMinBackoff + ".." + this.reconnectMaxBackoff);
            this.reconnectMinBackoff = min;
            this.reconnectMaxBackoff = max;
            return this;
        }

        /** See {@link RemotingConfig#replyTimeout()}. */
        public Builder replyTimeout(Duration d) {
            this.replyTimeout = given.set("replyTimeout", this.replyTimeout, positive(d, "replyTimeout"));
            return this;
        }

        /** See {@link RemotingConfig#backlogLimit()}. */
        public Builder backlogLimit(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("backlog limit must be positive, was " + n);
            }
            given.claim("backlogLimit", this.backlogLimit);
            this.backlogLimit = n;
            return this;
        }

        /** See {@link RemotingConfig#maxQueuedBytes()}. */
        public Builder maxQueuedBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("max queued bytes must be positive, was " + bytes);
            }
            given.claim("maxQueuedBytes", this.maxQueuedBytes);
            this.maxQueuedBytes = bytes;
            return this;
        }

        /** See {@link RemotingConfig#ioThreads()}. */
        public Builder ioThreads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("io threads must be positive, was " + n);
            }
            given.claim("ioThreads", this.ioThreads);
            this.ioThreads = n;
            return this;
        }

        /** See {@link RemotingConfig#preferNio()}. */
        public Builder preferNio(boolean preferNio) {
            given.claim("preferNio", this.preferNio);
            this.preferNio = preferNio;
            return this;
        }

        /** Positive and at most {@link Limits#MAX_TIMEOUT} (24 days 20 hours). */
        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            Limits.check(Limits.timeoutProblem(d, what));
            return d;
        }

        /** The config; checks that the heartbeat interval is shorter than the idle timeout. */
        public RemotingConfig build() {
            if (heartbeatInterval.compareTo(idleTimeout) >= 0) {
                throw new IllegalStateException("heartbeatInterval (" + heartbeatInterval
                        + ") must be shorter than idleTimeout (" + idleTimeout + ")");
            }
            if (reconnectMinBackoff.compareTo(reconnectMaxBackoff) > 0) {
                throw new IllegalStateException("reconnect min backoff exceeds max backoff");
            }
            return new RemotingConfig(this);
        }
    }
}
