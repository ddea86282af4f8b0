package io.goakt.internal.cluster.singleton;

import io.goakt.internal.util.Limits;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A singleton name is accepted exactly when the actor name it becomes, prefix included, is. */
class SingletonNameLimitsTest {

    @Test
    void theLongestSingletonNameMakesAnActorNameOfTheLongestLength() {
        String longest = "s".repeat(SingletonService.MAX_NAME_LENGTH);
        assertThatCode(() -> SingletonService.checkName(longest)).doesNotThrowAnyException();
        assertThatCode(() -> Limits.check(Limits.actorNameProblem("singleton-" + longest, "actor name",
                Limits.MAX_NAME_LENGTH))).doesNotThrowAnyException();
    }

    @Test
    void aSingletonNameOneLongerIsRefused() {
        assertThatThrownBy(() -> SingletonService.checkName("s".repeat(SingletonService.MAX_NAME_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("singleton name");
    }

    @Test
    void aSingletonNameWithACharacterAnActorNameRefusesIsRefused() {
        assertThatThrownBy(() -> SingletonService.checkName("a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SingletonService.checkName("$own")).isInstanceOf(IllegalArgumentException.class);
    }
}
