package io.goakt.spring.internal;

import io.goakt.remote.TlsSettings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import java.util.Arrays;

/**
 * Remoting {@link TlsSettings} from a Spring Boot {@link SslBundle}: the bundle's key managers are this node's
 * identity on both sides (server certificate, client certificate), its trust managers check peers, and its options
 * (enabled protocols, ciphers) apply to both contexts. A bundle with a trust store makes TLS mutual: the server
 * requires a client certificate. Without one, clients check the server against the JVM's default trust and the
 * server asks for no certificate.
 *
 * <p>The contexts are built once at start-up; a bundle reloaded later is not picked up.
 */
public final class SslBundleTls {

    private static final String KEY = "goakt.remoting.ssl.bundle";

    private SslBundleTls() {
    }

    /**
     * The settings of bundle {@code name}; fails naming {@code goakt.remoting.ssl.bundle} and the known bundles
     * when there is no such bundle, or the bundle has no key store.
     *
     * @param bundles the application's bundles, or {@code null} when SSL bundle support is absent
     */
    public static TlsSettings from(SslBundles bundles, String name) {
        if (bundles == null) {
            throw new InvalidConfigurationPropertyValueException(KEY, name, KEY + " names a bundle but the"
                    + " application has no SSL bundles (spring.ssl.bundle.*); declare one or remove the key");
        }
        SslBundle bundle;
        try {
            bundle = bundles.getBundle(name);
        } catch (NoSuchSslBundleException e) {
            throw new InvalidConfigurationPropertyValueException(KEY, name, KEY + " names no SSL bundle; known"
                    + " bundles (spring.ssl.bundle.*): " + bundles.getBundleNames());
        }
        if (bundle.getStores().getKeyStore() == null) {
            throw new InvalidConfigurationPropertyValueException(KEY, name, KEY + " names bundle '" + name
                    + "', which has no key store: remoting needs this node's certificate and private key");
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
