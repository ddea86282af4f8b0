package io.goakt.discovery;

import io.goakt.internal.discovery.NatsDiscoveryPing;
import io.goakt.internal.util.SetOnce;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Discovery through NATS ({@code goakt.cluster.discovery.type=nats}), with the official client:
 * <ul>
 *   <li>every member subscribes to {@code <subject>.<cluster>} and answers each request there with its address;
 *       a member looking for the others publishes a request with a reply inbox and collects the answers that come
 *       within {@link #answerWindow()}. A member that dies stops answering with its connection;</li>
 *   <li>where the server runs JetStream ({@code nats-server -js}), every member also keeps its address in the
 *       key-value bucket named after the subject (dots become {@code _}), whose entries live {@link #ttl()}
 *       unless refreshed (every third of it); members list the bucket too.</li>
 * </ul>
 * A server that cannot be reached does not fail a member that starts: the client keeps trying, and discovery finds
 * no one until it connects. The client reconnects without limit when the server goes away; subscriptions come back
 * with the connection, and
 * the next refresh recreates the bucket and puts the member's entry again when the server lost them. A formed
 * cluster does not need the server: membership runs over the members' own connections.
 *
 * <p>Immutable and thread-safe; {@link #createProtocol} returns a new protocol per call.
 */
public final class NatsDiscovery implements Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by. */
    public static final String TYPE = "nats";
    /** The server used when none is given. */
    public static final String DEFAULT_SERVER = "nats://127.0.0.1:4222";
    /** The subject prefix used when none is given. */
    public static final String DEFAULT_SUBJECT = "goakt.discovery";
    /** The key-value ttl used when none is given. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(10);
    /** The answer window used when none is given. */
    public static final Duration DEFAULT_ANSWER_WINDOW = Duration.ofMillis(300);

    private final List<String> servers;
    private final String subject;
    private final Path credentials;
    private final Duration ttl;
    private final Duration answerWindow;

    private NatsDiscovery(Builder b) {
        this.servers = b.servers == null ? List.of(DEFAULT_SERVER) : b.servers;
        this.subject = b.subject;
        this.credentials = b.credentials;
        this.ttl = b.ttl;
        this.answerWindow = b.answerWindow;
    }

    /** A builder; every setting has a default. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** The NATS servers, e.g. {@code nats://10.0.0.7:4222}; default {@value #DEFAULT_SERVER}. */
    public List<String> servers() {
        return servers;
    }

    /** The subject prefix requests go to and the bucket is named after; default {@value #DEFAULT_SUBJECT}. */
    public String subject() {
        return subject;
    }

    /** The NATS credentials file ({@code .creds}: a user JWT and NKey seed), or {@code null}. */
    public Path credentials() {
        return credentials;
    }

    /** How long a key-value entry outlives its member's last refresh; default 10 s. */
    public Duration ttl() {
        return ttl;
    }

    /** How long one discovery round collects answers; default 300 ms. */
    public Duration answerWindow() {
        return answerWindow;
    }

    @Override
    public org.jgroups.protocols.Discovery createProtocol(DiscoveryContext context) {
        Objects.requireNonNull(context, "context");
        return new NatsDiscoveryPing(servers, subject, credentials == null ? null : credentials.toString(), ttl,
                answerWindow);
    }

    @Override
    public String toString() {
        return "NatsDiscovery[servers=" + servers + ", subject=" + subject + ", ttl=" + ttl
                + (credentials == null ? "" : ", credentials=" + credentials) + "]";
    }

    /**
     * Collects the settings; each may be set once (a second call fails naming the value already set) and is
     * checked as it comes.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private List<String> servers;
        private String subject = DEFAULT_SUBJECT;
        private Path credentials;
        private Duration ttl = DEFAULT_TTL;
        private Duration answerWindow = DEFAULT_ANSWER_WINDOW;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /**
         * See {@link NatsDiscovery#servers()}: one or more {@code nats://host:port} or {@code tls://host:port}.
         *
         * @throws IllegalArgumentException naming the first entry that is not such a URL, or when none is given
         */
        public Builder servers(List<String> servers) {
            Objects.requireNonNull(servers, "servers");
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("servers must list at least one NATS server, e.g. "
                        + DEFAULT_SERVER);
            }
            List<String> parsed = new ArrayList<>();
            for (String server : servers) {
                parsed.add(parseServer(server));
            }
            given.claim("servers", this.servers);
            this.servers = List.copyOf(parsed);
            return this;
        }

        /**
         * See {@link NatsDiscovery#subject()}: tokens of letters, digits, {@code -} and {@code _} separated by dots.
         *
         * @throws IllegalArgumentException when it is not such a subject
         */
        public Builder subject(String subject) {
            Objects.requireNonNull(subject, "subject");
            if (!subject.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
                throw new IllegalArgumentException("subject must be tokens of letters, digits, '-' and '_' "
                        + "separated by dots (no wildcards), e.g. " + DEFAULT_SUBJECT + ", was '" + subject + "'");
            }
            this.subject = given.set("subject", this.subject, subject);
            return this;
        }

        /**
         * See {@link NatsDiscovery#credentials()}.
         *
         * @throws IllegalArgumentException when the file cannot be read
         */
        public Builder credentials(Path file) {
            Objects.requireNonNull(file, "credentials");
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new IllegalArgumentException("credentials must be a readable NATS credentials file, was '"
                        + file + "'");
            }
            this.credentials = given.set("credentials", this.credentials, file);
            return this;
        }

        /**
         * See {@link NatsDiscovery#ttl()}.
         *
         * @throws IllegalArgumentException when it is shorter than one second
         */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("ttl must be at least 1 s, was " + ttl);
            }
            this.ttl = given.set("ttl", this.ttl, ttl);
            return this;
        }

        /**
         * See {@link NatsDiscovery#answerWindow()}.
         *
         * @throws IllegalArgumentException when it is not within [10 ms, 10 s]
         */
        public Builder answerWindow(Duration window) {
            Objects.requireNonNull(window, "answerWindow");
            if (window.compareTo(Duration.ofMillis(10)) < 0 || window.compareTo(Duration.ofSeconds(10)) > 0) {
                throw new IllegalArgumentException("answerWindow must be within [10 ms, 10 s], was " + window);
            }
            this.answerWindow = given.set("answerWindow", this.answerWindow, window);
            return this;
        }

        /** The provider. */
        public NatsDiscovery build() {
            return new NatsDiscovery(this);
        }

        private static String parseServer(String server) {
            if (server == null) {
                throw badServer(null);
            }
            URI uri;
            try {
                uri = new URI(server.trim());
            } catch (URISyntaxException e) {
                throw badServer(server);
            }
            boolean scheme = "nats".equals(uri.getScheme()) || "tls".equals(uri.getScheme());
            boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty();
            if (!scheme || uri.getHost() == null || uri.getPort() < 1 || !bare || uri.getRawQuery() != null) {
                throw badServer(server);
            }
            return uri.toString();
        }

        private static IllegalArgumentException badServer(String server) {
            return new IllegalArgumentException("servers entries must be nats://host:port or tls://host:port, e.g. "
                    + DEFAULT_SERVER + ", was '" + server + "'");
        }
    }
}
