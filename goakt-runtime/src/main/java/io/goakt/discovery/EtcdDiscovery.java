package io.goakt.discovery;

import io.goakt.internal.discovery.EtcdDiscoveryPing;
import io.goakt.internal.util.SetOnce;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Discovery through etcd ({@code goakt.cluster.discovery.type=etcd}): each member writes its address under
 * {@code <prefix>/<cluster>/<member>} with a lease of {@link #ttl()} that it keeps alive, and finds the others by
 * listing {@code <prefix>/<cluster>/}. A member that dies stops renewing its lease, so its key expires within the
 * ttl; a member that leaves deletes it at once. When etcd loses a member's lease (it ran out while etcd was
 * unreachable, or etcd restarted without its data) the member takes a new one and writes its key again.
 *
 * <p>An etcd that cannot be reached does not fail a member that starts: discovery finds no one until etcd answers,
 * and the member then writes its key and meets the others. A formed cluster does not need etcd.
 *
 * <p>It talks to etcd's v3 JSON gateway (etcd 3.3 and later) over HTTP, trying the {@link #endpoints()} in turn
 * when one cannot be reached. With a {@link Builder#credentials user} it authenticates; {@code https} endpoints use
 * the {@link Builder#sslContext SSL context} given, else the JDK's default trust.
 *
 * <p>Immutable and thread-safe; {@link #createProtocol} returns a new protocol per call.
 */
public final class EtcdDiscovery implements Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by. */
    public static final String TYPE = "etcd";
    /** The endpoint used when none is given. */
    public static final String DEFAULT_ENDPOINT = "http://127.0.0.1:2379";
    /** The key prefix used when none is given. */
    public static final String DEFAULT_PREFIX = "/goakt/discovery";
    /** The lease ttl used when none is given. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** The shortest ttl: etcd itself grants no lease shorter than about two seconds. */
    public static final Duration MIN_TTL = Duration.ofSeconds(2);

    private final List<URI> endpoints;
    private final String prefix;
    private final Duration ttl;
    private final String username;
    private final String password;
    private final SSLContext sslContext;

    private EtcdDiscovery(Builder b) {
        this.endpoints = b.endpoints == null ? List.of(URI.create(DEFAULT_ENDPOINT)) : b.endpoints;
        this.prefix = b.prefix;
        this.ttl = b.ttl;
        this.username = b.username;
        this.password = b.password;
        this.sslContext = b.sslContext;
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The etcd endpoints, e.g. {@code http://10.0.0.5:2379}; default {@value #DEFAULT_ENDPOINT}. */
    public List<URI> endpoints() {
        return endpoints;
    }

    /** The key prefix, starting with {@code /} and without a trailing one; default {@value #DEFAULT_PREFIX}. */
    public String prefix() {
        return prefix;
    }

    /** How long a member's key outlives its member's last renewal; whole seconds, default 10 s. */
    public Duration ttl() {
        return ttl;
    }

    /** The etcd user, or {@code null} without authentication. */
    public String username() {
        return username;
    }

    /** Whether an SSL context was given for {@code https} endpoints. */
    public boolean hasSslContext() {
        return sslContext != null;
    }

    @Override
    public org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context) {
        Objects.requireNonNull(context, "context");
        return new EtcdDiscoveryPing(endpoints, prefix, ttl.toSeconds(), username, password, sslContext);
    }

    @Override
    public String toString() {
        return "EtcdDiscovery[endpoints=" + endpoints + ", prefix=" + prefix + ", ttl=" + ttl
                + (username == null ? "" : ", user=" + username) + "]";
    }

    /**
     * Collects the settings; each may be set once (a second call fails naming the value already set) and is
     * checked as it comes.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private List<URI> endpoints;
        private String prefix = DEFAULT_PREFIX;
        private Duration ttl = DEFAULT_TTL;
        private String username;
        private String password;
        private SSLContext sslContext;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /**
         * See {@link EtcdDiscovery#endpoints()}: one or more {@code http://host:port} or {@code https://host:port}.
         *
         * @throws IllegalArgumentException naming the first entry that is not such a URI, or when none is given
         */
        public Builder endpoints(List<String> endpoints) {
            Objects.requireNonNull(endpoints, "endpoints");
            if (endpoints.isEmpty()) {
                throw new IllegalArgumentException("endpoints must list at least one etcd endpoint, e.g. "
                        + DEFAULT_ENDPOINT);
            }
            List<URI> parsed = new ArrayList<>();
            for (String endpoint : endpoints) {
                parsed.add(parseEndpoint(endpoint));
            }
            given.claim("endpoints", this.endpoints);
            this.endpoints = List.copyOf(parsed);
            return this;
        }

        /**
         * See {@link EtcdDiscovery#prefix()}.
         *
         * @throws IllegalArgumentException when it does not start with {@code /}, ends with one, or holds white space
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix");
            if (!prefix.startsWith("/") || prefix.length() < 2 || prefix.endsWith("/")
                    || prefix.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("prefix must start with '/', not end with '/' and hold no white "
                        + "space, e.g. " + DEFAULT_PREFIX + ", was '" + prefix + "'");
            }
            this.prefix = given.set("prefix", this.prefix, prefix);
            return this;
        }

        /**
         * See {@link EtcdDiscovery#ttl()}.
         *
         * @throws IllegalArgumentException when it is shorter than {@link #MIN_TTL} or not whole seconds
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.compareTo(MIN_TTL) < 0 || ttl.toMillis() % 1000 != 0) {
                throw new IllegalArgumentException("ttl must be whole seconds and at least " + MIN_TTL.toSeconds()
                        + " s, was " + ttl);
            }
            this.ttl = given.set("ttl", this.ttl, ttl);
            return this;
        }

        /**
         * Authenticates as {@code username} with {@code password}.
         *
         * @throws IllegalArgumentException when the user name is empty
         */
        public Builder credentials(String username, String password) {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.isBlank()) {
                throw new IllegalArgumentException("username must not be empty");
            }
            given.claim("username", this.username);
            this.username = username;
            this.password = password;
            return this;
        }

        /** The SSL context {@code https} endpoints use (trust, and a client certificate if etcd asks for one). */
        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = given.set("sslContext", this.sslContext, Objects.requireNonNull(sslContext));
            return this;
        }

        /** The provider. */
        public EtcdDiscovery build() {
            return new EtcdDiscovery(this);
        }

        private static URI parseEndpoint(String endpoint) {
            if (endpoint == null) {
                throw badEndpoint(null);
            }
            URI uri;
            try {
                uri = new URI(endpoint.trim());
            } catch (URISyntaxException e) {
                throw badEndpoint(endpoint);
            }
            boolean scheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!scheme || uri.getHost() == null || uri.getPort() < 1 || !bare || uri.getRawQuery() != null) {
                throw badEndpoint(endpoint);
            }
            return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
        }

        private static IllegalArgumentException badEndpoint(String endpoint) {
            return new IllegalArgumentException("endpoints entries must be http://host:port or https://host:port, "
                    + "e.g. " + DEFAULT_ENDPOINT + ", was '" + endpoint + "'");
        }
    }
}
