package io.goakt.spring.internal;

import io.goakt.actor.Actor;
import io.goakt.actor.SpawnOptions;
import io.goakt.internal.util.Limits;
import io.goakt.remote.Compression;
import io.goakt.remote.RemoteMetrics;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.TlsSettings;
import io.goakt.serialization.Serialization;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.goakt.spring.RemotingCustomizer;
import io.goakt.spring.autoconfigure.GoaktProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns {@code goakt.remoting.*} properties, the application's {@code @ActorComponent} kinds and the customizers into
 * a {@link RemotingConfig}. Every bad value fails with an {@link InvalidConfigurationPropertyValueException} naming
 * the key and what it accepts, so Spring Boot's failure analysis shows it at start-up.
 */
public final class RemotingConfigFactory {

    private static final Logger LOG = LoggerFactory.getLogger(RemotingConfigFactory.class);
    private static final String PREFIX = "goakt.remoting.";
    private static final int MAX_PORT = Limits.MAX_PORT;
    /** The heartbeat interval of remoting's connections, which the idle timeout must exceed. */
    private static final Duration HEARTBEAT_INTERVAL = RemotingConfig.builder().build().heartbeatInterval();

    private RemotingConfigFactory() {
    }

    /**
     * Checks the properties and builds the config. Order: properties, TLS, the serialization customizers' types,
     * the kinds (each spawn asks {@code beanFactory} for a fresh prototype bean and uses the kind's spawn options,
     * so a remotely spawned actor gets its {@code @ActorComponent}'s mailbox, dispatcher, supervisor and
     * passivation as a local one does), then the remoting customizers.
     *
     * <p>Last, the {@code metrics} (the application's {@link RemoteMetrics} beans and the starter's own) become the
     * config's metrics hook, all of them in order, unless a customizer set one: then they are left out with a
     * warning, because the hook may be set once.
     *
     * @param tls         resolves {@code goakt.remoting.ssl.bundle} to TLS settings; called only when the key is set
     * @param kindOptions the spawn options of each kind
     * @param metrics     metrics hooks to install, possibly none
     */
    public static RemotingConfig create(GoaktProperties.Remoting properties, Function<String, TlsSettings> tls,
                                        ActorKinds kinds, Function<ActorKind, SpawnOptions> kindOptions,
                                        BeanFactory beanFactory,
                                        List<RemoteSerializationCustomizer> serializationCustomizers,
                                        List<RemotingCustomizer> customizers, List<RemoteMetrics> metrics) {
        List<Compression> compression = validate(properties);
        RemotingConfig.Builder builder = RemotingConfig.builder()
                .host(properties.getHost().trim())
                .port(properties.getPort())
                .maxFrameSize((int) properties.getMaxFrameSize().toBytes())
                .idleTimeout(properties.getIdleTimeout())
                .maxInboundConnections(properties.getMaxInboundConnections())
                .compression(compression.toArray(Compression[]::new));
        if (hasText(properties.getAdvertisedHost())) {
            builder.advertisedHost(properties.getAdvertisedHost().trim());
        }
        if (properties.getAdvertisedPort() != null) {
            builder.advertisedPort(properties.getAdvertisedPort());
        }
        String bundle = properties.getSsl().getBundle();
        if (hasText(bundle)) {
            builder.tls(tls.apply(bundle.trim()));
        } else if (properties.getSsl().isRequireClientCertificate()) {
            throw invalid("ssl.require-client-certificate", true, "needs goakt.remoting.ssl.bundle to name an SSL"
                    + " bundle with a key store and a trust store (spring.ssl.bundle.*); without one remoting would"
                    + " run plain TCP");
        }
        Serialization.Builder types = Serialization.builder();
        for (RemoteSerializationCustomizer customizer : serializationCustomizers) {
            customizer.customize(types);
        }
        builder.serialization(types.build());
        for (ActorKind kind : kinds.all()) {
            String bean = kind.beanName();
            builder.kind(kind.name(), () -> beanFactory.getBean(bean, Actor.class), kindOptions.apply(kind));
        }
        for (RemotingCustomizer customizer : customizers) {
            try {
                customizer.customize(builder);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("RemotingCustomizer " + customizer.getClass().getName()
                        + " failed: " + e.getMessage() + ". Host, port, advertised host and port, max frame size,"
                        + " idle timeout, max inbound connections, compression and TLS are set through goakt.remoting.* properties, message types through"
                        + " RemoteSerializationCustomizer beans, and @ActorComponent kinds are registered already.",
                        e);
            }
        }
        RemotingConfig config = builder.build();
        if (metrics.isEmpty()) {
            return config;
        }
        if (config.metrics() != RemoteMetrics.NONE) {
            LOG.warn("a RemotingCustomizer set the remoting metrics hook, so the RemoteMetrics beans {} are not"
                    + " installed (the per-member goakt.cluster.peer.* meters among them); declare that hook as a"
                    + " RemoteMetrics bean instead, and every bean is called", metrics);
            return config;
        }
        return builder.metrics(metrics.size() == 1 ? metrics.get(0) : new CompositeRemoteMetrics(metrics)).build();
    }

