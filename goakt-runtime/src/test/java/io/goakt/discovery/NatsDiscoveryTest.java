package io.goakt.discovery;

import io.goakt.internal.discovery.NatsDiscoveryPing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NatsDiscoveryTest {

    private static final DiscoveryContext CONTEXT =
            new DiscoveryContext("orders", InetAddress.getLoopbackAddress(), 7800);

    @TempDir
    Path dir;

    @Test
    void defaultsToLocalNatsTheGoaktSubjectAndATenSecondTtl() {
        NatsDiscovery nats = NatsDiscovery.builder().build();

        assertThat(nats.type()).isEqualTo("nats");
        assertThat(nats.servers()).containsExactly("nats://127.0.0.1:4222");
        assertThat(nats.subject()).isEqualTo("goakt.discovery");
        assertThat(nats.credentials()).isNull();
        assertThat(nats.ttl()).isEqualTo(Duration.ofSeconds(10));
        assertThat(nats.answerWindow()).isEqualTo(Duration.ofMillis(300));
        assertThat(nats.createProtocol(CONTEXT)).isInstanceOf(NatsDiscoveryPing.class);
    }

    @Test
    void aMalformedServerIsRefusedNamingTheSettingAndTheForm() {
        assertThat(NatsDiscovery.builder().servers(List.of("nats://10.0.0.7:4222", "tls://n.internal:4443"))
                .build().servers()).containsExactly("nats://10.0.0.7:4222", "tls://n.internal:4443");
        for (String bad : new String[] {"10.0.0.7:4222", "http://h:4222", "nats://h", "nats://h:4222/x", ""}) {
            assertThatThrownBy(() -> NatsDiscovery.builder().servers(List.of(bad)))
                    .as("server '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("servers entries must be nats://host:port or tls://host:port")
                    .hasMessageContaining("was '" + bad + "'");
        }
        assertThatThrownBy(() -> NatsDiscovery.builder().servers(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("servers must list at least one NATS server");
    }

    @Test
    void theSubjectIsDotSeparatedTokensWithoutWildcards() {
        assertThat(NatsDiscovery.builder().subject("prod.goakt_members").build().subject())
                .isEqualTo("prod.goakt_members");
        for (String bad : new String[] {"goakt.*", "goakt.>", "goakt..x", ".goakt", "go akt", ""}) {
            assertThatThrownBy(() -> NatsDiscovery.builder().subject(bad))
                    .as("subject '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("subject must be tokens of letters, digits, '-' and '_'")
                    .hasMessageContaining("was '" + bad + "'");
        }
    }

    @Test
    void credentialsMustBeAReadableFile() throws Exception {
        Path creds = Files.writeString(dir.resolve("user.creds"), "-----BEGIN NATS USER JWT-----\n");
        assertThat(NatsDiscovery.builder().credentials(creds).build().credentials()).isEqualTo(creds);
        assertThatThrownBy(() -> NatsDiscovery.builder().credentials(dir.resolve("missing.creds")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("credentials must be a readable NATS credentials file");
    }

    @Test
    void theTtlIsAtLeastOneSecondAndTheAnswerWindowWithinTenMillisAndTenSeconds() {
        assertThatThrownBy(() -> NatsDiscovery.builder().ttl(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl must be at least 1 s");
        for (Duration bad : new Duration[] {Duration.ofMillis(9), Duration.ofSeconds(11)}) {
            assertThatThrownBy(() -> NatsDiscovery.builder().answerWindow(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("answerWindow must be within [10 ms, 10 s]");
        }
    }

    @Test
    void clusterNamesBecomeDistinctSubjectTokens() {
        assertThat(NatsDiscoveryPing.clusterToken("orders-eu1")).isEqualTo("orders-eu1");
        assertThat(NatsDiscoveryPing.clusterToken("a.b")).isEqualTo("a_2e_b");
        assertThat(NatsDiscoveryPing.clusterToken("a_2e_b")).isEqualTo("a_5f_2e_5f_b");
        assertThat(NatsDiscoveryPing.clusterToken("a b*")).isEqualTo("a_20_b_2a_");
        assertThat(NatsDiscoveryPing.bucketName("goakt.discovery")).isEqualTo("goakt_discovery");
    }
}
