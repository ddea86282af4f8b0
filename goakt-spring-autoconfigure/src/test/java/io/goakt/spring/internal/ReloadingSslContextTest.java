package io.goakt.spring.internal;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.Test;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReloadingSslContext}: handshakes racing with updates each complete with one generation's certificate. */
class ReloadingSslContextTest {

    private static final int HANDSHAKES = 200;

    private static X509Bundle issued(String subject, X509Bundle ca, Instant now) throws Exception {
        return new CertificateBuilder().subject(subject).ecp256().addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
    }

    private static SslBundle bundle(X509Bundle identity, X509Bundle ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.getCertificate());
        return SslBundle.of(SslStoreBundle.of(identity.toKeyStore("changeit".toCharArray()), "changeit", trust));
    }

    @Test
    void handshakesRacingWithUpdatesEachPresentAWholeCertificateOfOneGeneration() throws Exception {
        Instant now = Instant.now();
        X509Bundle ca = new CertificateBuilder().subject("CN=stress CA").setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        X509Bundle first = issued("CN=first", ca, now);
        X509Bundle second = issued("CN=second", ca, now);
        SslBundle a = bundle(first, ca);
        SslBundle b = bundle(second, ca);
        ReloadingSslContext reloading = new ReloadingSslContext(a, "TLS");
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(first.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(),
                null);

        ExecutorService pool = Executors.newFixedThreadPool(3);
        AtomicBoolean done = new AtomicBoolean();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (SSLServerSocket server = (SSLServerSocket) reloading.context().getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            Future<?> acceptor = pool.submit(() -> {
                for (int i = 0; i < HANDSHAKES; i++) {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.setSoTimeout(30_000);
                        s.startHandshake();
                        s.getOutputStream().write(1);
                        s.getOutputStream().flush();
                    }
                }
                return null;
            });
            Future<?> updater = pool.submit(() -> {
                // Swaps until the last handshake is done (bounded by a count), so every handshake races with it.
                for (int i = 0; !done.get() && i < 50_000_000; i++) {
                    reloading.update(i % 2 == 0 ? b : a);
                    Thread.yield();
                }
                return null;
            });
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < HANDSHAKES; i++) {
                try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                        .createSocket(server.getInetAddress(), server.getLocalPort())) {
                    socket.setSoTimeout(30_000);
                    socket.startHandshake();
                    if (socket.getInputStream().read() != 1) {
                        failures.add("closed");
                    }
                    X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    presented.verify(ca.getCertificate().getPublicKey());
                    seen.add(presented.getSubjectX500Principal().getName());
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
            done.set(true);
            acceptor.get(30, TimeUnit.SECONDS);
            updater.get(30, TimeUnit.SECONDS);
            assertThat(failures).isEmpty();
            assertThat(seen).isSubsetOf("CN=first", "CN=second").isNotEmpty();
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
