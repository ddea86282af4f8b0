package io.goakt.spring.internal;

import io.goakt.remote.TlsSettings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Remoting {@link TlsSettings} from a Spring Boot {@link SslBundle}: the bundle's key managers are this node's
 * identity on both sides (server certificate, client certificate), its trust managers check peers, and its options
 * (enabled protocols, ciphers) apply to both contexts. A bundle with a trust store makes TLS mutual: the server
 * requires a client certificate. Without one, clients check the server against the JVM's default trust and the
 * server asks for no certificate.
 *
 * <p>{@link #clusterContext} gives the cluster's control plane a JSSE context from a bundle the same way.
 *
 * <p>Remoting follows the bundle when Spring reloads it ({@code spring.ssl.bundle.<type>.<name>.reload-on-update}):
 * the update handler builds new contexts from the new material, and every connection made after uses them, while open
 * connections keep theirs. New material that cannot make a context, or that drops the trust store a required mutual
 * TLS needs, is refused with an error in the log and the previous contexts stay. The cluster's control plane takes
 * one {@link SSLContext} at start-up; its key and trust managers delegate to the bundle's current ones
 * ({@link ReloadingSslContext}), so its handshakes follow the reloads too.
 */
public final class SslBundleTls {

    private static final Logger LOG = LoggerFactory.getLogger(SslBundleTls.class);
    private static final String KEY = "goakt.remoting.ssl.bundle";
    private static final String REQUIRE_KEY = "goakt.remoting.ssl.require-client-certificate";
    private static final String CLUSTER_KEY = "goakt.cluster.ssl.bundle";

    private SslBundleTls() {
    }

    /**
     * The settings of bundle {@code name}, following the bundle's reloads; fails naming
     * {@code goakt.remoting.ssl.bundle} and the known bundles when there is no such bundle, or the bundle has no key
     * store, and naming {@code goakt.remoting.ssl.require-client-certificate} when mutual TLS is required and the
     * bundle has no trust store.
     *
     * @param bundles       the application's bundles, or {@code null} when SSL bundle support is absent
     * @param requireMutual whether the bundle must make TLS mutual
     */
    public static TlsSettings from(SslBundles bundles, String name, boolean requireMutual) {
        TlsSettings initial = contexts(bundle(bundles, name, KEY), name, requireMutual);
        AtomicReference<TlsSettings> current = new AtomicReference<>(initial);
        bundles.addBundleUpdateHandler(name, updated -> {
            try {
                current.set(contexts(updated, name, requireMutual));
                LOG.info("SSL bundle '{}' ({}) was reloaded: new remoting connections use its new material", name,
                        KEY);
            } catch (RuntimeException e) {
                LOG.error("SSL bundle '{}' ({}) was reloaded but its new material is refused, remoting keeps the"
                        + " previous certificates: {}", name, KEY, e.getMessage());
            }
        });
        return TlsSettings.reloading(current::get);
    }

    private static TlsSettings contexts(SslBundle bundle, String name, boolean requireMutual) {
        if (bundle.getStores().getKeyStore() == null) {
            throw new InvalidConfigurationPropertyValueException(KEY, name, KEY + " names bundle '" + name
                    + "', which has no key store: remoting needs this node's certificate and private key");
        }
        if (requireMutual && bundle.getStores().getTrustStore() == null) {
            throw new InvalidConfigurationPropertyValueException(REQUIRE_KEY, true, REQUIRE_KEY + " is true but"
                    + " bundle '" + name + "' (" + KEY + ") has no trust store: mutual TLS needs the certificates"
                    + " that sign the peers");
        }
        boolean mutual = bundle.getStores().getTrustStore() != null;
        KeyManagerFactory keys = bundle.getManagers().getKeyManagerFactory();
        try {
            SslContext server = options(SslContextBuilder.forServer(keys), bundle)
                    .trustManager(bundle.getManagers().getTrustManagerFactory())
                    .clientAuth(mutual ? ClientAuth.REQUIRE : ClientAuth.NONE)
                    .build();
            SslContext client = options(SslContextBuilder.forClient(), bundle)
                    .keyManager(keys)
                    .trustManager(bundle.getManagers().getTrustManagerFactory())
                    .build();
            return TlsSettings.of(server, client);
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("SSL bundle '" + name + "' (" + KEY + ") cannot make a TLS context: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The JSSE context of bundle {@code name} for the cluster's control plane, which requires a certificate from
     * both ends: the bundle needs a key store (this member's certificate and key) and a trust store (the CA that
     * signs members). Fails naming {@code goakt.cluster.ssl.bundle} otherwise. Handshakes made after the bundle
     * reloads use its new material.
     *
     * @param bundles the application's bundles, or {@code null} when SSL bundle support is absent
     */
    public static SSLContext clusterContext(SslBundles bundles, String name) {
        SslBundle bundle = bundle(bundles, name, CLUSTER_KEY);
        if (bundle.getStores().getKeyStore() == null || bundle.getStores().getTrustStore() == null) {
            throw new InvalidConfigurationPropertyValueException(CLUSTER_KEY, name, CLUSTER_KEY + " names bundle '"
                    + name + "', which lacks a " + (bundle.getStores().getKeyStore() == null ? "key" : "trust")
                    + " store: cluster members prove who they are to each other, so the bundle needs this"
                    + " member's certificate and key and the CA that signs the members");
        }
        ReloadingSslContext reloading;
        try {
            reloading = new ReloadingSslContext(bundle, bundle.getProtocol());
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("SSL bundle '" + name + "' (" + CLUSTER_KEY + ") cannot make a TLS"
                    + " context: " + e.getMessage(), e);
        }
        bundles.addBundleUpdateHandler(name, updated -> {
            if (updated.getStores().getKeyStore() == null || updated.getStores().getTrustStore() == null) {
                LOG.error("SSL bundle '{}' ({}) was reloaded without a key store or a trust store; the control"
                        + " plane keeps the previous certificates", name, CLUSTER_KEY);
                return;
            }
            try {
                reloading.update(updated);
                LOG.info("SSL bundle '{}' ({}) was reloaded: new control-plane connections use its new material",
                        name, CLUSTER_KEY);
            } catch (RuntimeException e) {
                LOG.error("SSL bundle '{}' ({}) was reloaded but its new material is refused, the control plane"
                        + " keeps the previous certificates: {}", name, CLUSTER_KEY, e.getMessage());
            }
        });
        return reloading.context();
    }

    private static SslBundle bundle(SslBundles bundles, String name, String key) {
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException(key, name, key + " names a bundle but the"
                    + " application has no SSL bundles (spring.ssl.bundle.*); declare one or remove the key");
        }
        try {
            return bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException(key, name, key + " names no SSL bundle; known"
                    + " bundles (spring.ssl.bundle.*): " + bundles.getBundleNames());
        }
    }

    private static SslContextBuilder options(SslContextBuilder builder, SslBundle bundle) {
        SslOptions options = bundle.getOptions();
        if (options.getEnabledProtocols() != null) {
            builder.protocols(options.getEnabledProtocols());
        }
        if (options.getCiphers() != null) {
            builder.ciphers(Arrays.asList(options.getCiphers()));
        }
        return builder;
    }
}
