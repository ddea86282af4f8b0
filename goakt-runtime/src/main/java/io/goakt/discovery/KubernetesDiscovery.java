package io.goakt.discovery;

import io.goakt.internal.discovery.KubernetesDiscoveryPing;
import io.goakt.internal.util.SetOnce;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Discovery through the Kubernetes API server ({@code goakt.cluster.discovery.type=kubernetes}): the members are the
 * pods of a {@link #namespace() namespace} that match a {@link #labels() label selector}. Each member lists them
 * with its pod's service-account token (the pod's service account needs {@code get} and {@code list} on
 * {@code pods}) and probes every pod that has an IP, ready or not (a member turns ready only after it joined):
 * <ul>
 *   <li>at its container port named {@link #portName()} when one is given, so pods may use different ports;</li>
 *   <li>else at the control port and the next {@link #portRange()} ports. In Kubernetes every pod has its own IP,
 *       so all pods use the same control port and the range stays 0.</li>
 * </ul>
 *
 * <p>Inside a pod the defaults fit: the API server is the one {@code KUBERNETES_SERVICE_HOST} and
 * {@code KUBERNETES_SERVICE_PORT} name, over HTTPS, checked against the CA of the pod's service account, with its
 * token; both files under {@code /var/run/secrets/kubernetes.io/serviceaccount/}. A member refuses to start when
 * the token file is not readable or, over HTTPS, the CA file is not (it never falls back to trusting any server).
 * The API server's answers are read again on every discovery round, so pods that are gone stop being probed.
 *
 * <p>JGroups' {@code KUBE_PING} (artifact {@code org.jgroups.kubernetes:jgroups-kubernetes}, with
 * {@code jakarta.json:jakarta.json-api}) does the work. goakt-runtime declares it optional and
 * goakt-spring-boot-starter brings it; without it {@link Builder#build()} fails naming the artifact.
 *
 * <p>Immutable and thread-safe; {@link #createProtocol} returns a new protocol per call.
 */
public final class KubernetesDiscovery implements Discovery {

    /** The name {@code goakt.cluster.discovery.type} selects this provider by. */
    public static final String TYPE = "kubernetes";
    /** The namespace listed when none is given. */
    public static final String DEFAULT_NAMESPACE = "default";
    /** The service-account token file Kubernetes mounts in a pod. */
    public static final Path DEFAULT_TOKEN_FILE = Path.of(KubernetesDiscoveryPing.SERVICE_ACCOUNT_DIR, "token");
    /** The CA certificate file Kubernetes mounts in a pod. */
    public static final Path DEFAULT_CA_FILE = Path.of(KubernetesDiscoveryPing.SERVICE_ACCOUNT_DIR, "ca.crt");
    /** The largest {@link #portRange()}. */
    public static final int MAX_PORT_RANGE = 100;
    /** The Maven artifact that holds {@code KUBE_PING}. */
    public static final String ARTIFACT = "org.jgroups.kubernetes:jgroups-kubernetes";

    private static final int MAX_PORT = 65535;
    /** A namespace is a DNS label (RFC 1123). */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    /** A container port name: an IANA service name as Kubernetes checks it. */
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?");

    private final URI apiServer;
    private final String namespace;
    private final String labels;
    private final String portName;
    private final int portRange;
    private final Path tokenFile;
    private final Path caFile;

    private KubernetesDiscovery(Builder b) {
        this.apiServer = b.apiServer;
        this.namespace = b.namespace;
        this.labels = b.labels;
        this.portName = b.portName;
        this.portRange = b.portRange;
        this.tokenFile = b.tokenFile;
        this.caFile = b.caFile;
    }

    /** A builder; every setting has a default that fits a member running in a pod. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * The API server's base URL, as {@code https://host:port}; {@code null} (the default) for the one the pod's
     * {@code KUBERNETES_SERVICE_HOST} and {@code KUBERNETES_SERVICE_PORT} name.
     */
    public URI apiServer() {
        return apiServer;
    }

    /** The namespace whose pods are listed; default {@value #DEFAULT_NAMESPACE}. */
    public String namespace() {
        return namespace;
    }

    /**
     * The label selector pods must match, as Kubernetes writes it ({@code app=orders,tier!=canary}); {@code null}
     * (the default) for every pod of the namespace.
     */
    public String labels() {
        return labels;
    }

    /** The container port every pod is probed at, by name; {@code null} (the default) for the control port. */
    public String portName() {
        return portName;
    }

    /** How many ports above the control port members bind and are probed at; default 0. */
    public int portRange() {
        return portRange;
    }

    /** The service-account token file; default {@link #DEFAULT_TOKEN_FILE}. */
    public Path tokenFile() {
        return tokenFile;
    }

    /**
     * The CA certificate file (PEM) the API server's certificate is checked against; default
     * {@link #DEFAULT_CA_FILE}.
     */
    public Path caFile() {
        return caFile;
    }

    /**
     * A {@code KUBE_PING} for one member. The files and the API server are checked when the member's stack starts.
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
        return KubernetesDiscoveryPing.create(apiServer, namespace, labels, portName, portRange, tokenFile, caFile);
    }

    @Override
    public String toString() {
        return "KubernetesDiscovery[apiServer=" + (apiServer == null ? "pod's" : apiServer) + ", namespace="
                + namespace + ", labels=" + labels + ", portName=" + portName + ", portRange=" + portRange + "]";
    }

    /** Fails naming {@link #ARTIFACT} when {@code loader} cannot load {@code KUBE_PING} or the JSON API. */
    static void requireLibrary(ClassLoader loader) {
        for (String type : new String[] {"org.jgroups.protocols.kubernetes.KUBE_PING", "jakarta.json.Json"}) {
            try {
                Class.forName(type, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalStateException("kubernetes discovery needs " + ARTIFACT + " (3.0 or later) and "
                        + "jakarta.json:jakarta.json-api on the class path; " + type + " is missing (goakt-runtime "
                        + "declares them optional; goakt-spring-boot-starter brings them)", e);
            }
        }
    }

    /**
     * Collects the settings; each may be set once (a second call fails naming the value already set), values are
     * checked as they come and cross-field rules in {@link #build()}.
     *
     * <p>Threading: one thread.
     */
    public static final class Builder {
        private URI apiServer;
        private String namespace = DEFAULT_NAMESPACE;
        private String labels;
        private String portName;
        private int portRange;
        private Path tokenFile = DEFAULT_TOKEN_FILE;
        private Path caFile = DEFAULT_CA_FILE;

        private final SetOnce given = SetOnce.reusable();

        private Builder() {
        }

        /**
         * See {@link KubernetesDiscovery#apiServer()}: {@code https://host:port} ({@code http} only for a local
         * test server: the token would travel in clear text).
         *
         * @throws IllegalArgumentException when {@code url} is not an http or https URL with a host
         */
        public Builder apiServer(String url) {
            Objects.requireNonNull(url, "apiServer");
            URI uri;
            try {
                uri = new URI(url.trim());
            } catch (URISyntaxException e) {
                throw badApiServer(url);
            }
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw badApiServer(url);
            }
            if (uri.getPort() == -1) {
                int port = "https".equals(uri.getScheme()) ? 443 : 80;
                uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + ":" + port
                        + (uri.getRawPath() == null ? "" : uri.getRawPath()));
            }
            given.claim("apiServer", this.apiServer);
            this.apiServer = uri;
            return this;
        }

        /**
         * See {@link KubernetesDiscovery#namespace()}.
         *
         * @throws IllegalArgumentException when {@code namespace} is not a DNS label (lowercase letters, digits and
         *                                  '-', at most 63)
         */
        public Builder namespace(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            String trimmed = namespace.trim();
            if (!DNS_LABEL.matcher(trimmed).matches()) {
                throw new IllegalArgumentException("namespace must be a Kubernetes namespace name (lowercase letters, "
                        + "digits and '-', starting and ending with a letter or digit, at most 63), was '" + namespace
                        + "'");
            }
            given.claim("namespace", this.namespace);
            this.namespace = trimmed;
            return this;
        }

        /**
         * See {@link KubernetesDiscovery#labels()}.
         *
         * @throws IllegalArgumentException when {@code selector} is blank or holds a control character (the API
         *                                  server checks its syntax and answers a bad selector with an error that
         *                                  discovery logs)
         */
        public Builder labels(String selector) {
            Objects.requireNonNull(selector, "labels");
            String trimmed = selector.trim();
            if (trimmed.isEmpty() || trimmed.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("labels must be a Kubernetes label selector such as "
                        + "'app=orders' or 'app=orders,tier!=canary', was '" + selector + "'");
            }
            given.claim("labels", this.labels);
            this.labels = trimmed;
            return this;
        }

        /**
         * See {@link KubernetesDiscovery#portName()}.
         *
         * @throws IllegalArgumentException when {@code name} is not a container port name (lowercase letters,
         *                                  digits and '-', at most 15)
         */
        public Builder portName(String name) {
            Objects.requireNonNull(name, "portName");
            String trimmed = name.trim();
            if (!PORT_NAME.matcher(trimmed).matches() || trimmed.chars().noneMatch(Character::isLetter)) {
                throw new IllegalArgumentException("portName must be a container port name (lowercase letters, digits "
                        + "and '-', at least one letter, at most 15), was '" + name + "'");
            }
            given.claim("portName", this.portName);
            this.portName = trimmed;
            return this;
        }

        /**
         * See {@link KubernetesDiscovery#portRange()}.
         *
         * @throws IllegalArgumentException when {@code ports} is not within
         *                                  [0, {@value KubernetesDiscovery#MAX_PORT_RANGE}]
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

        /** See {@link KubernetesDiscovery#tokenFile()}. */
        public Builder tokenFile(Path file) {
            this.tokenFile = given.set("tokenFile", this.tokenFile, file);
            return this;
        }

        /** See {@link KubernetesDiscovery#caFile()}. */
        public Builder caFile(Path file) {
            this.caFile = given.set("caFile", this.caFile, file);
            return this;
        }

        /**
         * The provider.
         *
         * @throws IllegalStateException when a port range was given with a port name, or {@value #ARTIFACT} is not
         *                               on the class path
         */
        public KubernetesDiscovery build() {
            if (portName != null && portRange != 0) {
                throw new IllegalStateException("portRange must be 0 with portName (each pod is probed at its port "
                        + "named " + portName + "), was " + portRange);
            }
            requireLibrary(KubernetesDiscovery.class.getClassLoader());
            return new KubernetesDiscovery(this);
        }

        private static IllegalArgumentException badApiServer(String url) {
            return new IllegalArgumentException("apiServer must be an https (or, for a local test server, http) URL "
                    + "such as https://10.96.0.1:443, was '" + url + "'");
        }
    }
}
