package io.goakt.cluster;

import io.goakt.cluster.QuorumProcessDrillTest.Driver;
import io.goakt.testsupport.MultiJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.goakt.cluster.QuorumProcessDrillTest.WITHIN;
import static io.goakt.cluster.QuorumProcessDrillTest.awaitOneViewWithQuorumAndOneActorPerName;
import static io.goakt.cluster.QuorumProcessDrillTest.awaitWithLogs;
import static io.goakt.cluster.QuorumProcessDrillTest.echoes;
import static io.goakt.cluster.QuorumProcessDrillTest.map;
import static io.goakt.cluster.QuorumProcessDrillTest.marks;
import static io.goakt.cluster.QuorumProcessDrillTest.spawnEchoes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster singleton and grains across member JVMs ({@link QuorumDrillMember}, {@link DrillServices}): a SIGKILL
 * of the singleton's member, a SIGSTOP/SIGCONT of it (three members on loopback), and a 2|3 partition with the
 * singleton on the minority (five members in network namespaces as root, else behind fault-injecting proxies: see
 * {@link DrillNetwork}). During each fault one surviving member keeps
 * asking and telling a named actor on every member, the singleton (through its proxy) and six grains.
 *
 * <p>Afterwards the test rebuilds from every member's log when each singleton instance and each grain activation
 * ran (start and stop times on the host's one clock) and proves that no two of one singleton or one grain
 * identity overlapped anywhere; a killed member's instances end when the kill returned, and a frozen member's
 * instances end when it was frozen provided they handled no message after it thawed. It proves one singleton
 * and one actor per name at the end, and accounts for every ask (answered or failed, none hangs) and tell
 * (delivered, a dead letter on a surviving member, or lost), printing the table by target.
 */
class SingletonGrainProcessDrillTest {

    private static final List<String> GRAINS = List.of("g1", "g2", "g3", "g4", "g5", "g6");
    private static final Pattern LOAD = Pattern.compile("^load asks=(\\d+) answered=(\\d+) failed=(\\d+) hung=(\\d+)"
            + " tells=(\\d+) failedByName=\\{(.*)} failures=\\{(.*)}$");
    private static final Pattern REPORT = Pattern.compile("^report delivered=(\\d+) duplicates=(\\d+)"
            + " deadletters=(\\d+) reasons=\\{(.*)}$");
    private static final Pattern TARGETS = Pattern.compile("^targets delivered=\\{(.*)} deadletters=\\{(.*)}"
            + " grainsHandled=\\{(.*)}$");
    private static final Pattern START = Pattern.compile(
            "^(?:singleton start|grain activate id=(\\S+)) member=(\\S+)(?: seq=\\d+)? t=(\\d+)$");
    private static final Pattern STOP = Pattern.compile(
            "^(?:singleton stop|grain deactivate id=(\\S+)) member=(\\S+)(?: seq=\\d+)? t=(\\d+) last=(\\d+).*$");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aKilledSingletonHostsSingletonComesBackOnAnotherMemberAndNoSingletonOrGrainEverRanTwice() throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startOnLoopback(jvms, "drill-singleton-kill");
            spawnEchoes(members);
            Driver host = singletonHost(members);
            List<Driver> survivors = members.stream().filter(m -> m != host).toList();
            Driver driver = survivors.get(0);
            startLoad(driver, members);
            Map<Driver, Integer> marks = marks(members);

            long fault = System.nanoTime();
            host.member.kill();
            long killedAt = System.currentTimeMillis();

            awaitViewAfterMarks(survivors, marks, 2);
            long detected = System.nanoTime();
            String restarted = awaitSingletonStart(survivors, marks);
            System.out.println("the singleton after the kill of " + host.name() + ": " + restarted);
            awaitSingletonAnswersFrom(jvms, driver, restarted);
            awaitWithLogs(jvms, () -> assertThat(driver.registry()).containsOnlyKeys(survivors.stream()
                    .map(m -> m.name() + "-echo").toList()));
            awaitGrainsAnswer(jvms, driver);
            long recovered = System.nanoTime();
            Tally tally = account(driver, members, survivors);
            drill("SIGKILL of the singleton's member, 3 members", fault, detected, recovered, tally);
            Timeline timeline = Timeline.of(members);
            timeline.endOpen(host.system, killedAt);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
        }
    }

    @Test
    void aFrozenSingletonHostLeavesOneSingletonAndGrainsActiveAtMostOnceAfterItThaws() throws Exception {
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startOnLoopback(jvms, "drill-singleton-freeze");
            spawnEchoes(members);
            Driver host = singletonHost(members);
            List<Driver> others = members.stream().filter(m -> m != host).toList();
            Driver driver = others.get(0);
            startLoad(driver, members);
            Map<Driver, Integer> marks = marks(members);

            long fault = System.nanoTime();
            host.member.stop();
            long frozenAt = System.currentTimeMillis();

            awaitViewAfterMarks(others, marks, 2);
            long detected = System.nanoTime();
            String restarted = awaitSingletonStart(others, marks);
            System.out.println("the singleton while " + host.name() + " is frozen: " + restarted);
            awaitSingletonAnswersFrom(jvms, driver, restarted);
            long recovered = System.nanoTime();

            long thawedAt = System.currentTimeMillis();
            host.member.resume();

            awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 3);
            System.out.println(host.name() + " after it thawed: " + host.awaitAfter(marks.get(host), "^quorum lost "));
            awaitGrainsAnswer(jvms, driver);
            Tally tally = account(driver, members, members);
            drill("SIGSTOP of the singleton's member past the detection timeout, SIGCONT, 3 members", fault,
                    detected, recovered, tally);
            Timeline timeline = Timeline.of(members);
            timeline.frozen(host.system, frozenAt, thawedAt);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
            assertOneLocation(jvms, members);
        }
    }

    @Test
    void aPartitionedMinorityStopsItsSingletonAndGrainsTheMajorityRunsOneAndAfterTheHealThereIsOneOfEach()
            throws Exception {
        try (DrillNetwork net = DrillNetwork.create(5); MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = net.start(jvms, dir, "drill-singleton-partition", "3", "fast");
            spawnEchoes(members);
            Driver host = singletonHost(members);
            int hostIndex = members.indexOf(host);
            int partner = (hostIndex + 1) % members.size();
            List<Driver> minority = List.of(host, members.get(partner));
            List<Driver> majority = members.stream().filter(m -> !minority.contains(m)).toList();
            Driver m3 = majority.get(0);
            startLoad(m3, members);
            Map<Driver, Integer> marks = marks(members);

            long fault = System.nanoTime();
            net.partition(Set.of(hostIndex, partner));

            for (Driver m : minority) {
                System.out.println(m.name() + ": " + m.awaitAfter(marks.get(m), "^quorum lost "));
            }
            awaitViewAfterMarks(majority, marks, 3);
            long detected = System.nanoTime();
            System.out.println(host.name() + ": " + host.awaitAfter(marks.get(host), "^singleton stop "));
            String restarted = awaitSingletonStart(majority, marks);
            System.out.println("the majority's singleton: " + restarted);
            awaitSingletonAnswersFrom(jvms, m3, restarted);
            awaitGrainsAnswer(jvms, m3);
            long recovered = System.nanoTime();
            for (Driver m : minority) {
                assertThat(Timeline.of(List.of(m)).running()).as("what still runs on %s", m.name()).isEmpty();
            }

            net.heal();

            awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 5);
            awaitGrainsAnswer(jvms, m3);
            Tally tally = account(m3, members, members);
            drill("2|3 partition with the singleton on the minority, then heal, 5 members", fault, detected,
                    recovered, tally);
            Timeline timeline = Timeline.of(members);
            timeline.assertNoOverlap(jvms);
            timeline.assertOneSingletonRunning(jvms);
            assertOneLocation(jvms, members);
        }
    }

    private List<Driver> startOnLoopback(MultiJvm jvms, String cluster) throws IOException {
        List<Integer> ports = ClusterFixture.freePorts(3);
        String hosts = String.join(",", ClusterFixture.hostPorts(ports));
        return QuorumProcessDrillTest.start(dir, 3, i -> {
            try {
                return jvms.start("m" + (i + 1), QuorumDrillMember.class, cluster, "127.0.0.1",
                        Integer.toString(ports.get(i)), hosts, dir.resolve("m" + (i + 1) + ".commands").toString(),
                        "2");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The member that runs the singleton, as the first member's proxy finds it. */
    static Driver singletonHost(List<Driver> members) {
        String reply = members.get(0).command("ask-singleton");
        assertThat(reply).startsWith("replied ");
        String system = reply.substring("replied ".length());
        Driver host = members.stream().filter(m -> m.system.equals(system)).findFirst().orElseThrow();
        System.out.println("the singleton runs on " + host.name());
        return host;
    }

    static String targets(List<Driver> members) {
        return echoes(members) + ",singleton," + GRAINS.stream().map(g -> "grain:" + g)
                .collect(Collectors.joining(","));
    }

    /**
     * Starts the load on {@code driver} and waits until every target answered five of its asks: every grain is
     * active and the singleton runs before the fault.
     */
    static void startLoad(Driver driver, List<Driver> members) {
        assertThat(driver.command("load-start 50 " + targets(members))).isEqualTo("load started");
        await().atMost(WITHIN).until(() -> map(driver.command("load-table").substring("table ".length())
                .replace(" ", ", ")).values().stream().allMatch(c -> Long.parseLong(c.split("/")[1]) >= 5));
    }

    /** Waits until each of {@code members} logged, after its mark, a view of {@code size} members. */
    static void awaitViewAfterMarks(List<Driver> members, Map<Driver, Integer> marks, int size) {
        for (Driver m : members) {
            m.awaitAfter(marks.get(m), "^view size=" + size + " ");
        }
    }

    /** Waits until {@code asker}'s ask to the singleton is answered by the member whose {@code startLine} it is. */
    static void awaitSingletonAnswersFrom(MultiJvm jvms, Driver asker, String startLine) {
        String member = startLine.split(" ")[2].substring("member=".length());
        awaitWithLogs(jvms, () -> assertThat(asker.command("ask-singleton")).isEqualTo("replied " + member));
    }

    /** Waits until one of {@code candidates} logged a singleton start after its mark; returns that line. */
    static String awaitSingletonStart(List<Driver> candidates, Map<Driver, Integer> marks) {
        return await().atMost(WITHIN).until(() -> candidates.stream().flatMap(m -> {
            List<String> lines = m.member.logLines();
            return lines.subList(Math.min(marks.get(m), lines.size()), lines.size()).stream();
        }).filter(l -> l.startsWith("singleton start ")).findFirst().orElse(null), java.util.Objects::nonNull);
    }

    static void awaitGrainsAnswer(MultiJvm jvms, Driver driver) {
        for (String g : GRAINS) {
            awaitWithLogs(jvms, () -> assertThat(driver.command("ask-grain " + g)).startsWith("replied "));
        }
    }

    /** Every member places the singleton on the same member. */
    static void assertOneLocation(MultiJvm jvms, List<Driver> members) {
        awaitWithLogs(jvms, () -> assertThat(members.stream().map(m -> m.command("singletons")).distinct().toList())
                .as("the singleton's location on each member").hasSize(1)
                .allMatch(l -> l.startsWith("singletons [" + DrillServices.SINGLETON + "=")));
    }

    /**
     * Stops the load on {@code driver}, checks every ask answered or failed (none hung) and every tell delivered at
     * most once, and prints the table by target: tells delivered or dead-lettered on the {@code surviving} members,
     * and the rest lost.
     */
    private static Tally account(Driver driver, List<Driver> members, List<Driver> surviving) {
        return account(driver, () -> {
            Map<String, List<String>> reports = new LinkedHashMap<>();
            for (Driver m : surviving) {
                reports.put(m.name(), List.of(m.command("report"), m.command("report-targets")));
            }
            return reports;
        });
    }

    /**
     * Prints a drill's {@code DRILL} line: the time to detect (from the fault until the members that stayed
     * reachable dropped the faulty one from their views) and to recover (until the singleton, the grains and the
     * names answered again), as the test observed them through its polling, and the tells' sums when given.
     */
    static void drill(String name, long fault, long detected, long recovered, Tally tally) {
        System.out.println("DRILL " + name + ": detected in " + Duration.ofNanos(detected - fault).toMillis()
                + " ms, recovered in " + Duration.ofNanos(recovered - fault).toMillis() + " ms"
                + (tally == null ? "" : "; " + tally));
    }

    /** What one member that left printed as it left: its {@code report} and {@code targets} lines. */
    static List<String> reportsAtLeave(Driver departed) {
        List<String> lines = departed.member.logLines();
        return List.of(lines.stream().filter(l -> l.startsWith("report ")).reduce((a, b) -> b).orElseThrow(),
                lines.stream().filter(l -> l.startsWith("targets ")).reduce((a, b) -> b).orElseThrow());
    }

    /** The sums of one load's table: asks and their outcomes, tells and what became of them. */
    record Tally(long asks, long answered, long failed, long hung, long tells, long delivered, long deadLetters,
                 long lost) {
        @Override
        public String toString() {
            return "asks " + asks + " (answered " + answered + ", failed " + failed + ", hung " + hung + "); tells "
                    + tells + " (delivered " + delivered + ", dead letters " + deadLetters + ", lost " + lost + ")";
        }
    }

    /**
     * {@link #account(Driver, List, List)} with the members' {@code report} and {@code report-targets} answers by
     * member name, collected once the load stopped: those of the members that are up and of those that left
     * gracefully (which print both as they leave). Returns the sums; tells the reports do not account for are lost.
     */
    static Tally account(Driver driver, java.util.function.Supplier<Map<String, List<String>>> afterStop) {
        Matcher l = LOAD.matcher(driver.command("load-stop"));
        Map<String, List<String>> reports = afterStop.get();
        assertThat(l.matches()).as("load line").isTrue();
        Map<String, String> table = map(driver.command("load-table").substring("table ".length()).replace(' ', ',')
                .replace(",", ", "));
        Map<String, Long> delivered = new TreeMap<>();
        Map<String, Long> deadLetters = new TreeMap<>();
        for (Map.Entry<String, List<String>> m : reports.entrySet()) {
            Matcher r = REPORT.matcher(m.getValue().get(0));
            assertThat(r.matches()).as("report line").isTrue();
            assertThat(Long.parseLong(r.group(2))).as("tells delivered twice on %s", m.getKey()).isZero();
            if (Long.parseLong(r.group(3)) > 0) {
                System.out.println("dead letters on " + m.getKey() + " by reason: " + r.group(4));
            }
            Matcher t = TARGETS.matcher(m.getValue().get(1));
            assertThat(t.matches()).as("targets line").isTrue();
            map(t.group(1)).forEach((k, v) -> delivered.merge(k, Long.parseLong(v), Long::sum));
            map(t.group(2)).forEach((k, v) -> deadLetters.merge(k, Long.parseLong(v), Long::sum));
            System.out.println("grain messages handled on " + m.getKey() + ": " + t.group(3));
        }
        System.out.println("failures: " + l.group(7));
        System.out.printf("%-12s %6s %8s %6s %4s | %6s %9s %11s %5s%n", "target", "asks", "answered", "failed",
                "hung", "tells", "delivered", "deadletters", "lost");
        long lostTotal = 0;
        long[] sums = new long[7];
        for (Map.Entry<String, String> e : table.entrySet()) {
            String[] c = e.getValue().split("/");
            long asks = Long.parseLong(c[0]);
            long answered = Long.parseLong(c[1]);
            long failed = Long.parseLong(c[2]);
            long hung = Long.parseLong(c[3]);
            long tells = Long.parseLong(c[4]);
            long d = delivered.getOrDefault(e.getKey(), 0L);
            long dl = deadLetters.getOrDefault(e.getKey(), 0L);
            System.out.printf("%-12s %6d %8d %6d %4d | %6d %9d %11d %5d%n", e.getKey(), asks, answered, failed, hung,
                    tells, d, dl, tells - d - dl);
            assertThat(hung).as("asks to %s that neither got an answer nor failed", e.getKey()).isZero();
            assertThat(answered + failed).as("asks to %s answered or failed", e.getKey()).isEqualTo(asks);
            assertThat(tells - d - dl).as("tells to %s delivered or dead-lettered more often than sent", e.getKey())
                    .isNotNegative();
            lostTotal += tells - d - dl;
            long[] row = {asks, answered, failed, hung, tells, d, dl};
            for (int i = 0; i < row.length; i++) {
                sums[i] += row[i];
            }
        }
        long remote = deadLetters.getOrDefault("remote", 0L);
        System.out.println("tells remoting dead-lettered without naming the target: " + remote + "; lost in all: "
                + (lostTotal - remote));
        assertThat(lostTotal - remote).as("tells accounted for more often than sent").isNotNegative();
        return new Tally(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], sums[6] + remote, lostTotal - remote);
    }

    /** When each singleton instance and grain activation ran, from the members' logs. */
    static final class Timeline {
        /** One instance: {@code end} is {@link Long#MAX_VALUE} while it runs; {@code last} its last message. */
        static final class Interval {
            final String key;
            final String member;
            final long start;
            long end = Long.MAX_VALUE;
            long last;

            Interval(String key, String member, long start) {
                this.key = key;
                this.member = member;
                this.start = start;
            }

            @Override
            public String toString() {
                return key + "@" + member + "[" + start + ", " + (end == Long.MAX_VALUE ? "running" : end)
                        + "] last=" + last;
            }
        }

        final List<Interval> intervals = new ArrayList<>();

        static Timeline of(List<Driver> members) {
            Timeline timeline = new Timeline();
            for (Driver m : members) {
                Map<String, Interval> open = new LinkedHashMap<>();
                for (String line : m.member.logLines()) {
                    Matcher s = START.matcher(line);
                    Matcher e = STOP.matcher(line);
                    if (s.matches()) {
                        String key = s.group(1) == null ? "singleton" : "grain:" + s.group(1);
                        Interval i = new Interval(key, s.group(2), Long.parseLong(s.group(3)));
                        open.put(key, i);
                        timeline.intervals.add(i);
                    } else if (e.matches()) {
                        Interval i = open.remove(e.group(1) == null ? "singleton" : "grain:" + e.group(1));
                        assertThat(i).as("%s: a stop without a start: %s", m.name(), line).isNotNull();
                        i.end = Long.parseLong(e.group(3));
                        i.last = Long.parseLong(e.group(4));
                    }
                }
            }
            return timeline;
        }

        /** The instances of a killed member that never stopped ended when the kill returned. */
        void endOpen(String member, long at) {
            intervals.stream().filter(i -> i.member.equals(member) && i.end == Long.MAX_VALUE).forEach(i -> i.end = at);
        }

        /**
         * A frozen member served nothing between the freeze and the thaw: an instance that ran across the freeze
         * and handled no message after the thaw ended, as far as serving goes, when the member was frozen.
         */
        void frozen(String member, long frozenAt, long thawedAt) {
            intervals.stream().filter(i -> i.member.equals(member) && i.start < frozenAt && i.end > thawedAt
                    && i.end != Long.MAX_VALUE && i.last < thawedAt).forEach(i -> i.end = frozenAt);
        }

        List<Interval> running() {
            return intervals.stream().filter(i -> i.end == Long.MAX_VALUE).toList();
        }

        void assertNoOverlap(MultiJvm jvms) {
            List<String> overlaps = new ArrayList<>();
            for (int a = 0; a < intervals.size(); a++) {
                for (int b = a + 1; b < intervals.size(); b++) {
                    Interval x = intervals.get(a);
                    Interval y = intervals.get(b);
                    if (x.key.equals(y.key) && x.start < y.end && y.start < x.end) {
                        overlaps.add(x + " overlaps " + y);
                    }
                }
            }
            System.out.println("instances recorded: " + intervals.stream().collect(Collectors.groupingBy(
                    i -> i.key, TreeMap::new, Collectors.counting())));
            if (!overlaps.isEmpty()) {
                throw new AssertionError("instances ran twice at once:\n" + String.join("\n", overlaps) + "\n"
                        + jvms.logs());
            }
        }

        void assertOneSingletonRunning(MultiJvm jvms) {
            List<Interval> singletons = running().stream().filter(i -> i.key.equals("singleton")).toList();
            if (singletons.size() != 1) {
                throw new AssertionError("singleton instances running: " + singletons + "\n" + jvms.logs());
            }
        }
    }
}
