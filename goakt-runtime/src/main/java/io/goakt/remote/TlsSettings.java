package io.goakt.remote;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * TLS for remoting: one Netty {@link SslContext} for the server side and one for the client side. Build them from
 * PEM files or Java keystores with the factories here, or pass contexts built elsewhere (a Spring SSL bundle).
 * With mutual TLS the server requires a client certificate that its trust material accepts; a peer without one is
 * refused during the TLS handshake, before any remoting frame is read. Clients check the server certificate
 * against the host they connect to.
 *
 * <p>Remoting asks {@link #serverContext()} and {@link #clientContext()} once per new connection. Settings made by
 * {@link #reloading} follow a source that may change (certificates renewed on disk): each new connection uses the
 * source's current contexts, connections already open keep the ones they were made with.
 *
 * <p>Threading: any thread; settings from the factories other than {@link #reloading} are immutable.
 */
public final class TlsSettings {

    private final SslContext server;
    private final SslContext client;
    private final Supplier<TlsSettings> source;

    private TlsSettings(SslContext server, SslContext client) {
        this.server = Objects.requireNonNull(server, "server");
        this.client = Objects.requireNonNull(client, "client");
        this.source = null;
    }

    private TlsSettings(Supplier<TlsSettings> source) {
        this.server = null;
        this.client = null;
        this.source = source;
    }

    /**
     * Settings that follow {@code source}: every call of {@link #serverContext()} or {@link #clientContext()} asks it
     * for its current settings, so a new connection uses the contexts the source holds then. The source is called on
     * Netty's event loops, once per connection: it must return quickly and never {@code null} (a holder of settings
     * that a reload replaces, such as an {@code AtomicReference::get}).
     *
     * @param source the current settings; its settings must not themselves come from {@code reloading}
     */
    public static TlsSettings reloading(Supplier<TlsSettings> source) {
        return new TlsSettings(Objects.requireNonNull(source, "source"));
    }

    /** Contexts built by the caller: {@code server.isServer()} and {@code client.isClient()} must hold. */
    public static TlsSettings of(SslContext server, SslContext client) {
        if (!server.isServer() || !client.isClient()) {
            throw new IllegalArgumentException("need a server context and a client context");
        }
        return new TlsSettings(server, client);
    }

    /**
     * From PEM files: this node's certificate chain and private key (PKCS#8), and the certificates it trusts.
     *
     * @param mutual true to require and check client certificates
     */
    public static TlsSettings fromPem(File certChain, File privateKey, File trustedCerts, boolean mutual)
            throws SSLException {
        SslContext server = SslContextBuilder.forServer(certChain, privateKey)
                .trustManager(trustedCerts)
                .clientAuth(mutual ? ClientAuth.REQUIRE : ClientAuth.NONE)
                .build();
        SslContext client = SslContextBuilder.forClient()
                .keyManager(certChain, privateKey)
                .trustManager(trustedCerts)
                .build();
        return new TlsSettings(server, client);
    }

    /**
     * From Java keystores (PKCS12 or JKS, by file content): this node's key entry and a trust store.
     *
     * @param mutual true to require and check client certificates
     */
    public static TlsSettings fromKeyStore(Path keyStore, char[] keyStorePassword, Path trustStore,
                                           char[] trustStorePassword, boolean mutual)
            throws GeneralSecurityException, IOException {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(load(keyStore, keyStorePassword), keyStorePassword);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore, trustStorePassword));
        SslContext server = SslContextBuilder.forServer(kmf)
                .trustManager(tmf)
                .clientAuth(mutual ? ClientAuth.REQUIRE : ClientAuth.NONE)
                .build();
        SslContext client = SslContextBuilder.forClient().keyManager(kmf).trustManager(tmf).build();
        return new TlsSettings(server, client);
    }

    private static KeyStore load(Path path, char[] password) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(path.getFileName().toString().endsWith(".jks") ? "JKS" : "PKCS12");
            ks.load(in, password);
            return ks;
        }
    }

    /** The server-side context; for {@link #reloading} settings, the source's current one. */
    public SslContext serverContext() {
        return source == null ? server : current().server;
    }

    /** The client-side context; for {@link #reloading} settings, the source's current one. */
    public SslContext clientContext() {
        return source == null ? client : current().client;
    }

    private TlsSettings current() {
        TlsSettings now = Objects.requireNonNull(source.get(), "the TLS settings source gave null");
        if (now.source != null) {
            throw new IllegalStateException("the TLS settings source gave reloading settings");
        }
        return now;
    }
}