    /** Checks every bound value; returns the compressions in order of preference. */
    public static List<Compression> validate(GoaktProperties.Remoting properties) {
        if (Limits.hostProblem(properties.getHost() == null ? null : properties.getHost().trim(), "host") != null) {
            throw invalid("host", properties.getHost(), "must be an IP address or a host name of at most "
                    + Limits.MAX_HOST_LENGTH + " characters, for example 0.0.0.0");
        }
        String advertisedHost = properties.getAdvertisedHost();
        if (hasText(advertisedHost) && Limits.hostProblem(advertisedHost.trim(), "advertised host") != null) {
            throw invalid("advertised-host", advertisedHost, "must be an IP address or a host name of at most "
                    + Limits.MAX_HOST_LENGTH + " characters, or be left out to advertise the host");
        }
        int port = properties.getPort();
        if (port < 0 || port > MAX_PORT) {
            throw invalid("port", port, "must be between 0 and " + MAX_PORT + " (0 picks a free port)");
        }
        Integer advertisedPort = properties.getAdvertisedPort();
        if (advertisedPort != null && (advertisedPort < 1 || advertisedPort > MAX_PORT)) {
            throw invalid("advertised-port", advertisedPort,
                    "must be between 1 and " + MAX_PORT + ", or be left out to advertise the bound port");
        }
        DataSize frame = properties.getMaxFrameSize();
        if (frame == null || Limits.frameSizeProblem(frame.toBytes()) != null) {
            throw invalid("max-frame-size", frame, "must be between 1KB and 1GB, for example 4MB");
        }
        Duration idle = properties.getIdleTimeout();
        if (idle == null || Limits.timeoutProblem(idle, "idle-timeout") != null
                || idle.compareTo(HEARTBEAT_INTERVAL) <= 0) {
            throw invalid("idle-timeout", idle, "must be longer than the " + HEARTBEAT_INTERVAL.toSeconds()
                    + "s heartbeat interval and at most 24 days, for example 10s");
        }
        if (properties.getMaxInboundConnections() < 1) {
            throw invalid("max-inbound-connections", properties.getMaxInboundConnections(),
                    "must be at least 1, for example 1024");
        }
        return compressions(properties.getCompression());
    }

    private static List<Compression> compressions(List<String> names) {
        String allowed = Arrays.stream(Compression.values()).map(Compression::wireName)
                .collect(Collectors.joining(", "));
        if (names == null || names.isEmpty()) {
            throw invalid("compression", names, "must list at least one of: " + allowed);
        }
        List<Compression> result = new ArrayList<>();
        for (String name : names) {
            Compression match = null;
            for (Compression c : Compression.values()) {
                if (name != null && c.wireName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                    match = c;
                }
            }
            if (match == null) {
                throw invalid("compression", String.join(",", names), "has '" + name + "'; allowed: " + allowed);
            }
            if (result.contains(match)) {
                throw invalid("compression", String.join(",", names), "names '" + name + "' twice");
            }
            result.add(match);
        }
        return result;
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    static InvalidConfigurationPropertyValueException invalid(String key, Object value, String reason) {
        return new InvalidConfigurationPropertyValueException(PREFIX + key, value, PREFIX + key + " " + reason);
    }
}
