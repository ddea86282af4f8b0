package io.goakt.internal.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.Member;
import io.goakt.cluster.QuorumLost;
import io.goakt.cluster.QuorumRegained;
import io.goakt.remote.Endpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A member whose process stood still ({@link PauseWatch}) has no quorum from the moment it thaws, and gets it back
 * in its old view only when members that still share that view make a quorum; time alone never restores it.
 */
class QuorumKeeperPauseTest {

    private static final List<Member> M = IntStream.range(0, 3).mapToObj(i -> new Member("m" + i, "127.0.0.1",
            7800 + i, new Endpoint("127.0.0.1", 7400 + i), Set.of(), 1)).toList();
    private static final ClusterView VIEW = new ClusterView(1, M.get(0), M);

    private final ActorSystem system = ActorSystem.create("quorum-keeper-pause");
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private final QuorumKeeper keeper = new QuorumKeeper(ClusterConfig.builder()
            .failureDetection(FailureDetection.fast()).build(), M.get(0), system.eventStream(), clock::get);

    @AfterEach
    void shutdown() {
        system.shutdown(Duration.ofSeconds(5));
    }

    /** m0 founded the view and ticked once; then it stood still for ten seconds. */
    private void pausedForTenSeconds() {
        system.eventStream().subscribe(QuorumLost.class, events::add);
        system.eventStream().subscribe(QuorumRegained.class, events::add);
        keeper.joined();
        keeper.viewInstalled(null, VIEW);
        keeper.judge(VIEW, Set.of());
        assertThat(keeper.hasQuorum()).isTrue();
        clock.addAndGet(Duration.ofSeconds(10).toNanos());
    }

    @Test
    void aThawedMemberHasNoQuorumBeforeAndAfterItsPauseWatchTicks() {
        pausedForTenSeconds();
        assertThat(keeper.hasQuorum()).as("thawed, before the tick").isFalse();

        Duration pause = keeper.tick();
        assertThat(pause).isGreaterThan(Duration.ofSeconds(9));
        assertThat(keeper.hasQuorum()).as("after the tick, before the verdict").isFalse();

        keeper.paused(VIEW, Set.of());
        assertThat(keeper.hasQuorum()).as("after the verdict").isFalse();
        assertThat(events).hasSize(1).first().isInstanceOf(QuorumLost.class);
        clock.addAndGet(Duration.ofSeconds(30).toNanos());
        keeper.tick();
        assertThat(keeper.hasQuorum()).as("however long no view comes").isFalse();
    }

    @Test
    void aPausedMemberRegainsQuorumOnlyWhenMembersStillSharingItsViewMakeAQuorum() {
        pausedForTenSeconds();
        keeper.tick();
        keeper.paused(VIEW, Set.of());
        byte[] probe = QuorumKeeper.pauseProbe(VIEW);

        byte[] fromM1 = QuorumKeeper.answerPauseProbe(M.get(0), probe, VIEW, Set.of());
        assertThat(QuorumKeeper.answerPauseProbe(M.get(0), probe, new ClusterView(2, M.get(1), M.subList(1, 3)),
                Set.of())).as("the answer of a member that removed m0").isNull();
        assertThat(QuorumKeeper.answerPauseProbe(M.get(0), probe, VIEW, Set.of("m0")))
                .as("the answer of a member that suspects m0").isNull();
        assertThat(fromM1).isNotNull();

        keeper.pauseConfirmed(M.get(0), fromM1, VIEW, Set.of());
        assertThat(keeper.hasQuorum()).as("its own answer counts for nothing").isFalse();
        keeper.pauseConfirmed(M.get(1), fromM1, VIEW, Set.of());
        assertThat(keeper.hasQuorum()).as("m0 and m1 of three share the view").isTrue();
        assertThat(events).hasSize(2).last().isInstanceOf(QuorumRegained.class);
    }

    @Test
    void aConfirmationOfAnOlderViewRestoresNothing() {
        pausedForTenSeconds();
        keeper.tick();
        keeper.paused(VIEW, Set.of());
        ClusterView merged = new ClusterView(3, M.get(1), M);
        keeper.viewInstalled(VIEW, merged);
        keeper.judge(merged, Set.of());
        int before = events.size();

        byte[] stale = QuorumKeeper.answerPauseProbe(M.get(1), QuorumKeeper.pauseProbe(VIEW), VIEW, Set.of());
        keeper.pauseConfirmed(M.get(1), stale, merged, Set.of());

        assertThat(keeper.pausedIn(VIEW)).isFalse();
        assertThat(events).hasSize(before);
    }
}
