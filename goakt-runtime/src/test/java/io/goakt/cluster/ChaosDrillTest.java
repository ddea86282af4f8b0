package io.goakt.cluster;

import io.goakt.cluster.QuorumProcessDrillTest.Driver;
import io.goakt.cluster.SingletonGrainProcessDrillTest.Tally;
import io.goakt.cluster.SingletonGrainProcessDrillTest.Timeline;
import io.goakt.testsupport.MultiJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.goakt.cluster.QuorumProcessDrillTest.WITHIN;
import static io.goakt.cluster.QuorumProcessDrillTest.awaitOneViewWithQuorumAndOneActorPerName;
import static io.goakt.cluster.QuorumProcessDrillTest.awaitWithLogs;
import static io.goakt.cluster.QuorumProcessDrillTest.marks;
import static io.goakt.cluster.QuorumProcessDrillTest.spawnEchoes;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.account;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.assertOneLocation;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.awaitGrainsAnswer;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.awaitSingletonAnswersFrom;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.awaitSingletonStart;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.awaitViewAfterMarks;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.drill;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.reportsAtLeave;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.singletonHost;
import static io.goakt.cluster.SingletonGrainProcessDrillTest.startLoad;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long chaos drills of the {@code reliability} profile (tag {@code reliability}, left out of the default build):
 * a SIGKILL of the singleton's member in a cluster of five member JVMs, a SIGSTOP of it past the detection timeout
 * and its SIGCONT in a cluster of five, and a rolling restart of every member of a
 * cluster of three (each in turn leaves gracefully, its process exits and a new process joins on the same port).
 * The members are {@link QuorumDrillMember}s on loopback, as in {@link SingletonGrainProcessDrillTest}, whose
 * three-member SIGKILL and SIGSTOP/SIGCONT drills and five-member partition run in the default build.
 *
 * <p>During each fault one member that stays up asks and tells, every 50 ms, a named actor on every member, the
 * singleton through its proxy and six grains. Afterwards the test proves from every member's log that no two
 * instances of the singleton or of one grain identity ran at once, that one singleton runs and every member places
 * it on the same member, that every name has one actor, that every ask was answered or failed (none hung), and that
 * every tell was delivered once, dead-lettered with a reason or lost (counted); a member that left prints what
 * reached it as it leaves, so a graceful restart loses nothing to the accounting.
 *
 * <p>Each drill prints one {@code DRILL} line: the time to detect (from the fault until every other member's view
 * dropped the member) and to recover (from the fault until the singleton, every grain and every name answered
 * again; for the freeze, until the others' singleton answered while the member was still frozen), as the test
 * observed them through its polling, and the tells' sums. These are figures to record in
 * {@code docs/reliability.md}, not assertions.
 */
@Tag("reliability")
class ChaosDrillTest {

    private static final Pattern COUNTS = Pattern.compile("^(report delivered=)(\\d+)( duplicates=\\d+ deadletters=)"
            + "(\\d+)( .*)$");
    private static final Pattern TARGETS = Pattern.compile("^targets delivered=\\{(.*)} deadletters=\\{(.*)}"
            + "( grainsHandled=.*)$");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aKilledSingletonHostOfFiveIsReplacedAndNoSingletonOrGrainEverRanTwice() throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startSettled(jvms, "drill-kill-five", ClusterFixture.freePorts(5), "3");
            Driver host = singletonHost(members);
            List<Driver> survivors = members.stream().filter(m -> m != host).toList();
            Driver driver = survivors.get(0);
            startLoad(driver, members);
            Map<Driver, Integer> marks = marks(members);

            long fault = System.nanoTime();
            host.member.kill();
            long killedAt = System.currentTimeMillis();

            awaitViewAfterMarks(survivors, marks, 4);
            long detected = System.nanoTime();
            String restarted = awaitSingletonStart(survivors, marks);
            awaitSingletonAnswersFrom(jvms, driver, restarted);
            awaitWithLogs(jvms, () -> assertThat(driver.registry()).containsOnlyKeys(survivors.stream()
                    .map(m -> m.name() + "-echo").toList()));
            awaitGrainsAnswer(jvms, driver);
            long recovered = System.nanoTime();

            Tally tally = account(driver, () -> reports(survivors));
            Timeline timeline = Timeline.of(members);
            timeline.endOpen(host.system, killedAt);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
            assertOneLocation(jvms, survivors);
            drill("SIGKILL of the singleton's member, 5 members", fault, detected, recovered, tally);
        }
    }

    @Test
    void aFrozenSingletonHostOfFiveIsReplacedWhileFrozenAndAfterItThawsThereIsOneSingletonAndGrainsRanAtMostOnce()
            throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startSettled(jvms, "drill-freeze-five", ClusterFixture.freePorts(5), "3");
            Driver host = singletonHost(members);
            List<Driver> others = members.stream().filter(m -> m != host).toList();
            Driver driver = others.get(0);
            startLoad(driver, members);
            Map<Driver, Integer> marks = marks(members);

            long fault = System.nanoTime();
            host.member.stop();
            long frozenAt = System.currentTimeMillis();

            awaitViewAfterMarks(others, marks, 4);
            long detected = System.nanoTime();
            String restarted = awaitSingletonStart(others, marks);
            awaitSingletonAnswersFrom(jvms, driver, restarted);
            long recovered = System.nanoTime();

            long thawedAt = System.currentTimeMillis();
            host.member.resume();

            awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 5);
            awaitGrainsAnswer(jvms, driver);
            Tally tally = account(driver, () -> reports(members));
            Timeline timeline = Timeline.of(members);
            timeline.frozen(host.system, frozenAt, thawedAt);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
            assertOneLocation(jvms, members);
            drill("SIGSTOP of the singleton's member past the detection timeout, SIGCONT, 5 members", fault,
                    detected, recovered, tally);
        }
    }

    @Test
    void aRollingRestartOfEveryMemberOfThreeKeepsOneSingletonGrainsActiveAtMostOnceAndAccountsForEveryTell()
            throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Integer> ports = ClusterFixture.freePorts(3);
            List<Driver> members = startSettled(jvms, "drill-rolling", ports, "2");
            List<Driver> incarnations = new ArrayList<>(members);

            // m1 drives the load while m2 and m3 restart; then m2's new process drives it while m1 restarts
            Driver driver = members.get(0);
            startLoad(driver, members);
            Map<String, List<String>> departed = new LinkedHashMap<>();
            for (int i : new int[] {1, 2}) {
                restart(jvms, ports, members, incarnations, i, departed, driver);
            }
            Map<String, List<String>> leftInFirst = departed;
            Tally first = account(driver, () -> withLive(leftInFirst, members));
            Map<String, List<String>> before = reports(members);

            driver = members.get(1);
            startLoad(driver, members);
            departed = new LinkedHashMap<>();
            restart(jvms, ports, members, incarnations, 0, departed, driver);
            Map<String, List<String>> leftInSecond = departed;
            Tally second = account(driver, () -> {
                Map<String, List<String>> delta = new LinkedHashMap<>();
                withLive(leftInSecond, members).forEach((process, lines) -> delta.put(process,
                        minus(lines, before.get(process))));
                return delta;
            });

            Timeline timeline = Timeline.of(incarnations);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
            assertOneLocation(jvms, members);
            System.out.println("DRILL rolling restart, 3 members: while m2 and m3 restarted: " + first
                    + "; while m1 restarted: " + second);
        }
    }

    /**
     * Member {@code i} leaves gracefully and its process exits; a new process joins on its port and spawns its
     * echo again. Waits until the view, the names, the singleton and the grains are whole again, and prints the
     * drill's line.
     */
    private void restart(MultiJvm jvms, List<Integer> ports, List<Driver> members, List<Driver> incarnations,
                         int i, Map<String, List<String>> departed, Driver driver) throws IOException {
        Driver old = members.get(i);
        List<Driver> others = members.stream().filter(m -> m != old).toList();
        Map<Driver, Integer> marks = marks(others);

        long fault = System.nanoTime();
        assertThat(old.command("leave")).isEqualTo("left");
        assertThat(old.member.awaitExit(WITHIN)).as("%s's exit code", old.member.name()).isZero();
        departed.put(old.member.name(), reportsAtLeave(old));
        awaitViewAfterMarks(others, marks, 2);
        long detected = System.nanoTime();

        Driver fresh = start(jvms, "drill-rolling", ports, i, old.member.name() + "-" + (incarnations.size() + 1),
                "2");
        fresh = new Driver(fresh.member, fresh.commands, old.name());
        fresh.member.awaitLog("^view size=3 ", WITHIN);
        fresh.system = fresh.member.awaitLog("^system ", WITHIN).substring("system ".length());
        Driver spawner = fresh;
        awaitWithLogs(jvms, () -> assertThat(spawner.command("spawn " + spawner.name() + "-echo"))
                .isEqualTo("spawned " + spawner.name() + "-echo"));
        members.set(i, fresh);
        incarnations.add(fresh);
        awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 3);
        awaitWithLogs(jvms, () -> assertThat(driver.command("ask-singleton")).startsWith("replied "));
        awaitGrainsAnswer(jvms, driver);
        long recovered = System.nanoTime();
        drill("rolling restart of " + old.name() + ", 3 members", fault, detected, recovered, null);
    }

    /** Starts a member on each of {@code ports}, waits until they are settled and spawns each one's echo. */
    private List<Driver> startSettled(MultiJvm jvms, String cluster, List<Integer> ports, String minPeers)
            throws IOException {
        List<Driver> members = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            members.add(start(jvms, cluster, ports, i, "m" + (i + 1), minPeers));
        }
        awaitJoined(jvms, members, ports.size());
        spawnEchoes(members);
        return members;
    }

    private Driver start(MultiJvm jvms, String cluster, List<Integer> ports, int i, String process, String minPeers)
            throws IOException {
        String hosts = String.join(",", ClusterFixture.hostPorts(ports));
        Path commands = dir.resolve(process + ".commands");
        return new Driver(jvms.start(process, QuorumDrillMember.class, cluster, "127.0.0.1",
                Integer.toString(ports.get(i)), hosts, commands.toString(), minPeers), commands);
    }

    /**
     * Waits until every member has a view of {@code n}, printed its system's name and has quorum (a member that
     * stood still while the others started waits for their next view), and the singleton answers: the drill's
     * fault comes to a settled cluster.
     */
    private static void awaitJoined(MultiJvm jvms, List<Driver> members, int n) {
        for (Driver d : members) {
            d.member.awaitLog("^view size=" + n + " ", WITHIN);
        }
        for (Driver d : members) {
            d.system = d.member.awaitLog("^system ", WITHIN).substring("system ".length());
        }
        awaitWithLogs(jvms, () -> assertThat(members).allSatisfy(d -> assertThat(d.status())
                .isEqualTo("status size=" + n + " quorum=true")));
        awaitWithLogs(jvms, () -> assertThat(members.get(0).command("ask-singleton")).startsWith("replied "));
    }

    /** The {@code report} and {@code report-targets} answers of each member, by the name of its process. */
    private static Map<String, List<String>> reports(List<Driver> members) {
        Map<String, List<String>> reports = new LinkedHashMap<>();
        for (Driver m : members) {
            reports.put(m.member.name(), List.of(m.command("report"), m.command("report-targets")));
        }
        return reports;
    }

    private static Map<String, List<String>> withLive(Map<String, List<String>> departed, List<Driver> members) {
        Map<String, List<String>> all = new LinkedHashMap<>(departed);
        all.putAll(reports(members));
        return all;
    }

    /**
     * What reached a member between two reports of it: {@code before} is null for a process that started after the
     * first report. Duplicates and reasons stay as {@code after} has them (over the process's life).
     */
    private static List<String> minus(List<String> after, List<String> before) {
        if (before == null) {
            return after;
        }
        Matcher a = COUNTS.matcher(after.get(0));
        Matcher b = COUNTS.matcher(before.get(0));
        Matcher ta = TARGETS.matcher(after.get(1));
        Matcher tb = TARGETS.matcher(before.get(1));
        assertThat(a.matches() && b.matches() && ta.matches() && tb.matches()).as("report lines %s %s", after,
                before).isTrue();
        String report = a.group(1) + (Long.parseLong(a.group(2)) - Long.parseLong(b.group(2))) + a.group(3)
                + (Long.parseLong(a.group(4)) - Long.parseLong(b.group(4))) + a.group(5);
        String targets = "targets delivered={" + minus(ta.group(1), tb.group(1)) + "} deadletters={"
                + minus(ta.group(2), tb.group(2)) + "}" + ta.group(3);
        return List.of(report, targets);
    }

    private static String minus(String after, String before) {
        Map<String, Long> counts = new TreeMap<>();
        QuorumProcessDrillTest.map(after).forEach((k, v) -> counts.merge(k, Long.parseLong(v), Long::sum));
        QuorumProcessDrillTest.map(before).forEach((k, v) -> counts.merge(k, -Long.parseLong(v), Long::sum));
        return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
}
