package io.goakt.cluster;

import io.goakt.discovery.StaticDiscovery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterConfigTest {

    @Test
    void defaults() {
        ClusterConfig c = ClusterConfig.builder().build();
        assertThat(c.clusterName()).isEqualTo("goakt");
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(7800);
        assertThat(c.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(c.advertisedPort()).isEqualTo(7800);
        assertThat(c.roles()).isEmpty();
        assertThat(c.minPeers()).isEqualTo(1);
        assertThat(c.partitionCount()).isEqualTo(271);
        assertThat(c.joinTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.failureDetection()).isEqualTo(FailureDetection.defaults());
        assertThat(c.discovery().type()).isEqualTo("static");
        assertThat(c.remoting()).isNotNull();
        assertThat(c.loadReportInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.registrationTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.claimTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.reservationLifetime()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theNamedActorRegistryTimingsReachTheConfig() {
        ClusterConfig c = ClusterConfig.builder().loadReportInterval(Duration.ofMillis(200))
                .registrationTimeout(Duration.ofSeconds(3)).claimTimeout(Duration.ofMillis(300))
                .reservationLifetime(Duration.ofSeconds(5)).build();
        assertThat(c.loadReportInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(c.registrationTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.claimTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.reservationLifetime()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badRegistryTimingsFailNamingTheSetting() {
        assertThatThrownBy(() -> ClusterConfig.builder().loadReportInterval(Duration.ofMillis(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loadReportInterval must be at least 10 ms");
        assertThatThrownBy(() -> ClusterConfig.builder().registrationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registrationTimeout");
        assertThatThrownBy(() -> ClusterConfig.builder().claimTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claimTimeout");
        assertThatThrownBy(() -> ClusterConfig.builder().reservationLifetime(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("reservationLifetime");
        assertThatThrownBy(() -> ClusterConfig.builder().claimTimeout(Duration.ofSeconds(1))
                .claimTimeout(Duration.ofSeconds(2))).hasMessageContaining("claimTimeout");
    }

    @Test
    void aClaimLongerThanTheRegistrationOrAReservationShorterThanItFailsTheBuild() {
        assertThatThrownBy(() -> ClusterConfig.builder().registrationTimeout(Duration.ofSeconds(2))
                .claimTimeout(Duration.ofSeconds(3)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("claimTimeout PT3S must be at most registrationTimeout PT2S");
        assertThatThrownBy(() -> ClusterConfig.builder().registrationTimeout(Duration.ofSeconds(40)).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reservationLifetime PT30S must be at least registrationTimeout PT40S");
    }

    @Test
    void settingsReachTheConfig() {
        ClusterConfig c = ClusterConfig.builder().clusterName("orders").host("0.0.0.0").port(7801)
                .advertisedHost("node-1.example").advertisedPort(17801).roles(Set.of("api", "worker"))
                .minPeers(3).partitionCount(1024).joinTimeout(Duration.ofSeconds(5))
                .failureDetection(FailureDetection.fast())
                .discovery(StaticDiscovery.of(List.of("node-1.example:7801"))).build();
        assertThat(c.clusterName()).isEqualTo("orders");
        assertThat(c.advertisedHost()).isEqualTo("node-1.example");
        assertThat(c.advertisedPort()).isEqualTo(17801);
        assertThat(c.roles()).containsExactlyInAnyOrder("api", "worker");
        assertThat(c.minPeers()).isEqualTo(3);
        assertThat(c.partitionCount()).isEqualTo(1024);
        assertThat(c.failureDetection()).isEqualTo(FailureDetection.fast());
    }

    @Test
    void badValuesFailNamingTheSettingAndTheAllowedValues() {
        assertThatThrownBy(() -> ClusterConfig.builder().port(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port must be within [1, 65535]");
        assertThatThrownBy(() -> ClusterConfig.builder().advertisedPort(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advertisedPort");
        assertThatThrownBy(() -> ClusterConfig.builder().partitionCount(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitionCount must be within [1, 65536]");
        assertThatThrownBy(() -> ClusterConfig.builder().minPeers(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minPeers must be at least 1");
        assertThatThrownBy(() -> ClusterConfig.builder().joinTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("joinTimeout");
        assertThatThrownBy(() -> ClusterConfig.builder().clusterName("two words"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName");
        assertThatThrownBy(() -> ClusterConfig.builder().roles(Set.of("a,b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roles: 'a,b'")
                .hasMessageContaining("A-Z a-z 0-9 . _ -");
        assertThatThrownBy(() -> ClusterConfig.builder().host(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
    }

    @Test
    void aWildcardHostNeedsAnAdvertisedHost() {
        assertThatThrownBy(() -> ClusterConfig.builder().host("0.0.0.0").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("advertisedHost");
    }

    @Test
    void settingsAreSetOnceAndARefusedValueLeavesTheSettingUnset() {
        assertThatThrownBy(() -> ClusterConfig.builder().port(7801).port(7802))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("port is already set to 7801");
        ClusterConfig.Builder b = ClusterConfig.builder();
        assertThatThrownBy(() -> b.port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.port(7805).build().port()).isEqualTo(7805);
    }

    @Test
    void failureDetectionRefusesValuesNamingTheSetting() {
        Duration s = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new FailureDetection(Duration.ofMillis(1), s.multipliedBy(10), s, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureDetection.heartbeatInterval must be at least 10 ms");
        assertThatThrownBy(() -> new FailureDetection(s, s, s, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failureDetection.timeout")
                .hasMessageContaining("at least twice failureDetection.heartbeatInterval");
        assertThatThrownBy(() -> new FailureDetection(s, s.multipliedBy(2), null, s))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("failureDetection.verifyTimeout");
        assertThatThrownBy(() -> new FailureDetection(s, s.multipliedBy(2), s, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureDetection.mergeInterval");
    }

    @Test
    void theFastProfileDetectsSoonerThanTheDefaults() {
        FailureDetection fast = FailureDetection.fast();
        FailureDetection defaults = FailureDetection.defaults();
        assertThat(fast.timeout()).isLessThan(defaults.timeout());
        assertThat(fast.verifyTimeout()).isLessThan(defaults.verifyTimeout());
        assertThat(fast.mergeInterval()).isLessThan(defaults.mergeInterval());
    }

    @Test
    void fastCrashTakeoverIsOnByDefaultAndSetOnce() {
        assertThat(ClusterConfig.builder().build().fastCrashTakeover()).isTrue();
        assertThat(ClusterConfig.builder().fastCrashTakeover(false).build().fastCrashTakeover()).isFalse();
        assertThatThrownBy(() -> ClusterConfig.builder().fastCrashTakeover(false).fastCrashTakeover(true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("fastCrashTakeover is already set to false");
    }

    @Test
    void stableAfterDefaultsToTheMinoritysWorstTimeToNoticeAPartitionAndAMargin() {
        // 10 s + 2 x 1 s + 3 x 2 s + 500 ms
        assertThat(ClusterConfig.builder().build().stableAfter()).isEqualTo(Duration.ofMillis(18_500));
        // 600 ms + 2 x 100 ms + 3 x 250 ms + 500 ms
        assertThat(ClusterConfig.builder().failureDetection(FailureDetection.fast()).build().stableAfter())
                .isEqualTo(Duration.ofMillis(2_050));
        assertThat(ClusterConfig.builder().failureDetection(FailureDetection.fast()).stableAfter(Duration.ofSeconds(2))
                .build().stableAfter()).isEqualTo(Duration.ofSeconds(2));
    }
}
