package io.goakt.spring.internal;

import io.goakt.discovery.EtcdDiscovery;
import io.goakt.discovery.NatsDiscovery;
import io.goakt.spring.autoconfigure.EtcdDiscoveryProperties;
import io.goakt.spring.autoconfigure.NatsDiscoveryProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundles;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code etcd} and {@code nats} providers from {@code goakt.cluster.discovery.etcd.*} and
 * {@code goakt.cluster.discovery.nats.*}. The runtime builders check each value; a value they refuse fails with an
 * {@link InvalidConfigurationPropertyValueException} naming the key and carrying the builder's reason (the allowed
 * forms).
 */
public final class ServerDiscoveryFactory {

    private static final String ETCD = "goakt.cluster.discovery.etcd.";
    private static final String NATS = "goakt.cluster.discovery.nats.";

    private ServerDiscoveryFactory() {
    }

    /**
     * The etcd provider.
     *
     * @param sslContexts the JSSE context of an SSL bundle by name, for
     *                    {@code goakt.cluster.discovery.etcd.ssl.bundle}; {@code null} to check the other keys only
     */
    public static EtcdDiscovery etcd(EtcdDiscoveryProperties p, Function<String, SSLContext> sslContexts) {
        EtcdDiscovery.Builder b = EtcdDiscovery.builder();
        set(ETCD + "endpoints", p.getEndpoints(), v -> b.endpoints(trimmed(v)));
        set(ETCD + "prefix", p.getPrefix(), v -> b.prefix(v.trim()));
        set(ETCD + "ttl", p.getTtl(), b::ttl);
        boolean user = hasText(p.getUsername());
        if (user != hasText(p.getPassword())) {
            String key = user ? "password" : "username";
            throw new InvalidConfigurationPropertyValueException(ETCD + key, null, ETCD + key + " must be set with "
                    + ETCD + (user ? "username" : "password") + ": etcd authenticates a user by both");
        }
        if (user) {
            set(ETCD + "username", p.getUsername(), v -> b.credentials(v.trim(), p.getPassword()));
        }
        if (sslContexts != null && hasText(p.getSsl().getBundle())) {
            b.sslContext(sslContexts.apply(p.getSsl().getBundle().trim()));
        }
        return b.build();
    }

    /** The NATS provider. */
    public static NatsDiscovery nats(NatsDiscoveryProperties p) {
        NatsDiscovery.Builder b = NatsDiscovery.builder();
        set(NATS + "servers", p.getServers(), v -> b.servers(trimmed(v)));
        set(NATS + "subject", p.getSubject(), v -> b.subject(v.trim()));
        if (hasText(p.getCredentials())) {
            set(NATS + "credentials", p.getCredentials(), v -> b.credentials(Path.of(v.trim())));
        }
        return b.build();
    }

    /**
     * The JSSE context of bundle {@code name} for etcd's https endpoints; fails naming
     * {@code goakt.cluster.discovery.etcd.ssl.bundle} when there is no such bundle.
     *
     * @param bundles the application's bundles, or {@code null} when SSL bundle support is absent
     */
    public static SSLContext etcdSslContext(SslBundles bundles, String name) {
        String key = ETCD + "ssl.bundle";
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException(key, name, key + " names a bundle but the"
                    + " application has no SSL bundles (spring.ssl.bundle.*); declare one or remove the key");
        }
        try {
            return bundles.getBundle(name).createSslContext();
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException(key, name, key + " names no SSL bundle; known"
                    + " bundles (spring.ssl.bundle.*): " + bundles.getBundleNames());
        }
    }

    private static <T> void set(String key, T value, Consumer<T> setter) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(key, null, key + " must not be empty");
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(key, value, key + ": " + e.getMessage());
        }
    }

    private static List<String> trimmed(List<String> values) {
        return values.stream().map(v -> v == null ? null : v.trim()).toList();
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }
}
