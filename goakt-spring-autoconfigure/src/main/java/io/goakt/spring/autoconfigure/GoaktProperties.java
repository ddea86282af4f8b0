package io.goakt.spring.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code goakt.*} settings of the auto-configured actor system and its remoting. Keys the runtime does not
 * support yet (cluster) are not bound.
 */
@ConfigurationProperties("goakt")
public class GoaktProperties {

    /** Whether to create an actor system in the application context. */
    private boolean enabled = true;

    private final SystemSettings system = new SystemSettings();

    private final Mailbox mailbox = new Mailbox();

    private final Remoting remoting = new Remoting();

    /** Whether to create an actor system in the application context. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** Settings of the system itself. */
    public SystemSettings getSystem() {
        return system;
    }

    /** The default mailbox of actors. */
    public Mailbox getMailbox() {
        return mailbox;
    }

    /** Remoting: the server peers connect to and the connections to them. */
    public Remoting getRemoting() {
        return remoting;
    }

    /** {@code goakt.system.*}. */
    public static class SystemSettings {

        /** Name of the actor system: 1 to 255 letters, digits, '-' and '_'. */
        private String name = "goakt";

        /**
         * Timeout of an ask that names none: ActorRef.ask(message), ActorRegistry.ask and GrainClient.ask. An ask
         * given a duration, and Context.ask inside actors, wait that duration instead. Must be positive.
         */
        private Duration askTimeout = Duration.ofSeconds(5);

        /**
         * Bound on the actor system's coordinated shutdown when the application stops: the ShutdownHook beans, the
         * cluster leave, actors finishing their queued messages and stopping, remoting closing. Must be positive.
         */
        private Duration shutdownTimeout = Duration.ofSeconds(30);

        private final Dispatcher dispatcher = new Dispatcher();

        private final Logging logging = new Logging();

        private final Eviction eviction = new Eviction();

        /** Name of the actor system. */
        public String getName() {
            return name;
        }

        /** Sets the name of the actor system. */
        public void setName(String name) {
            this.name = name;
        }

        /** Timeout of an ask that names none. */
        public Duration getAskTimeout() {
            return askTimeout;
        }

        /** Sets the timeout of an ask that names none. */
        public void setAskTimeout(Duration askTimeout) {
            this.askTimeout = askTimeout;
        }

        /** How long stopping waits for actors. */
        public Duration getShutdownTimeout() {
            return shutdownTimeout;
        }

        /** Sets how long stopping waits for actors. */
        public void setShutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
        }

        /** The default dispatcher. */
        public Dispatcher getDispatcher() {
            return dispatcher;
        }

        /** What the system writes to the log. */
        public Logging getLogging() {
            return logging;
        }

