package io.goakt.grain;

import io.goakt.mailbox.MailboxFactory;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrainOptionsTest {

    @Test
    void defaults() {
        GrainOptions o = GrainOptions.defaults();
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(o.maxMessages()).isZero();
        assertThat(o.mailbox()).isNull();
        assertThat(o.dispatcher()).isNull();
        assertThat(o.onFailure()).isEqualTo(GrainOptions.OnFailure.RESUME);
    }

    @Test
    void settingsAreCheckedAndGivenOnce() {
        assertThatThrownBy(() -> GrainOptions.builder().idleTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> GrainOptions.builder().idleTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrainOptions.builder().maxMessages(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrainOptions.builder().idleTimeout(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("PT1S");
        assertThatThrownBy(() -> GrainOptions.builder().maxMessages(3).maxMessages(4))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("3");
        GrainOptions o = GrainOptions.builder().idleTimeout(Duration.ofSeconds(5)).maxMessages(3)
                .mailbox(MailboxFactory.fair()).dispatcher("io").onFailure(GrainOptions.OnFailure.DEACTIVATE).build();
        assertThat(o.idleTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.maxMessages()).isEqualTo(3);
        assertThat(o.mailbox()).isNotNull();
        assertThat(o.dispatcher()).isEqualTo("io");
        assertThat(o.onFailure()).isEqualTo(GrainOptions.OnFailure.DEACTIVATE);
    }

    @Test
    void identitiesAreValidatedAndPrintAsKindSlashId() {
        assertThat(GrainIdentity.of("user", "42")).hasToString("user/42").isEqualTo(new GrainIdentity("user", "42"));
        assertThat(GrainIdentity.of("user", "a/b").toString()).isEqualTo("user/a/b");
        assertThatThrownBy(() -> GrainIdentity.of("", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrainIdentity.of("k", "  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrainIdentity.of("a/b", "1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GrainIdentity.of(null, "1")).isInstanceOf(NullPointerException.class);
    }
}
