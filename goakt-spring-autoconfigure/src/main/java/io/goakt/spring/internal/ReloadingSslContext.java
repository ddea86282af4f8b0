package io.goakt.spring.internal;

import org.springframework.boot.ssl.SslBundle;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * A JSSE {@link SSLContext} whose key and trust material follow an SSL bundle that Spring reloads. A library that
 * takes an {@code SSLContext} once (JGroups' TLS transport) keeps it, but JSSE asks the context's key manager for a
 * certificate and its trust manager for a verdict in every handshake; delegating both to the bundle's current
 * managers makes every handshake after {@link #update} use the new material, while open connections keep theirs.
 *
 * <p>The alias the key manager chooses carries the generation of the material it was chosen from, so a handshake
 * that chose its alias just before an update still reads the certificate chain and key of that same generation.
 *
 * <p>Threading: any thread; {@link #update} publishes the new managers with a volatile write.
 */
final class ReloadingSslContext {

    /** One bundle's managers; {@code generation} tags the aliases chosen from them. */
    private record Material(long generation, X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {
    }

    private volatile Material current;
    private volatile Material previous;
    private final SSLContext context;

    /** A context over {@code bundle}'s managers; fails when the bundle has no X.509 key or trust manager. */
    ReloadingSslContext(SslBundle bundle, String protocol) throws GeneralSecurityException {
        this.current = material(bundle, 0);
        this.previous = current;
        this.context = SSLContext.getInstance(protocol);
        context.init(new KeyManager[]{new Keys()}, new TrustManager[]{new Trust()}, null);
    }

    /** The context to hand out once. */
    SSLContext context() {
        return context;
    }

    /** Makes handshakes from now on use {@code bundle}'s material; fails, changing nothing, when it has none. */
    void update(SslBundle bundle) {
        Material next = material(bundle, current.generation() + 1);
        previous = current;
        current = next; // volatile write: pairs with the volatile reads in Keys and Trust
    }

    private static Material material(SslBundle bundle, long generation) {
        X509ExtendedKeyManager keys = null;
        for (KeyManager m : bundle.getManagers().getKeyManagers()) {
            if (m instanceof X509ExtendedKeyManager x) {
                keys = x;
            }
        }
        X509ExtendedTrustManager trust = null;
        for (TrustManager m : bundle.getManagers().getTrustManagers()) {
            if (m instanceof X509ExtendedTrustManager x) {
                trust = x;
            }
        }
        if (keys == null || trust == null) {
            throw new IllegalArgumentException("the bundle has no X.509 " + (keys == null ? "key" : "trust")
                    + " manager");
        }
        return new Material(generation, keys, trust);
    }

    private Material of(String alias) {
        Material now = current;
        int colon = alias == null ? -1 : alias.indexOf(':');
        if (colon < 0) {
            return now;
        }
        long generation = Long.parseLong(alias.substring(0, colon));
        Material before = previous;
        return generation == before.generation() ? before : now;
    }

    private static String tag(Material m, String alias) {
        return alias == null ? null : m.generation() + ":" + alias;
    }

    private static String untag(String alias) {
        int colon = alias == null ? -1 : alias.indexOf(':');
        return colon < 0 ? alias : alias.substring(colon + 1);
    }

    /** This member's certificate, from the current material. */
    private final class Keys extends X509ExtendedKeyManager {
        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            Material m = current;
            String[] aliases = m.keys().getClientAliases(keyType, issuers);
            return aliases == null ? null : Arrays.stream(aliases).map(a -> tag(m, a))
                    .toArray(String[]::new);
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            Material m = current;
            return tag(m, m.keys().chooseClientAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            Material m = current;
            return tag(m, m.keys().chooseEngineClientAlias(keyType, issuers, engine));
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            Material m = current;
            String[] aliases = m.keys().getServerAliases(keyType, issuers);
            return aliases == null ? null : Arrays.stream(aliases).map(a -> tag(m, a))
                    .toArray(String[]::new);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            Material m = current;
            return tag(m, m.keys().chooseServerAlias(keyType, issuers, socket));
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            Material m = current;
            return tag(m, m.keys().chooseEngineServerAlias(keyType, issuers, engine));
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return of(alias).keys().getCertificateChain(untag(alias));
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return of(alias).keys().getPrivateKey(untag(alias));
        }
    }

    /** The peers' certificates, checked against the current material. */
    private final class Trust extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            current.trust().checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            current.trust().checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            current.trust().checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            current.trust().checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.trust().checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            current.trust().checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return current.trust().getAcceptedIssuers();
        }
    }
}
