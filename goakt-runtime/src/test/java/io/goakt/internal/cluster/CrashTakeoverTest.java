package io.goakt.internal.cluster;

import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterView;
import io.goakt.cluster.FailureDetection;
import io.goakt.cluster.Member;
import io.goakt.remote.Endpoint;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** When a view may be confirmed stable by the short path: the decision alone, on a clock the test moves. */
class CrashTakeoverTest {

    private static final Member A = member(1);
    private static final Member B = member(2);
    private static final Member C = member(3);
    private static final Member D = member(4);

    private final AtomicLong clock = new AtomicLong();

    private static Member member(int i) {
        return new Member("m" + i + "@127.0.0.1:" + i + "#00000" + i, "127.0.0.1", 7800 + i,
                new Endpoint("127.0.0.1", 7000 + i), Set.of(), 0);
    }

    private static ClusterView view(long id, Member... members) {
        return new ClusterView(id, A, List.of(members));
    }

    /** A takeover whose three-member view {A, B, C} (view 1) was confirmed stable by the full wait. */
    private CrashTakeover stableOfThree(ClusterConfig config) {
        CrashTakeover t = new CrashTakeover(config, A, clock::get);
        t.viewInstalled(view(1, A, B, C), List.of(), List.of(A, B, C));
        assertThat(t.mayBeFast()).as("a view reached by joins").isFalse();
        t.confirmed(view(0, A), false);
        return t;
    }

    private static ClusterConfig config() {
        return ClusterConfig.builder().failureDetection(FailureDetection.fast()).build();
    }

    @Test
    void aMemberWhoseSocketClosedBeforeItWasRemovedIsAccountedFor() {
        CrashTakeover t = stableOfThree(config());
        t.reported(C.id(), view(1, A, B, C));
        clock.addAndGet(Duration.ofMillis(300).toNanos());
        t.viewInstalled(view(2, A, B), List.of(C), List.of());

        assertThat(t.mayBeFast()).isTrue();
        assertThat(t.accountedFor()).isTrue();
        t.confirmed(view(0, A), true);
        assertThat(t.fastConfirmations()).isEqualTo(1);
        assertThat(t.fullConfirmations()).isEqualTo(1);
    }

    @Test
    void aReportThatArrivesAfterTheViewStillCountsAtTheMargin() {
        CrashTakeover t = stableOfThree(config());
        t.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(t.accountedFor()).isFalse();

        t.reported(C.id(), view(2, A, B));

        assertThat(t.accountedFor()).isTrue();
    }

    @Test
    void aMemberRemovedWithoutAClosedSocketOrAGracefulLeaveIsNotAccountedFor() {
        CrashTakeover t = stableOfThree(config());
        t.reported(C.id(), view(1, A, B, C));
        t.viewInstalled(view(2, A, B), List.of(B, C), List.of());
        assertThat(t.mayBeFast()).isTrue();
        assertThat(t.accountedFor()).as("B vanished without a report").isFalse();
    }

    @Test
    void aGracefulLeaverIsAccountedFor() {
        CrashTakeover t = stableOfThree(config());
        t.leftGracefully(C);
        t.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(t.accountedFor()).isTrue();
    }

    @Test
    void aReportOlderThanTheFailureDetectionTimeoutVouchesForNothing() {
        CrashTakeover t = stableOfThree(config());
        t.reported(C.id(), view(1, A, B, C));
        clock.addAndGet(FailureDetection.fast().timeout().plusMillis(1).toNanos());
        t.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(t.accountedFor()).isFalse();
    }

    @Test
    void aViewThatStillHoldsTheReportedMemberDropsTheReport() {
        CrashTakeover t = stableOfThree(config());
        t.reported(C.id(), view(1, A, B, C));
        // C answered its verification; B crashes later without a report
        t.viewInstalled(view(2, A, C), List.of(B), List.of());
        t.confirmed(view(0, A), false);
        t.viewInstalled(view(3, A), List.of(C), List.of());
        assertThat(t.accountedFor()).isFalse();
    }

    @Test
    void aViewThatAddedAMemberSinceTheLastStableViewIsNeverFast() {
        CrashTakeover t = stableOfThree(config());
        t.viewInstalled(view(2, A, B, C, D), List.of(), List.of(D));
        t.reported(C.id(), view(2, A, B, C, D));
        t.viewInstalled(view(3, A, B, D), List.of(C), List.of());
        assertThat(t.mayBeFast()).isFalse();
        assertThat(t.accountedFor()).isFalse();
    }

    @Test
    void aReportOfAMemberThatWasNeverInTheViewIsIgnored() {
        CrashTakeover t = stableOfThree(config());
        t.reported(D.id(), view(1, A, B, C));
        t.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(t.accountedFor()).isFalse();
    }

    @Test
    void turnedOffOrWithAStableAfterNoLongerThanTheMarginThereIsNoShortPath() {
        CrashTakeover off = stableOfThree(ClusterConfig.builder().failureDetection(FailureDetection.fast())
                .fastCrashTakeover(false).build());
        off.leftGracefully(C);
        off.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(off.accountedFor()).isFalse();

        CrashTakeover shortWait = stableOfThree(ClusterConfig.builder().stableAfter(Duration.ofMillis(300)).build());
        shortWait.leftGracefully(C);
        shortWait.viewInstalled(view(2, A, B), List.of(C), List.of());
        assertThat(shortWait.margin()).isEqualTo(Duration.ofMillis(300));
        assertThat(shortWait.accountedFor()).isFalse();
    }
}
