package io.goakt.spring.internal;

import io.goakt.discovery.KubernetesDiscovery;
import io.goakt.discovery.MulticastDiscovery;
import io.goakt.spring.autoconfigure.KubernetesDiscoveryProperties;
import io.goakt.spring.autoconfigure.MulticastDiscoveryProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Builds the {@code kubernetes} and {@code multicast} discovery providers from their properties for
 * {@link ClusterConfigFactory}. The rules are the runtime builders' own: each key is handed to its builder method,
 * and a refusal becomes an {@link InvalidConfigurationPropertyValueException} naming the key, with the builder's
 * reason. Every key given is checked, whichever discovery type is chosen; an empty optional key (labels, port-name,
 * api-server, interface) counts as unset, as YAML writes a key without a value.
 */
final class KubernetesMulticastDiscoveryFactory {

    private static final String KUBERNETES = "goakt.cluster.discovery.kubernetes.";
    private static final String MULTICAST = "goakt.cluster.discovery.multicast.";

    private KubernetesMulticastDiscoveryFactory() {
    }

    /**
     * The kubernetes provider of {@code p}.
     *
     * @param chosen whether {@code goakt.cluster.discovery.type} is {@code kubernetes}: only then is the library
     *               required (its absence fails naming the type key)
     */
    static KubernetesDiscovery kubernetes(KubernetesDiscoveryProperties p, boolean chosen) {
        KubernetesDiscovery.Builder b = KubernetesDiscovery.builder();
        apply(KUBERNETES + "namespace", p.getNamespace(), () -> b.namespace(p.getNamespace()));
        if (hasText(p.getLabels())) {
            apply(KUBERNETES + "labels", p.getLabels(), () -> b.labels(p.getLabels()));
        }
        if (hasText(p.getPortName())) {
            apply(KUBERNETES + "port-name", p.getPortName(), () -> b.portName(p.getPortName()));
        }
        apply(KUBERNETES + "port-range", p.getPortRange(), () -> b.portRange(p.getPortRange()));
        if (hasText(p.getApiServer())) {
            apply(KUBERNETES + "api-server", p.getApiServer(), () -> b.apiServer(p.getApiServer()));
        }
        apply(KUBERNETES + "token-file", p.getTokenFile(), () -> b.tokenFile(path(p.getTokenFile())));
        apply(KUBERNETES + "ca-file", p.getCaFile(), () -> b.caFile(path(p.getCaFile())));
        if (hasText(p.getPortName()) && p.getPortRange() != 0) {
            throw new InvalidConfigurationPropertyValueException(KUBERNETES + "port-range", p.getPortRange(),
                    "must be 0 with " + KUBERNETES + "port-name: each pod is probed at its port of that name");
        }
        if (!chosen) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalStateException e) {
            throw new InvalidConfigurationPropertyValueException("goakt.cluster.discovery.type", "kubernetes",
                    e.getMessage());
        }
    }

    /** The multicast provider of {@code p}. */
    static MulticastDiscovery multicast(MulticastDiscoveryProperties p) {
        MulticastDiscovery.Builder b = MulticastDiscovery.builder();
        apply(MULTICAST + "group", p.getGroup(), () -> b.group(p.getGroup()));
        apply(MULTICAST + "port", p.getPort(), () -> b.port(p.getPort()));
        apply(MULTICAST + "ttl", p.getTtl(), () -> b.ttl(p.getTtl()));
        if (hasText(p.getInterface())) {
            apply(MULTICAST + "interface", p.getInterface(), () -> b.networkInterface(p.getInterface()));
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(MULTICAST + "interface", p.getInterface(),
                    e.getMessage());
        }
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static Path path(String file) {
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException("must be a file path");
        }
        try {
            return Path.of(file.trim());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("must be a file path: " + e.getMessage());
        }
    }

    private static void apply(String key, Object value, Supplier<Object> setting) {
        if (value == null) {
            throw new InvalidConfigurationPropertyValueException(key, null, "must be set");
        }
        try {
            setting.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(key, value, e.getMessage());
        }
    }
}
