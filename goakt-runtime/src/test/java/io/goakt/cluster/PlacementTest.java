package io.goakt.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlacementTest {

    @Test
    void aRoleRestrictsAnyStrategyAndRoleAloneIsRoundRobin() {
        assertThat(Placement.role("web")).isEqualTo(Placement.roundRobin().inRole("web"));
        Placement p = Placement.leastLoaded().inRole("compute");
        assertThat(p.strategy()).isEqualTo(Placement.Strategy.LEAST_LOADED);
        assertThat(p.role()).contains("compute");
        assertThat(Placement.random().role()).isEmpty();
        assertThat(Placement.local().strategy()).isEqualTo(Placement.Strategy.LOCAL);
    }

    @Test
    void anInvalidRoleFailsNamingTheRoleAndTheAllowedCharacters() {
        assertThatThrownBy(() -> Placement.role("no spaces")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'no spaces'").hasMessageContaining("A-Z a-z 0-9 . _ -");
        assertThatThrownBy(() -> Placement.random().inRole("")).isInstanceOf(IllegalArgumentException.class);
    }
}
