package io.goakt.spring.autoconfigure;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.remote.FailureKind;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.TlsSettings;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ActorComponent;
import io.goakt.spring.RemoteSerializationCustomizer;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code goakt.remoting.ssl.require-client-certificate}: a node whose certificate the bundle's trust store does not
 * accept can neither connect nor deliver a message; and a bundle reloaded on disk gives new connections the new
 * certificate without a restart.
 */
class RemotingMutualTlsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Messages the app's {@code counter} actor received. */
    private static final AtomicInteger RECEIVED = new AtomicInteger();

    private static X509Bundle ca;
    private static X509Bundle node;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(GoaktAutoConfiguration.class,
                    GoaktRemotingAutoConfiguration.class, SslAutoConfiguration.class))
            .withBean(RemoteSerializationCustomizer.class, () -> RemotingMutualTlsTests::testTypes)
            .withPropertyValues("goakt.remoting.enabled=true", "goakt.remoting.port=0");

    private final List<ActorSystem> peers = new ArrayList<>();

    /** A message the tests send across. */
    record Note(String text) {
    }

    /** Counts every {@link Note} and answers it. */
    @ActorComponent(name = "counter")
    static class CounterActor implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Note n) {
                RECEIVED.incrementAndGet();
                ctx.respond(new Note("got:" + n.text()));
            }
        }
    }

    private static Serialization.Builder testTypes(Serialization.Builder types) {
        return types.register("test.Note", Note.class);
    }

    @BeforeAll
    static void certificates() throws Exception {
        ca = authority("CN=goakt mtls test CA");
        node = issued("CN=goakt mtls node", ca);
    }

    private static X509Bundle authority(String subject) throws Exception {
        Instant now = Instant.now();
        return new CertificateBuilder().subject(subject).setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
    }

    private static X509Bundle issued(String subject, X509Bundle issuer) throws Exception {
        Instant now = Instant.now();
        return new CertificateBuilder().subject(subject).ecp256()
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(issuer);
    }

    @AfterEach
    void stopPeers() {
        peers.forEach(p -> p.shutdown(TIMEOUT));
        RECEIVED.set(0);
    }

    /** A second system in this JVM with its own remoting on a free loopback port. */
    private Remoting peer(String name, TlsSettings tls) {
        ActorSystem system = ActorSystem.create(name);
        peers.add(system);
        return Remoting.start(system, RemotingConfig.builder().host("127.0.0.1").port(0).tls(tls)
                .unreachableAfter(Duration.ofSeconds(1)).serialization(testTypes(Serialization.builder()).build())
                .build());
    }

    private static String[] requiredMutualBundle(File chain, File key) throws Exception {
        return new String[]{
                "spring.ssl.bundle.pem.node.keystore.certificate=file:" + chain.getAbsolutePath(),
                "spring.ssl.bundle.pem.node.keystore.private-key=file:" + key.getAbsolutePath(),
                "spring.ssl.bundle.pem.node.truststore.certificate=file:" + ca.toTempRootCertPem().getAbsolutePath(),
                "goakt.remoting.ssl.bundle=node",
                "goakt.remoting.ssl.require-client-certificate=true"};
    }

    /** Asks the app's counter from {@code peer}; completes exceptionally when the peer is refused. */
    private static CompletableFuture<Object> askCounter(Remoting peer, Remoting app, String text) {
        ActorRef counter = peer.actorRef(app.endpoint(), app.system().name(), "counter");
        return counter.ask(new Note(text), TIMEOUT).toCompletableFuture();
    }

    private static void assertRefused(Remoting app, CompletableFuture<Object> answer) {
        await().atMost(TIMEOUT).until(answer::isDone);
        assertThat(answer).isCompletedExceptionally();
        await().atMost(TIMEOUT).until(() -> app.stats().failures(FailureKind.TLS_FAILED) > 0);
        assertThat(app.stats().messagesReceived()).isZero();
        assertThat(RECEIVED).hasValue(0);
    }

    @Test
    void requiredMutualTlsRefusesAPeerWithoutACertificateAndItsMessageNeverArrives() throws Exception {
        runner.withBean(CounterActor.class)
                .withPropertyValues(requiredMutualBundle(node.toTempCertChainPem(), node.toTempPrivateKeyPem()))
                .run(ctx -> {
                    Remoting app = ctx.getBean(Remoting.class);
                    TlsSettings noCertificate = TlsSettings.of(
                            SslContextBuilder.forServer(node.toKeyManagerFactory()).clientAuth(ClientAuth.NONE)
                                    .build(),
                            SslContextBuilder.forClient().trustManager(ca.toTrustManagerFactory()).build());
                    Remoting intruder = peer("intruder", noCertificate);
                    intruder.actorRef(app.endpoint(), app.system().name(), "counter").tell(new Note("told"));
                    assertRefused(app, askCounter(intruder, app, "asked"));
                });
    }

    @Test
    void requiredMutualTlsRefusesAPeerWithACertificateFromAnotherAuthorityAndItsMessageNeverArrives()
            throws Exception {
        X509Bundle stranger = issued("CN=stranger", authority("CN=other CA"));
        runner.withBean(CounterActor.class)
                .withPropertyValues(requiredMutualBundle(node.toTempCertChainPem(), node.toTempPrivateKeyPem()))
                .run(ctx -> {
                    Remoting app = ctx.getBean(Remoting.class);
                    // Trusts the app's CA, so it accepts the server, but presents a certificate the app never issued.
                    Remoting intruder = peer("stranger", TlsSettings.fromPem(stranger.toTempCertChainPem(),
                            stranger.toTempPrivateKeyPem(), ca.toTempRootCertPem(), true));
                    intruder.actorRef(app.endpoint(), app.system().name(), "counter").tell(new Note("told"));
                    assertRefused(app, askCounter(intruder, app, "asked"));
                });
    }

    @Test
    void requiredMutualTlsLetsAPeerWithATrustedCertificateThrough() throws Exception {
        runner.withBean(CounterActor.class)
                .withPropertyValues(requiredMutualBundle(node.toTempCertChainPem(), node.toTempPrivateKeyPem()))
                .run(ctx -> {
                    Remoting app = ctx.getBean(Remoting.class);
                    Remoting member = peer("member", TlsSettings.fromPem(node.toTempCertChainPem(),
                            node.toTempPrivateKeyPem(), ca.toTempRootCertPem(), true));
                    assertThat(askCounter(member, app, "hello").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                            .isEqualTo(new Note("got:hello"));
                });
    }

    @Test
    void requiredMutualTlsWithoutABundleFailsStartUpNamingTheKey() {
        runner.withPropertyValues("goakt.remoting.ssl.require-client-certificate=true")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.remoting.ssl.require-client-certificate")
                        .hasMessageContaining("goakt.remoting.ssl.bundle"));
    }

    @Test
    void requiredMutualTlsWithABundleWithoutATrustStoreFailsStartUpNamingTheKey() throws Exception {
        runner.withPropertyValues(
                        "spring.ssl.bundle.pem.node.keystore.certificate=file:"
                                + node.toTempCertChainPem().getAbsolutePath(),
                        "spring.ssl.bundle.pem.node.keystore.private-key=file:"
                                + node.toTempPrivateKeyPem().getAbsolutePath(),
                        "goakt.remoting.ssl.bundle=node", "goakt.remoting.ssl.require-client-certificate=true")
                .run(ctx -> assertThat(ctx).getFailure().rootCause()
                        .hasMessageContaining("goakt.remoting.ssl.require-client-certificate")
                        .hasMessageContaining("no trust store"));
    }

    @Test
    void aReloadedBundleGivesNewConnectionsTheNewCertificateWithoutARestart(@TempDir Path dir) throws Exception {
        Path chain = dir.resolve("node.crt");
        Path key = dir.resolve("node.key");
        Files.copy(node.toTempCertChainPem().toPath(), chain);
        Files.copy(node.toTempPrivateKeyPem().toPath(), key);
        X509Bundle renewed = issued("CN=goakt mtls node renewed", ca);
        runner.withBean(CounterActor.class)
                .withPropertyValues(requiredMutualBundle(chain.toFile(), key.toFile()))
                .withPropertyValues("spring.ssl.bundle.pem.node.reload-on-update=true",
                        "spring.ssl.bundle.watch.file.quiet-period=200ms")
                .run(ctx -> {
                    Remoting app = ctx.getBean(Remoting.class);
                    assertThat(presentedSubject(app)).isEqualTo("goakt mtls node");
                    Path newChain = dir.resolve("renewed.crt.tmp");
                    Path newKey = dir.resolve("renewed.key.tmp");
                    Files.copy(renewed.toTempCertChainPem().toPath(), newChain);
                    Files.copy(renewed.toTempPrivateKeyPem().toPath(), newKey);
                    Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(newChain, chain, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    await().atMost(TIMEOUT).until(() -> presentedSubject(app).equals("goakt mtls node renewed"));
                    // A peer with a certificate from the same authority still gets through on a new connection.
                    Remoting member = peer("member", TlsSettings.fromPem(node.toTempCertChainPem(),
                            node.toTempPrivateKeyPem(), ca.toTempRootCertPem(), true));
                    assertThat(askCounter(member, app, "after").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                            .isEqualTo(new Note("got:after"));
                });
    }

    /** The common name of the certificate the app's remoting server presents to a new TLS connection. */
    private static String presentedSubject(Remoting app) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(node.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", app.endpoint().port())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.startHandshake();
            X509Certificate presented = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return new LdapName(presented.getSubjectX500Principal().getName()).getRdns().stream()
                    .filter(r -> r.getType().equalsIgnoreCase("CN")).findFirst().orElseThrow().getValue().toString();
        }
    }
}
