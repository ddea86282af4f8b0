package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import io.goakt.spring.internal.SslBundleTls;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The control plane's {@link SSLContext} from {@code goakt.cluster.ssl.bundle} follows the bundle's reloads: the
 * context handed out once presents the renewed certificate in every handshake after the files change, and still
 * refuses a peer the authority did not sign; JGroups' TLS transport forms a view with it.
 */
class ClusterTlsReloadTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        acceptor.shutdownNow();
    }

    private static X509Bundle authority(String subject) throws Exception {
        Instant now = Instant.now();
        return new CertificateBuilder().subject(subject).setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
    }

    private static X509Bundle issued(String subject, X509Bundle issuer) throws Exception {
        Instant now = Instant.now();
        return new CertificateBuilder().subject(subject).ecp256().addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(issuer);
    }

    @Test
    void theControlPlaneContextPresentsTheRenewedCertificateAfterTheBundleReloads(@TempDir Path dir)
            throws Exception {
        X509Bundle ca = authority("CN=goakt cluster reload CA");
        X509Bundle member = issued("CN=member", ca);
        X509Bundle renewed = issued("CN=member renewed", ca);
        X509Bundle stranger = issued("CN=stranger", authority("CN=other CA"));
        Path chain = dir.resolve("member.crt");
        Path key = dir.resolve("member.key");
        Files.copy(member.toTempCertChainPem().toPath(), chain);
        Files.copy(member.toTempPrivateKeyPem().toPath(), key);
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.pem.member.keystore.certificate=file:" + chain,
                        "spring.ssl.bundle.pem.member.keystore.private-key=file:" + key,
                        "spring.ssl.bundle.pem.member.truststore.certificate=file:"
                                + ca.toTempRootCertPem().getAbsolutePath(),
                        "spring.ssl.bundle.pem.member.reload-on-update=true",
                        "spring.ssl.bundle.watch.file.quiet-period=200ms")
                .run(ctx -> {
                    SSLContext controlPlane = SslBundleTls.clusterContext(ctx.getBean(SslBundles.class), "member");
                    try (SSLServerSocket server = (SSLServerSocket) controlPlane.getServerSocketFactory()
                            .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                        server.setNeedClientAuth(true);
                        assertThat(presentedSubject(server, ca, member)).isEqualTo("CN=member");

                        Path newChain = dir.resolve("renewed.crt.tmp");
                        Path newKey = dir.resolve("renewed.key.tmp");
                        Files.copy(renewed.toTempCertChainPem().toPath(), newChain);
                        Files.copy(renewed.toTempPrivateKeyPem().toPath(), newKey);
                        Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        Files.move(newChain, chain, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                        await().atMost(TIMEOUT).until(() -> presentedSubject(server, ca, member)
                                .equals("CN=member renewed"));
                        assertThatThrownBy(() -> presentedSubject(server, ca, stranger))
                                .isInstanceOf(java.io.IOException.class);
                    }
                });
    }

    /**
     * The subject of the certificate {@code server} presents to a client that trusts {@code ca} and presents
     * {@code client}; throws when either side refuses the handshake.
     */
    private String presentedSubject(SSLServerSocket server, X509Bundle ca, X509Bundle client) throws Exception {
        Future<?> accepted = acceptor.submit(() -> {
            try (SSLSocket s = (SSLSocket) server.accept()) {
                s.setSoTimeout((int) TIMEOUT.toMillis());
                s.startHandshake();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
            }
            return null;
        });
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(client.toKeyManagerFactory().getKeyManagers(), ca.toTrustManagerFactory().getTrustManagers(), null);
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(server.getInetAddress(),
                server.getLocalPort())) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            socket.startHandshake();
            // The server's byte arrives only once it accepted this client's certificate.
            if (socket.getInputStream().read() != 1) {
                throw new java.io.IOException("the server closed the connection");
            }
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                    .getName();
        } finally {
            try {
                accepted.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException ignored) {
                // A refused handshake fails on the server side too.
            }
        }
    }

    @Test
    void anApplicationWithAReloadingClusterBundleJoinsAMemberOfTheSameAuthority(@TempDir Path dir) throws Exception {
        X509Bundle ca = authority("CN=goakt cluster join CA");
        X509Bundle member = issued("CN=member", ca);
        try (ClusterMembers m = new ClusterMembers(2)) {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GoaktAutoConfiguration.class,
                            GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class))
                    .withPropertyValues(m.appProperties(0,
                            "spring.ssl.bundle.pem.member.keystore.certificate=file:"
                                    + member.toTempCertChainPem().getAbsolutePath(),
                            "spring.ssl.bundle.pem.member.keystore.private-key=file:"
                                    + member.toTempPrivateKeyPem().getAbsolutePath(),
                            "spring.ssl.bundle.pem.member.truststore.certificate=file:"
                                    + ca.toTempRootCertPem().getAbsolutePath(),
                            "spring.ssl.bundle.pem.member.reload-on-update=true",
                            "goakt.cluster.ssl.bundle=member"))
                    .run(ctx -> {
                        assertThat(ctx).hasNotFailed();
                        SSLContext peerTls = SSLContext.getInstance("TLS");
                        peerTls.init(member.toKeyManagerFactory().getKeyManagers(),
                                ca.toTrustManagerFactory().getTrustManagers(), null);
                        ActorSystem peerSystem = ActorSystem.create("tlspeer");
                        try {
                            Cluster.start(peerSystem, ClusterConfig.builder().clusterName(m.clusterName)
                                    .port(m.ports.get(1))
                                    .discovery(StaticDiscovery.of(List.of(m.hosts().split(","))))
                                    .failureDetection(FailureDetection.fast()).joinTimeout(Duration.ofMillis(500))
                                    .tls(peerTls)
                                    .remoting(RemotingConfig.builder().host("127.0.0.1").port(0).build())
                                    .build());
                            Cluster app = Cluster.of(ctx.getBean(ActorSystem.class)).orElseThrow();
                            await().atMost(TIMEOUT).until(() -> app.view().size() == 2);
                        } finally {
                            peerSystem.shutdown(TIMEOUT);
                        }
                    });
        }
    }
}
