package io.goakt.internal.cluster.registry;

import io.goakt.actor.Address;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.goakt.internal.cluster.registry.RegistryMessage.ClaimReply.GRANTED;
import static io.goakt.internal.cluster.registry.RegistryMessage.ClaimReply.NO_QUORUM;
import static io.goakt.internal.cluster.registry.RegistryMessage.ClaimReply.RETRY;
import static io.goakt.internal.cluster.registry.RegistryMessage.ClaimReply.TAKEN;
import static org.assertj.core.api.Assertions.assertThat;

class ArbiterTest {

    private static final int PARTITIONS = 271;
    private final Member a = RegistryFixtures.member("a#1", Set.of());
    private final Member b = RegistryFixtures.member("b#2", Set.of());
    private final ClusterView viewOfA = new ClusterView(5, a, List.of(a, b));
    private boolean quorate = true;
    private final Arbiter arbiter = new Arbiter(a, PARTITIONS, () -> quorate);

    /** A name that {@code a} arbitrates in {@link #viewOfA}. */
    private String nameOfA() {
        for (int i = 0; ; i++) {
            if (Partitions.arbiterOf("n" + i, PARTITIONS, viewOfA.members()).equals(a)) {
                return "n" + i;
            }
        }
    }

    private String nameOfB() {
        for (int i = 0; ; i++) {
            if (Partitions.arbiterOf("n" + i, PARTITIONS, viewOfA.members()).equals(b)) {
                return "n" + i;
            }
        }
    }

    @Test
    void aClaimFromAnotherViewOrForAnotherArbitersNameIsToBeRetried() {
        assertThat(arbiter.arbitrate("b#2", 1, nameOfA(), 4, viewOfA, Optional.empty(), 0)).isEqualTo(RETRY);
        assertThat(arbiter.arbitrate("b#2", 1, nameOfB(), 5, viewOfA, Optional.empty(), 0)).isEqualTo(RETRY);
    }

    @Test
    void anArbiterWithoutQuorumGrantsNothingAndGrantsAgainOnceQuorumIsBack() {
        quorate = false;
        assertThat(arbiter.arbitrate("b#2", 1, nameOfA(), 5, viewOfA, Optional.empty(), 0)).isEqualTo(NO_QUORUM);
        quorate = true;
        assertThat(arbiter.arbitrate("b#2", 1, nameOfA(), 5, viewOfA, Optional.empty(), 0)).isEqualTo(GRANTED);
    }

    @Test
    void aNameWithAnEntryIsTaken() {
        RegistryEntry entry = new RegistryEntry(nameOfA(), "b#2", Address.local("s", "/user/x"), 1, 1, 1);
        assertThat(arbiter.arbitrate("a#1", 1, nameOfA(), 5, viewOfA, Optional.of(entry), 0)).isEqualTo(TAKEN);
    }

    @Test
    void aReservationRefusesOtherClaimsButGrantsItsOwnRetryUntilSettledReleasedOrExpired() {
        String name = nameOfA();
        assertThat(arbiter.arbitrate("b#2", 7, name, 5, viewOfA, Optional.empty(), 1000)).isEqualTo(GRANTED);
        assertThat(arbiter.arbitrate("b#2", 7, name, 5, viewOfA, Optional.empty(), 1001)).isEqualTo(GRANTED);
        assertThat(arbiter.arbitrate("b#2", 8, name, 5, viewOfA, Optional.empty(), 1002)).isEqualTo(TAKEN);
        assertThat(arbiter.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1002)).isEqualTo(TAKEN);

        arbiter.release(name, "a#1", 7);
        assertThat(arbiter.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1003)).isEqualTo(TAKEN);
        arbiter.release(name, "b#2", 7);
        assertThat(arbiter.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1004)).isEqualTo(GRANTED);

        long expired = 1004 + Arbiter.RESERVATION_TTL_MILLIS;
        assertThat(arbiter.arbitrate("b#2", 9, name, 5, viewOfA, Optional.empty(), expired)).isEqualTo(GRANTED);
        arbiter.settled(name);
        assertThat(arbiter.arbitrate("a#1", 2, name, 5, viewOfA, Optional.empty(), expired)).isEqualTo(GRANTED);
    }

    @Test
    void aReservationLastsTheConfiguredLifetime() {
        Arbiter shortLived = new Arbiter(a, PARTITIONS, () -> true, 100);
        String name = nameOfA();
        assertThat(shortLived.arbitrate("b#2", 7, name, 5, viewOfA, Optional.empty(), 1000)).isEqualTo(GRANTED);

        assertThat(shortLived.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1099)).isEqualTo(TAKEN);
        assertThat(shortLived.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1100)).isEqualTo(GRANTED);
    }

    @Test
    void theReservationsOfAMemberThatLeftAreDropped() {
        String name = nameOfA();
        assertThat(arbiter.arbitrate("b#2", 7, name, 5, viewOfA, Optional.empty(), 0)).isEqualTo(GRANTED);

        arbiter.retain(new ClusterView(6, a, List.of(a)));

        assertThat(arbiter.arbitrate("a#1", 1, name, 5, viewOfA, Optional.empty(), 1)).isEqualTo(GRANTED);
    }
}
