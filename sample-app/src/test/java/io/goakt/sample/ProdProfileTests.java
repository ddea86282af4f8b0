package io.goakt.sample;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ClusterConfig;
import io.goakt.remote.FailureKind;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.remote.TlsSettings;
import io.goakt.serialization.Serialization;
import io.goakt.spring.ClusterLifecycle;
import io.goakt.spring.autoconfigure.GoaktAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktClusterAutoConfiguration;
import io.goakt.spring.autoconfigure.GoaktRemotingAutoConfiguration;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code prod} profile beside {@code cluster}: mutual TLS required for remoting, the control plane on TLS,
 * Actuator read-only and the dashboard's actions off; a peer without a certificate is refused.
 */
class ProdProfileTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    static Path tlsDir;

    private static X509Bundle ca;
    private static X509Bundle node;

    @BeforeAll
    static void certificates() throws Exception {
        Instant now = Instant.now();
        ca = new CertificateBuilder().subject("CN=goakt sample CA").setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
        node = new CertificateBuilder().subject("CN=goakt sample node").ecp256()
                .addSanIpAddress("127.0.0.1").addSanDnsName("localhost")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(ca);
        Files.copy(node.toTempCertChainPem().toPath(), tlsDir.resolve("node.crt"));
        Files.copy(node.toTempPrivateKeyPem().toPath(), tlsDir.resolve("node.key"));
        Files.copy(ca.toTempRootCertPem().toPath(), tlsDir.resolve("ca.crt"));
    }

    /** The sample with the cluster and prod profiles, its certificates in {@code dir}; it never joins a cluster. */
    private static ApplicationContextRunner prod(Path dir) {
        Map<String, Object> env = Map.of("SPRING_PROFILES_ACTIVE", "cluster,prod",
                "GOAKT_TLS_DIR", dir.toString(), "GOAKT_REMOTING_PORT", "0");
        ApplicationContextInitializer<ConfigurableApplicationContext> environment = ctx -> ctx.getEnvironment()
                .getPropertySources().addFirst(new SystemEnvironmentPropertySource("env", env));
        return new ApplicationContextRunner()
                .withInitializer(environment)
                .withInitializer(new ConfigDataApplicationContextInitializer())
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, GoaktAutoConfiguration.class,
                        GoaktRemotingAutoConfiguration.class, GoaktClusterAutoConfiguration.class))
                .withBean(ClusterLifecycle.class, () -> new ClusterLifecycle(null, null, Duration.ofSeconds(1)) {
                    @Override
                    public void start() {
                    }
                });
    }

    @Test
    void prodRequiresMutualTlsPutsTheControlPlaneOnTlsAndTurnsWritesOff() {
        prod(tlsDir).run(ctx -> {
            assertThat(ctx).hasNotFailed();
            RemotingConfig remoting = ctx.getBean(RemotingConfig.class);
            assertThat(remoting.tls().serverContext().newEngine(ByteBufAllocator.DEFAULT).getNeedClientAuth())
                    .isTrue();
            assertThat(ctx.getBean(ClusterConfig.class).tls()).isNotNull();
            assertThat(ctx.getEnvironment().getProperty("management.endpoints.access.max-permitted"))
                    .isEqualTo("read-only");
            assertThat(ctx.getEnvironment().getProperty("management.endpoint.cluster.access")).isEqualTo("read-only");
            assertThat(ctx.getEnvironment().getProperty("goakt.dashboard.actions.enabled")).isEqualTo("false");
            assertThat(ctx.getEnvironment().getProperty("spring.ssl.bundle.pem.goakt.reload-on-update"))
                    .isEqualTo("true");
        });
    }

    @Test
    void prodRefusesAPeerWithoutACertificateAndItsMessageNeverArrives() {
        prod(tlsDir).run(ctx -> {
            Remoting app = ctx.getBean(Remoting.class);
            ActorSystem intruderSystem = ActorSystem.create("intruder");
            try {
                TlsSettings noCertificate = TlsSettings.of(
                        SslContextBuilder.forServer(node.toKeyManagerFactory()).clientAuth(ClientAuth.NONE).build(),
                        SslContextBuilder.forClient().trustManager(ca.toTrustManagerFactory()).build());
                Remoting intruder = Remoting.start(intruderSystem, RemotingConfig.builder().host("127.0.0.1")
                        .port(0).tls(noCertificate)
                        .serialization(Serialization.builder().register("test.Text", String.class).build()).build());
                intruder.actorRef(app.endpoint(), app.system().name(), "anything").tell("let me in");
                await().atMost(TIMEOUT).until(() -> app.stats().failures(FailureKind.TLS_FAILED) > 0);
                assertThat(app.stats().messagesReceived()).isZero();
            } finally {
                intruderSystem.shutdown(TIMEOUT);
            }
        });
    }

    @Test
    void prodWithoutTheCertificateFilesFailsStartUp(@TempDir Path empty) {
        prod(empty).run(ctx -> assertThat(ctx).getFailure().rootCause().hasMessageContaining(empty.toString()));
    }
}