        /** The cap on live actors. */
        public Eviction getEviction() {
            return eviction;
        }
    }

    /** {@code goakt.system.eviction.*}. */
    public static class Eviction {

        /**
         * Which actors go first when more than max-actors live: lru (least recently used), lfu (least frequently
         * used), mru (most recently used), or none (no cap, the default). Only passivation-enabled actors and grain
         * activations are evicted.
         */
        private String policy = "none";

        /** The cap on live actors; required (at least 1) unless the policy is none. */
        private Integer maxActors;

        /** Percentage of max-actors evicted beyond the excess when over the cap, 0 to 100. */
        private int percentage = 0;

        /** How often the cap is checked besides on every spawn. Must be positive. */
        private Duration interval = Duration.ofSeconds(1);

        /** Candidates looked at per eviction, 1 to 1024: larger is closer to the exact order and costs more. */
        private int sampleSize = 16;

        /** The policy's name. */
        public String getPolicy() {
            return policy;
        }

        /** Sets the policy by name. */
        public void setPolicy(String policy) {
            this.policy = policy;
        }

        /** The cap on live actors, or null. */
        public Integer getMaxActors() {
            return maxActors;
        }

        /** Sets the cap on live actors. */
        public void setMaxActors(Integer maxActors) {
            this.maxActors = maxActors;
        }

        /** Percentage of the cap evicted beyond the excess. */
        public int getPercentage() {
            return percentage;
        }

        /** Sets the percentage of the cap evicted beyond the excess. */
        public void setPercentage(int percentage) {
            this.percentage = percentage;
        }

        /** How often the cap is checked. */
        public Duration getInterval() {
            return interval;
        }

        /** Sets how often the cap is checked. */
        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        /** Candidates looked at per eviction. */
        public int getSampleSize() {
            return sampleSize;
        }

        /** Sets the candidates looked at per eviction. */
        public void setSampleSize(int sampleSize) {
            this.sampleSize = sampleSize;
        }
    }

    /** {@code goakt.system.logging.*}. */
    public static class Logging {

        /**
         * Level of the one log line each actor failure gets (path, message type, the supervisor's decision and the
         * stack trace), rate-limited: error (the default), warn, info, debug or off.
         */
        private String failures = "error";

        /**
         * Whether dead letters get a rate-limited INFO line with a count of those not logged. While the system
         * stops they are logged at DEBUG only.
         */
        private boolean deadLetters = true;

        /** The failure level's name. */
        public String getFailures() {
            return failures;
        }

        /** Sets the failure level by name. */
        public void setFailures(String failures) {
            this.failures = failures;
        }

        /** Whether dead letters are logged. */
        public boolean isDeadLetters() {
            return deadLetters;
        }

        /** Sets whether dead letters are logged. */
        public void setDeadLetters(boolean deadLetters) {
            this.deadLetters = deadLetters;
        }
    }

    /** {@code goakt.system.dispatcher.*}. */
    public static class Dispatcher {

        /** Messages an actor handles per turn on a dispatcher thread before it yields the thread. At least 1. */
        private int throughput = 64;

        /** Threads of the default dispatcher, 1 to 32767; unset means the number of processors. */
        private Integer parallelism;

        /**
         * How much threads busy-wait instead of parking: adaptive (the default: spin while it pays, back off when
         * spins miss or the machine is oversubscribed), reduced (short spins by one thread, for shared machines or a
         * CPU quota) or off (never spin: every message that finds its actor idle pays a thread wake-up).
         */
        private String spin = "adaptive";

        /** Messages per turn. */
        public int getThroughput() {
            return throughput;
        }

        /** Sets the messages per turn. */
        public void setThroughput(int throughput) {
            this.throughput = throughput;
        }

        /** Threads of the default dispatcher, or {@code null} for the number of processors. */
        public Integer getParallelism() {
            return parallelism;
        }

        /** Sets the threads of the default dispatcher. */
        public void setParallelism(Integer parallelism) {
            this.parallelism = parallelism;
        }

        /** The spinning setting's name: adaptive, reduced or off. */
        public String getSpin() {
            return spin;
        }

        /** Sets the spinning setting by name. */
        public void setSpin(String spin) {
            this.spin = spin;
        }
    }

    /** {@code goakt.mailbox.*}. */
    public static class Mailbox {

        /**
         * Mailbox type of actors that do not choose one: unbounded (the default), bounded (goakt.mailbox.capacity
         * messages; a tell to a full mailbox fails with MailboxFullException) or fair (round-robin between senders).
         */
        private String type = "unbounded";

        /** Capacity of bounded mailbox types, in messages. At least 1; ignored by unbounded mailboxes. */
        private int capacity = 1000;

        /** Mailbox type. */
        public String getType() {
            return type;
        }

        /** Sets the mailbox type. */
        public void setType(String type) {
            this.type = type;
        }

        /** Capacity of bounded mailboxes. */
        public int getCapacity() {
            return capacity;
        }

        /** Sets the capacity of bounded mailboxes. */
        public void setCapacity(int capacity) {
            this.capacity = capacity;
        }
    }

    /** {@code goakt.remoting.*}. */
    public static class Remoting {

        /** Whether to start remoting with the actor system, so actors in other JVMs can reach this one's. */
        private boolean enabled = false;

        /**
         * Interface the remoting server binds: an IP literal or a host name. The loopback default keeps the port
         * closed to other machines until you choose otherwise (0.0.0.0 for every interface).
         */
        private String host = "127.0.0.1";

        /** TCP port of the remoting server, 0 to 65535; 0 picks a free port at start-up. */
        private int port = 7355;

        /**
         * Host peers use to reach this node, when it differs from the bound host (a container behind NAT, a
         * Kubernetes service); unset or empty means the bound host.
         */
        private String advertisedHost;

        /** Port peers use to reach this node, 1 to 65535; unset means the bound port. */
        private Integer advertisedPort;

        /** Largest frame sent or accepted, from 1KB to 1GB; a bigger message fails to send. */
        private DataSize maxFrameSize = DataSize.ofMegabytes(4);

        /**
         * Compressions of connections, in order of preference: none, lz4, zstd. Offered to peers this node connects
         * to and accepted from peers that connect to it.
         */
        private List<String> compression = new ArrayList<>(List.of("none"));

        /**
         * How long a connection may read nothing before it is closed, and how long a peer that connected may take
         * to complete its handshake (a peer that trickles bytes and never completes one is closed as well). Longer
         * than the 1s heartbeat interval and at most 24 days.
         */
        private Duration idleTimeout = Duration.ofSeconds(10);

        /**
         * Most connections the remoting server keeps open at once, handshaken or not, at least 1. A connection over
         * it is closed at once and counted as goakt.remote.failures{reason="too_many_connections"}. Each peer opens
         * 2 connections to this node.
         */
        private int maxInboundConnections = 1024;

        private final Ssl ssl = new Ssl();

        /** Whether to start remoting. */
        public boolean isEnabled() {
            return enabled;
        }

        /** Sets whether to start remoting. */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** Interface the server binds. */
        public String getHost() {
            return host;
        }

        /** Sets the interface the server binds. */
        public void setHost(String host) {
            this.host = host;
        }

        /** Port of the server, 0 for any free port. */
        public int getPort() {
            return port;
        }

        /** Sets the port of the server. */
        public void setPort(int port) {
            this.port = port;
        }

        /** Host peers use to reach this node, or {@code null} for the bound host. */
        public String getAdvertisedHost() {
            return advertisedHost;
        }

        /** Sets the host peers use to reach this node. */
        public void setAdvertisedHost(String advertisedHost) {
            this.advertisedHost = advertisedHost;
        }

        /** Port peers use to reach this node, or {@code null} for the bound port. */
        public Integer getAdvertisedPort() {
            return advertisedPort;
        }

        /** Sets the port peers use to reach this node. */
        public void setAdvertisedPort(Integer advertisedPort) {
            this.advertisedPort = advertisedPort;
        }

        /** Largest frame sent or accepted. */
        public DataSize getMaxFrameSize() {
            return maxFrameSize;
        }

        /** Sets the largest frame sent or accepted. */
        public void setMaxFrameSize(DataSize maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
        }

        /** Compressions in order of preference. */
        public List<String> getCompression() {
            return compression;
        }

        /** Sets the compressions in order of preference. */
        public void setCompression(List<String> compression) {
            this.compression = compression;
        }

        /** How long a connection may read nothing, and a peer may take to complete its handshake. */
        public Duration getIdleTimeout() {
            return idleTimeout;
        }

        /** Sets {@link #getIdleTimeout()}. */
        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        /** Most connections the remoting server keeps open at once. */
        public int getMaxInboundConnections() {
            return maxInboundConnections;
        }

        /** Sets {@link #getMaxInboundConnections()}. */
        public void setMaxInboundConnections(int maxInboundConnections) {
            this.maxInboundConnections = maxInboundConnections;
        }

        /** TLS of the server and of the connections to peers. */
        public Ssl getSsl() {
            return ssl;
        }
    }

    /** {@code goakt.remoting.ssl.*}. */
    public static class Ssl {

        /**
         * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose key store holds this node's
         * certificate and key; its trust store, when it has one, makes TLS mutual: peers must present a certificate
         * it trusts. Unset means plain TCP. When the bundle reloads (spring.ssl.bundle.*.*.reload-on-update), new
         * connections use the new material without a restart.
         */
        private String bundle;

        /** Name of the SSL bundle, or {@code null} for plain TCP. */
        public String getBundle() {
            return bundle;
        }

        /** Sets the name of the SSL bundle. */
        public void setBundle(String bundle) {
            this.bundle = bundle;
        }

        /**
         * Whether mutual TLS is required: start-up fails unless goakt.remoting.ssl.bundle names a bundle with a key
         * store and a trust store, so the node never runs plain TCP or one-way TLS; its server then refuses every
         * peer without a certificate the trust store accepts.
         */
        private boolean requireClientCertificate = false;

        /** Whether mutual TLS is required. */
        public boolean isRequireClientCertificate() {
            return requireClientCertificate;
        }

        /** Sets whether mutual TLS is required. */
        public void setRequireClientCertificate(boolean requireClientCertificate) {
            this.requireClientCertificate = requireClientCertificate;
        }
    }

    private final Web web = new Web();

    /** How actor failures reach HTTP clients. */
    public Web getWeb() {
        return web;
    }

    /** {@code goakt.web.*}. */
    public static class Web {

        private final ProblemDetails problemDetails = new ProblemDetails();

        /** The problem details (RFC 9457) that Spring MVC controllers answer for actor failures. */
        public ProblemDetails getProblemDetails() {
            return problemDetails;
        }
    }

    /** {@code goakt.web.problem-details.*}. */
    public static class ProblemDetails {

        /**
         * Whether the problem details of actor failures carry the exception's message as the property
         * exceptionMessage, next to the plain-words detail. The message names internal refs (paths with
         * incarnation ids) and message class names: for development, not for clients on the internet.
         */
        private boolean includeExceptionMessage = false;

        /** Whether problem details carry the exception's message. */
        public boolean isIncludeExceptionMessage() {
            return includeExceptionMessage;
        }

        /** Sets whether problem details carry the exception's message. */
        public void setIncludeExceptionMessage(boolean includeExceptionMessage) {
            this.includeExceptionMessage = includeExceptionMessage;
        }
    }

    private final Actuator actuator = new Actuator();

    /** goakt's Actuator endpoints. */
    public Actuator getActuator() {
        return actuator;
    }

    /** {@code goakt.actuator.*}. */
    public static class Actuator {

        /**
         * Whether the write operations of the actors and cluster endpoints (stop and restart actors, take members
         * out), once enabled with management.endpoint.actors.access or management.endpoint.cluster.access, may run
         * in an application without Spring Security, for anyone who reaches them: for local development only.
         * False (the default) fails start-up when those writes are enabled without Spring Security; with Spring
         * Security they need the role GOAKT_OPERATOR whatever this says.
         */
        private boolean unsecuredWrites = false;

        /** Whether the endpoints' write operations may run without Spring Security. */
        public boolean isUnsecuredWrites() {
            return unsecuredWrites;
        }

        /** Sets {@link #isUnsecuredWrites()}. */
        public void setUnsecuredWrites(boolean unsecuredWrites) {
            this.unsecuredWrites = unsecuredWrites;
        }
    }
}
