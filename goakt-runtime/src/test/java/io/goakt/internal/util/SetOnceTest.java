package io.goakt.internal.util;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SetOnceTest {

    @Test
    void aSecondClaimFailsNamingTheSettingAndTheValueItHolds() {
        SetOnce given = SetOnce.reusable();
        given.claim("port", 0);
        assertThatThrownBy(() -> given.claim("port", 7355))
                .isInstanceOf(IllegalStateException.class).hasMessage("port is already set to 7355");
    }

    @Test
    void settingsAreTrackedByName() {
        SetOnce given = SetOnce.reusable();
        given.claim("host", "127.0.0.1");
        assertThat(given.isGiven("host")).isTrue();
        assertThat(given.isGiven("port")).isFalse();
        given.claim("port", 0);
        assertThat(given.isGiven("port")).isTrue();
    }

    @Test
    void setRejectsNullNamingTheSettingAndLeavesItUnset() {
        SetOnce given = SetOnce.reusable();
        assertThatThrownBy(() -> given.set("mailbox", null, null))
                .isInstanceOf(NullPointerException.class).hasMessage("mailbox");
        assertThat(given.isGiven("mailbox")).isFalse();
        assertThat(given.set("mailbox", null, "fair")).isEqualTo("fair");
        assertThatThrownBy(() -> given.set("mailbox", "fair", "bounded"))
                .isInstanceOf(IllegalStateException.class).hasMessage("mailbox is already set to fair");
    }

    @Test
    void putOnceRefusesASecondValueForAKeyNamingTheFirst() {
        SetOnce given = SetOnce.reusable();
        Map<String, String> dispatchers = new LinkedHashMap<>();
        given.putOnce(dispatchers, "io", "first", "dispatcher 'io'");
        given.putOnce(dispatchers, "cpu", "other", "dispatcher 'cpu'");
        assertThatThrownBy(() -> given.putOnce(dispatchers, "io", "second", "dispatcher 'io'"))
                .isInstanceOf(IllegalStateException.class).hasMessage("dispatcher 'io' is already set to first");
        assertThat(dispatchers).containsExactly(Map.entry("io", "first"), Map.entry("cpu", "other"));
    }

    @Test
    void aReusableBuilderStaysOpenAfterBuilding() {
        SetOnce given = SetOnce.reusable();
        given.markBuilt();
        given.markBuilt();
        given.checkOpen();
        given.claim("host", "127.0.0.1");
    }

    @Test
    void aSingleUseBuilderRefusesEveryCallAfterBuildingNamingWhatItBuilt() {
        SetOnce given = SetOnce.singleUse("config");
        given.claim("throughput", 0);
        given.markBuilt();
        String built = "this builder has already built its config";
        assertThatThrownBy(given::markBuilt).isInstanceOf(IllegalStateException.class).hasMessage(built);
        assertThatThrownBy(given::checkOpen).isInstanceOf(IllegalStateException.class).hasMessage(built);
        assertThatThrownBy(() -> given.claim("parallelism", 0))
                .isInstanceOf(IllegalStateException.class).hasMessage(built);
        assertThatThrownBy(() -> given.putOnce(new LinkedHashMap<>(), "k", "v", "entry k"))
                .isInstanceOf(IllegalStateException.class).hasMessage(built);
    }
}
