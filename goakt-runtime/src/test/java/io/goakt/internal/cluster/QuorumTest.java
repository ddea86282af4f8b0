package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterView;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumRule;
import io.goakt.remote.Endpoint;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuorumTest {

    private static final List<Member> M = IntStream.range(0, 6).mapToObj(i -> new Member("m" + i, "127.0.0.1",
            7800 + i, new Endpoint("127.0.0.1", 7400 + i), Set.of(), 1)).toList();

    private static ClusterView view(long id, int... members) {
        return new ClusterView(id, M.get(members[0]), IntStream.of(members).mapToObj(M::get).toList());
    }

    @Test
    void keepMajorityKeepsTheSideWithMoreThanHalfOfTheStableView() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2, 3, 4));

        assertThat(q.holds(view(2, 2, 3, 4), Set.of())).isTrue();
        assertThat(q.holds(view(2, 0, 1), Set.of())).isFalse();
        assertThat(q.holds(view(1, 0, 1, 2, 3, 4), Set.of("m3", "m4", "m2"))).isFalse();
        assertThat(q.holds(view(1, 0, 1, 2, 3, 4), Set.of("m3", "m4"))).isTrue();
    }

    @Test
    void keepMajorityBreaksAnEvenSplitForTheSideOfTheOldestMember() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2, 3));

        assertThat(q.holds(view(2, 0, 1), Set.of())).isTrue();
        assertThat(q.holds(view(2, 2, 3), Set.of())).isFalse();
        assertThat(q.reason(view(2, 2, 3), Set.of())).contains("even split").contains("m0");
    }

    @Test
    void membersThatJoinedSinceTheStableViewCountOnBothSides() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2));

        // m3 and m4 joined, then m0..m2 became unreachable: 2 of 5.
        assertThat(q.holds(view(2, 0, 1, 2, 3, 4), Set.of("m0", "m1", "m2"))).isFalse();
        assertThat(q.holds(view(2, 0, 1, 2, 3, 4), Set.of("m3", "m4"))).isTrue();
    }

    @Test
    void aGracefulLeaveDoesNotCountAgainstQuorum() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2));
        q.leftGracefully(M.get(0));
        q.leftGracefully(M.get(1));

        assertThat(q.holds(view(3, 2), Set.of())).isTrue();
        assertThat(q.baseline()).containsExactly(M.get(2));
    }

    @Test
    void aViewThatBecomesStableAfterALeaveNoticeLeavesTheLeaverOut() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2));
        q.leftGracefully(M.get(1));
        q.stable(view(1, 0, 1, 2));

        assertThat(q.baseline()).containsExactly(M.get(0), M.get(2));
        assertThat(q.holds(view(2, 2), Set.of())).isFalse();
        assertThat(q.holds(view(2, 0), Set.of())).isTrue();
    }

    @Test
    void theFirstViewCountsAsStableUntilOneIs() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);

        assertThat(q.holds(view(1, 0, 1, 2), Set.of())).isTrue();
        assertThat(q.holds(view(2, 0), Set.of())).isFalse();
    }

    @Test
    void membersThatJoinedBeforeTheViewWasStableStillCountOnceTheyVanish() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0));
        assertThat(q.holds(view(2, 0, 1, 2), Set.of())).isTrue();

        // m1 and m2 joined, and a partition took them away before any view was stable: m0 alone is 1 of 3.
        assertThat(q.holds(view(2, 0, 1, 2), Set.of("m1", "m2"))).isFalse();
        assertThat(q.holds(view(3, 0), Set.of())).isFalse();
    }

    @Test
    void membersThatJoinASideWithoutQuorumDoNotGiveItQuorum() {
        Quorum q = new Quorum(QuorumRule.KEEP_MAJORITY, 1);
        q.stable(view(1, 0, 1, 2));
        assertThat(q.holds(view(2, 0), Set.of())).isFalse();

        // m3 joins the side of the oldest member m0 while m1 and m2 hold 2 of 3 on theirs: no even split to win.
        assertThat(q.holds(view(3, 0, 3), Set.of())).isFalse();
        assertThat(q.reason(view(3, 0, 3), Set.of())).contains("1 of 4");
        // once the partition heals, everyone counts
        assertThat(q.holds(view(4, 0, 1, 2, 3), Set.of())).isTrue();
    }

    @Test
    void staticQuorumCountsReachableMembersAgainstMinPeers() {
        Quorum q = new Quorum(QuorumRule.STATIC_QUORUM, 3);

        assertThat(q.holds(view(1, 0, 1, 2), Set.of())).isTrue();
        assertThat(q.holds(view(1, 0, 1, 2), Set.of("m1"))).isFalse();
        assertThat(q.holds(view(2, 3, 4, 5, 0), Set.of())).isTrue();
        assertThat(q.reason(view(1, 0, 1, 2), Set.of("m1"))).contains("min-peers 3");
    }

    @Test
    void ruleNamesParseAndAnUnknownOneNamesTheAllowedValues() {
        assertThat(QuorumRule.fromPropertyValue("Keep-Majority")).isEqualTo(QuorumRule.KEEP_MAJORITY);
        assertThat(QuorumRule.fromPropertyValue("static-quorum")).isEqualTo(QuorumRule.STATIC_QUORUM);
        assertThatThrownBy(() -> QuorumRule.fromPropertyValue("majority"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep-majority, static-quorum");
    }
}
