package io.goakt.remote;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemotingConfigTest {

    @Test
    void defaults() {
        RemotingConfig c = RemotingConfig.builder().build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isZero();
        assertThat(c.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(c.maxFrameSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(c.compression()).containsExactly(Compression.NONE);
        assertThat(c.tls()).isNull();
    }

    @Test
    void builderSettingsReachTheConfigWithCompressionsInOrderOfPreference() {
        RemotingConfig c = RemotingConfig.builder().host("0.0.0.0").port(7355).advertisedHost("node-1.example")
                .advertisedPort(17355).maxFrameSize(65536).connectionsPerPeer(4)
                .compression(Compression.ZSTD, Compression.LZ4).build();
        assertThat(c.host()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(7355);
        assertThat(c.advertisedHost()).isEqualTo("node-1.example");
        assertThat(c.advertisedPort()).isEqualTo(17355);
        assertThat(c.maxFrameSize()).isEqualTo(65536);
        assertThat(c.connectionsPerPeer()).isEqualTo(4);
        assertThat(c.compression()).isEqualTo(List.of(Compression.ZSTD, Compression.LZ4));
    }

    @Test
    void compressionNamesParseTrimmedAndCaseInsensitively() {
        assertThat(Compression.of(" zstd")).isEqualTo(Compression.ZSTD);
        assertThat(Compression.of("LZ4 ")).isEqualTo(Compression.LZ4);
    }

    @Test
    void aRefusedValueLeavesTheSettingUnsetSoAValidOneCanFollow() {
        RemotingConfig.Builder b = RemotingConfig.builder();
        assertThatThrownBy(() -> b.port(70000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 65535]");
        assertThat(b.port(7355).build().port()).isEqualTo(7355);
    }

    @Test
    void settingsAreSetOnceAndChecked() {
        assertThatThrownBy(() -> RemotingConfig.builder().port(1).port(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already set to 1");
        assertThatThrownBy(() -> RemotingConfig.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().maxFrameSize(10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().heartbeatInterval(Duration.ofSeconds(5))
                .idleTimeout(Duration.ofSeconds(5)).build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> RemotingConfig.builder().kind("k", () -> ctx -> { }).kind("k", () -> ctx -> { }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Compression.of("gzip")).isInstanceOf(IllegalArgumentException.class);
    }
}
