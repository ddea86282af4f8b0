package io.goakt.testsupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MultiJvmTest {

    /** Far more ticks than any test waits for, so a member never ends on its own while a test drives it. */
    private static final String MANY_TICKS = "6000";
    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final int SIGKILL_EXIT_CODE = 128 + 9;

    @TempDir
    Path dir;

    @Test
    void killsOneMemberFreezesAndThawsAnotherAndStopsEveryProcessOnClose() throws Exception {
        List<MultiJvm.Member> started;
        try (MultiJvm jvms = new MultiJvm(dir)) {
            MultiJvm.Member killed = jvms.start("killed", TickingMain.class, MANY_TICKS);
            MultiJvm.Member frozen = jvms.start("frozen", TickingMain.class, MANY_TICKS);
            MultiJvm.Member witness = jvms.start("witness", TickingMain.class, MANY_TICKS);
            started = jvms.members();
            for (MultiJvm.Member member : started) {
                member.awaitLog("^tick 3$", WITHIN);
            }

            killed.kill();
            assertThat(killed.isAlive()).isFalse();
            assertThat(killed.exitCode()).hasValue(SIGKILL_EXIT_CODE);

            frozen.stop();
            int ticksWhenFrozen = ticks(frozen);
            // the witness's ticks are the clock: while it counts ten more, a running member would count too
            witness.awaitLog("^tick " + (ticks(witness) + 10) + "$", WITHIN);
            assertThat(ticks(frozen)).as("ticks of a stopped member").isEqualTo(ticksWhenFrozen);
            assertThat(frozen.isAlive()).isTrue();

            frozen.resume();
            frozen.awaitLog("^tick " + (ticksWhenFrozen + 1) + "$", WITHIN);
            assertThat(frozen.isAlive()).isTrue();
            assertThat(witness.isAlive()).isTrue();
            assertThat(jvms.logs()).contains("--- killed (pid " + killed.pid() + "), exited 137",
                    "--- frozen (pid " + frozen.pid() + "), running");
        }
        for (MultiJvm.Member member : started) {
            assertThat(member.isAlive()).as("%s after close", member).isFalse();
            assertThat(member.exitCode()).as("%s's exit code", member).hasValue(SIGKILL_EXIT_CODE);
        }
    }

    @Test
    void aMemberThatEndsByItselfReportsItsExitCodeAndKeepsItsLog() throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            MultiJvm.Member member = jvms.start("short", TickingMain.class, "5");

            assertThat(member.awaitExit(WITHIN)).isZero();
            assertThat(member.logLines()).containsExactly("started", "tick 1", "tick 2", "tick 3", "tick 4",
                    "tick 5", "done");
            assertThat(member.log()).isEqualTo(dir.resolve("short.log"));
        }
    }

    @Test
    void awaitingALineAMemberNeverWritesFailsWithItsLogOnceItExits() throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            MultiJvm.Member member = jvms.start("brief", TickingMain.class, "2");

            assertThatThrownBy(() -> member.awaitLog("^never$", WITHIN))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("brief exited (0)")
                    .hasMessageContaining("tick 2\ndone");
        }
    }

    @Test
    void closeKillsTheMembersOfATestThatThrew() throws Exception {
        MultiJvm[] harness = new MultiJvm[1];
        assertThatThrownBy(() -> {
            try (MultiJvm jvms = new MultiJvm(dir)) {
                harness[0] = jvms;
                jvms.start("abandoned", TickingMain.class, MANY_TICKS).awaitLog("^tick 1$", WITHIN);
                throw new IllegalStateException("the test body failed");
            }
        }).hasMessage("the test body failed");

        MultiJvm.Member abandoned = harness[0].members().get(0);
        assertThat(abandoned.isAlive()).isFalse();
        assertThat(abandoned.exitCode()).hasValue(SIGKILL_EXIT_CODE);
    }

    @Test
    void aMemberNameMustSuitAFileName() {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            assertThatThrownBy(() -> jvms.start("../escape", TickingMain.class, "1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("member name must match");
        }
    }

    private static int ticks(MultiJvm.Member member) {
        return (int) member.logLines().stream().filter(line -> line.matches("tick \\d+")).count();
    }
}
