package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The control plane over TLS with client certificates: members of one CA form a view, strangers never join. */
class ClusterTlsTest {

    private static X509Bundle ca;
    private static X509Bundle member;
    private static X509Bundle strangerCa;
    private static X509Bundle stranger;

    private final ClusterFixture fixture = new ClusterFixture();

    @BeforeAll
    static void certificates() throws Exception {
        Instant now = Instant.now();
        ca = authority("CN=goakt cluster CA", now);
        member = issued("CN=goakt member", ca, now);
        strangerCa = authority("CN=another CA", now);
        stranger = issued("CN=stranger", strangerCa, now);
    }

    private static X509Bundle authority(String subject, Instant now) throws Exception {
        return new CertificateBuilder().subject(subject).setIsCertificateAuthority(true).ecp256()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildSelfSigned();
    }

    private static X509Bundle issued(String subject, X509Bundle issuer, Instant now) throws Exception {
        return new CertificateBuilder().subject(subject).ecp256().addSanIpAddress("127.0.0.1")
                .addExtendedKeyUsageServerAuth().addExtendedKeyUsageClientAuth()
                .notBefore(now.minusSeconds(3600)).notAfter(now.plusSeconds(3600)).buildIssuedBy(issuer);
    }

    /** A context with {@code identity}'s key and trusting {@code trusted}'s CA. */
    private static SSLContext context(X509Bundle identity, X509Bundle trusted) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(identity.toKeyManagerFactory().getKeyManagers(),
                trusted.toTrustManagerFactory().getTrustManagers(), null);
        return context;
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private ClusterFixture.Node start(List<Integer> ports, int index, SSLContext tls) {
        ClusterConfig.Builder b = ClusterFixture.config("secure", ports.get(index),
                StaticDiscovery.of(ClusterFixture.hostPorts(ports)));
        if (tls != null) {
            b.tls(tls);
        }
        return fixture.start(b.build());
    }

    @Test
    void membersWithCertificatesOfTheClusterCaFormOneView() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(2);
        ClusterFixture.Node a = start(ports, 0, context(member, ca));
        ClusterFixture.Node b = start(ports, 1, context(member, ca));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(a.cluster.view().size()).isEqualTo(2);
            assertThat(b.cluster.view().members()).isEqualTo(a.cluster.view().members());
        });
    }

    @Test
    void aMemberWithoutAValidCertificateNeverJoins() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(4);
        ClusterFixture.Node a = start(ports, 0, context(member, ca));
        ClusterFixture.Node b = start(ports, 1, context(member, ca));
        await().atMost(Duration.ofSeconds(30)).until(() -> a.cluster.view().size() == 2);

        ClusterFixture.Node untrusted = start(ports, 2, context(stranger, ca));
        ClusterFixture.Node plain = start(ports, 3, null);

        // Several merge rounds of the fast profile (a check every 1.6 s): nobody finds the strangers.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(a.cluster.view().members()).containsExactly(a.cluster.self(), b.cluster.self());
            assertThat(untrusted.cluster.view().size()).isEqualTo(1);
            assertThat(plain.cluster.view().size()).isEqualTo(1);
        });
    }
}
