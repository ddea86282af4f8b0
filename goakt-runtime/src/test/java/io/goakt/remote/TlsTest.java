package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS and mutual TLS with certificates made by the test; a client without a certificate is refused; reloading
 * settings give new connections the current certificate.
 */
class TlsTest {

    private static X509Bundle ca;
    private static X509Bundle node;

    private final List<ActorSystem> systems = new ArrayList<>();

    @BeforeAll
    static void certificates() throws Exception {
        Instant now = Instant.now();
        ca = new CertificateBuilder().subject("CN=goakt test CA").setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        node = new CertificateBuilder().subject("CN=goakt node").ecp256()
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
    }

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name, TlsSettings tls) {
        ActorSystem system = ActorSystem.create(name);
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder().serialization(Messages.serialization()).tls(tls)
                .unreachableAfter(Duration.ofSeconds(1)).build());
    }

    private static TlsSettings pem(boolean mutual) throws Exception {
        return TlsSettings.fromPem(node.toTempCertChainPem(), node.toTempPrivateKeyPem(), ca.toTempRootCertPem(),
                mutual);
    }

    private static Object ask(Remoting from, Remoting to) throws Exception {
        to.system().spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        ActorRef echo = from.actorRef(to.endpoint(), to.system().name(), "echo");
        return echo.ask(new Ping("secure"), Duration.ofSeconds(10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void tlsFromPemFiles() throws Exception {
        Remoting a = node("alpha", pem(false));
        Remoting b = node("beta", pem(false));
        assertThat(ask(a, b)).isEqualTo(new Pong("secure"));
    }

    @Test
    void mutualTlsFromAKeyStore(@TempDir java.nio.file.Path dir) throws Exception {
        char[] pw = "changeit".toCharArray();
        java.nio.file.Path keyStore = node.toTempKeyStoreFile(pw).toPath();
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.getCertificate());
        java.nio.file.Path trustStore = dir.resolve("trust.p12");
        try (var out = java.nio.file.Files.newOutputStream(trustStore)) {
            trust.store(out, pw);
        }
        TlsSettings tls = TlsSettings.fromKeyStore(keyStore, pw, trustStore, pw, true);
        Remoting a = node("alpha", tls);
        Remoting b = node("beta", tls);
        assertThat(ask(a, b)).isEqualTo(new Pong("secure"));
    }

    @Test
    void aClientWithoutACertificateIsRefusedByMutualTls() throws Exception {
        Remoting server = node("beta", pem(true));
        TlsSettings noClientCert = TlsSettings.of(
                SslContextBuilder.forServer(node.toKeyManagerFactory()).clientAuth(ClientAuth.NONE).build(),
                SslContextBuilder.forClient().trustManager(ca.toTrustManagerFactory()).build());
        Remoting intruder = node("intruder", noClientCert);
        server.system().spawnFromFunction("echo", ctx -> ctx.respond(new Pong("leak")));
        ActorRef echo = intruder.actorRef(server.endpoint(), "beta", "echo");
        CompletableFuture<Object> f = echo.ask(new Ping("let me in"), Duration.ofSeconds(30)).toCompletableFuture();
        await().atMost(20, TimeUnit.SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.stats().failures(FailureKind.TLS_FAILED) > 0);
        assertThat(server.stats().messagesReceived()).isZero();
    }

    @Test
    void aClientWithACertificateFromAnotherAuthorityIsRefused() throws Exception {
        Remoting server = node("beta", pem(true));
        Instant now = Instant.now();
        X509Bundle otherCa = new CertificateBuilder().subject("CN=other CA").setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        X509Bundle stranger = new CertificateBuilder().subject("CN=stranger").ecp256()
                .addSanIpAddress("127.0.0.1").addExtendedKeyUsageClientAuth().addExtendedKeyUsageServerAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(otherCa);
        // The stranger trusts our CA (so it accepts the server) but presents a certificate the server never issued.
        TlsSettings strangerTls = TlsSettings.fromPem(stranger.toTempCertChainPem(), stranger.toTempPrivateKeyPem(),
                ca.toTempRootCertPem(), false);
        Remoting intruder = node("stranger", strangerTls);
        server.system().spawnFromFunction("echo", ctx -> ctx.respond(new Pong("leak")));
        CompletableFuture<Object> f = intruder.actorRef(server.endpoint(), "beta", "echo")
                .ask(new Ping("let me in"), Duration.ofSeconds(30)).toCompletableFuture();
        await().atMost(20, TimeUnit.SECONDS).until(f::isDone);
        assertThat(f).isCompletedExceptionally();
        await().atMost(10, TimeUnit.SECONDS).until(() -> server.stats().failures(FailureKind.TLS_FAILED) > 0);
        assertThat(server.stats().messagesReceived()).isZero();
    }

    @Test
    void reloadingSettingsGiveNewConnectionsTheCurrentCertificateAndOpenOnesKeepWorking() throws Exception {
        Instant now = Instant.now();
        X509Bundle renewed = new CertificateBuilder().subject("CN=goakt node renewed").ecp256()
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
        AtomicReference<TlsSettings> current = new AtomicReference<>(pem(true));
        Remoting server = node("beta", TlsSettings.reloading(current::get));
        Remoting client = node("alpha", pem(true));
        assertThat(ask(client, server)).isEqualTo(new Pong("secure"));
        assertThat(presentedSubject(server)).isEqualTo("CN=goakt node");

        current.set(TlsSettings.fromPem(renewed.toTempCertChainPem(), renewed.toTempPrivateKeyPem(),
                ca.toTempRootCertPem(), true));
        assertThat(presentedSubject(server)).isEqualTo("CN=goakt node renewed");
        ActorRef echo = client.actorRef(server.endpoint(), "beta", "echo");
        assertThat(echo.ask(new Ping("still open"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("still open"));
    }

    @Test
    void reloadingSettingsRefuseASourceThatGivesNothing() {
        TlsSettings settings = TlsSettings.reloading(() -> null);
        org.assertj.core.api.Assertions.assertThatNullPointerException().isThrownBy(settings::serverContext)
                .withMessageContaining("gave null");
    }

    /** The subject of the certificate {@code server} presents to a new TLS connection. */
    private static String presentedSubject(Remoting server) throws Exception {
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(node.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                .createSocket("127.0.0.1", server.endpoint().port())) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName();
        }
    }
}
