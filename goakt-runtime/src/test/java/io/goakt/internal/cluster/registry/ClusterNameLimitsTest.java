package io.goakt.internal.cluster.registry;

import io.goakt.internal.util.Limits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster-wide actor name is accepted exactly when the local spawn of the actor under that name would be: it is
 * refused before a claim is made, not by the owner's spawn after it.
 */
class ClusterNameLimitsTest {

    @Test
    void aClusterNameOfTheLongestActorNameLengthIsAccepted() {
        assertThatCode(() -> NamedActorService.checkName("n".repeat(Limits.MAX_NAME_LENGTH)))
                .doesNotThrowAnyException();
    }

    @Test
    void aClusterNameOneLongerIsRefused() {
        assertThatThrownBy(() -> NamedActorService.checkName("n".repeat(Limits.MAX_NAME_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster name");
    }

    @Test
    void aClusterNameWithACharacterAnActorNameRefusesIsRefused() {
        assertThatThrownBy(() -> NamedActorService.checkName("orders 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> NamedActorService.checkName("a/b")).isInstanceOf(IllegalArgumentException.class);
    }
}
