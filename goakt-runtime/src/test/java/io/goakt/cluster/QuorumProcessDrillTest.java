package io.goakt.cluster;

import io.goakt.testsupport.MultiJvm;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Split-brain safety across member JVMs ({@link QuorumDrillMember}): a network partition 2|3 between five members
 * (in network namespaces as root, else behind fault-injecting proxies: see {@link DrillNetwork}), and a
 * SIGSTOP/SIGCONT and a SIGKILL of one of three members on loopback. During each fault the first member keeps asking and telling a named actor on every member; afterwards the test accounts for every
 * ask (answered or failed, none hangs) and every tell (delivered once, a dead letter on a surviving member, or lost
 * with the killed member or in flight when the link went down: counted and printed). Every wait is bounded; every
 * process and namespace is removed, also when a test fails. Counts are printed, never timings. The members detect
 * failures with {@link QuorumDrillMember#LOADED}, so that a member of the majority that stands still for a second on
 * a loaded machine keeps its quorum, which the test asserts.
 */
class QuorumProcessDrillTest {

    static final Duration WITHIN = Duration.ofSeconds(60);
    /** A command's answer: asks time out after 5 s and a load drains within 20 s. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(45);
    private static final Pattern STATE = Pattern.compile("^state registry=\\{(.*)} running=\\[(.*)]$");
    private static final Pattern LOAD = Pattern.compile("^load asks=(\\d+) answered=(\\d+) failed=(\\d+) hung=(\\d+)"
            + " tells=(\\d+) failedByName=\\{(.*)} failures=\\{(.*)}$");
    private static final Pattern REPORT = Pattern.compile("^report delivered=(\\d+) duplicates=(\\d+)"
            + " deadletters=(\\d+) reasons=\\{(.*)}$");

    @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void aPartitionedMinorityLosesQuorumAndRefusesNamesWhileTheMajorityServesAndAfterTheHealEveryNameHasOneActor()
            throws Exception {
        try (DrillNetwork net = DrillNetwork.create(5); MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = net.start(jvms, dir, "drill-quorum-partition", "3", "loaded");
            List<Driver> majority = members.subList(0, 3);
            List<Driver> minority = members.subList(3, 5);
            Driver m1 = members.get(0);
            spawnEchoes(members);
            startLoad(m1, members);

            Map<Driver, Integer> marks = marks(members);

            net.partition(Set.of(3, 4));

            for (Driver m : minority) {
                System.out.println(m.name() + ": " + m.awaitAfter(marks.get(m), "^quorum lost "));
                m.awaitAfter(marks.get(m), "^view size=2 ");
            }
            String refused = minority.get(0).command("spawn minority-name");
            System.out.println("a cluster-unique spawn on the minority: " + refused);
            assertThat(refused).startsWith("failed " + NameRegistrationException.class.getName());
            for (Driver m : majority) {
                m.awaitAfter(marks.get(m), "^view size=3 ");
                assertThat(m.status()).isEqualTo("status size=3 quorum=true");
            }
            awaitWithLogs(jvms, () -> assertThat(m1.registry()).doesNotContainKey("m5-echo"));
            // The majority takes the name of a member it lost: after the heal, two registrations meet.
            assertThat(m1.command("spawn m5-echo")).isEqualTo("spawned m5-echo");
            assertThat(m1.command("ask m2-echo")).isEqualTo("replied " + members.get(1).system);
            for (Driver m : majority) {
                assertThat(m.member.logLines()).as("%s's log during the partition", m.name())
                        .noneMatch(l -> l.startsWith("quorum lost"));
            }

            net.heal();

            awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 5);
            for (Driver m : minority) {
                m.member.awaitLog("^quorum regained ", WITHIN);
            }
            System.out.println("m5-echo after the heal runs on " + m1.registry().get("m5-echo"));
            Load load = account(m1, members, Set.of());
            assertThat(load.failedByName()).as("asks to the majority's names failed")
                    .doesNotContainKeys("m1-echo", "m2-echo", "m3-echo");
        }
    }

    @Test
    void aFrozenMemberOfThreeCostsTheOthersNoQuorumAndAfterItThawsEveryNameHasOneActor() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startOnLoopback(jvms, "drill-quorum-freeze", ports);
            Driver m1 = members.get(0);
            Driver m3 = members.get(2);
            spawnEchoes(members);
            startLoad(m1, members);

            Map<Driver, Integer> marks = marks(members);

            m3.member.stop();

            for (Driver m : members.subList(0, 2)) {
                m.awaitAfter(marks.get(m), "^view size=2 ");
                assertThat(m.status()).isEqualTo("status size=2 quorum=true");
            }

            for (Driver m : members.subList(0, 2)) {
                assertThat(m.member.logLines()).as("%s's log while m3 is frozen", m.name())
                        .noneMatch(l -> l.startsWith("quorum lost"));
            }

            m3.member.resume();

            awaitOneViewWithQuorumAndOneActorPerName(jvms, members, 3);
            // m3 cannot see that it was removed while frozen, except by the time it stood still.
            assertThat(m3.awaitAfter(marks.get(m3), "^quorum lost ")).contains("stood still");
            m3.awaitAfter(marks.get(m3), "^quorum regained ");
            account(m1, members, Set.of());
        }
    }

    @Test
    void aKilledMemberOfThreeCostsTheOthersNoQuorumAndEveryAskAndTellIsAccountedFor() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = startOnLoopback(jvms, "drill-quorum-kill", ports);
            Driver m1 = members.get(0);
            Driver m3 = members.get(2);
            spawnEchoes(members);
            startLoad(m1, members);
            for (Driver m : members) {
                m.member.awaitLog("^stable size=3 ", WITHIN);
            }

            Map<Driver, Integer> marks = marks(members);

            m3.member.kill();

            for (Driver m : members.subList(0, 2)) {
                m.awaitAfter(marks.get(m), "^view size=2 ");
                assertThat(m.awaitAfter(marks.get(m), "^stable size=2 "))
                        .as("%s confirmed the view without the killed member by the short path", m.name())
                        .endsWith("fast-confirmations=1");
                assertThat(m.status()).isEqualTo("status size=2 quorum=true");
                assertThat(m.member.logLines()).as("%s's log", m.name()).noneMatch(l -> l.startsWith("quorum lost"));
            }
            awaitWithLogs(jvms, () -> assertThat(m1.registry()).containsOnlyKeys("m1-echo", "m2-echo"));
            assertThat(m1.command("ask m2-echo")).isEqualTo("replied " + members.get(1).system);
            Load load = account(m1, members, Set.of(m3));
            assertThat(load.failedByName()).as("asks to the survivors' names failed")
                    .doesNotContainKeys("m1-echo", "m2-echo");
        }
    }

    /** Starts the load on {@code driver} and waits until ten rounds of its asks were answered. */
    private static void startLoad(Driver driver, List<Driver> members) {
        assertThat(driver.command("load-start 20 " + echoes(members))).isEqualTo("load started");
        await().atMost(WITHIN).until(() -> Long.parseLong(driver.command("load-answered").substring(
                "answered=".length())) >= 10L * members.size());
    }

    /** What a load reported. */
    record Load(long asks, long answered, long failed, long hung, long tells, Map<String, String> failedByName) {
    }

    /**
     * Stops the load on {@code driver} and accounts for it: every ask answered or failed, none hung; every tell
     * delivered once to an echo on a member outside {@code killed}, dead-lettered on one, or lost (printed).
     */
    static Load account(Driver driver, List<Driver> members, Set<Driver> killed) {
        Matcher l = LOAD.matcher(driver.command("load-stop"));
        assertThat(l.matches()).as("load line").isTrue();
        Load load = new Load(Long.parseLong(l.group(1)), Long.parseLong(l.group(2)), Long.parseLong(l.group(3)),
                Long.parseLong(l.group(4)), Long.parseLong(l.group(5)), map(l.group(6)));
        System.out.println("asks: " + load.asks() + " sent, " + load.answered() + " answered, " + load.failed()
                + " failed, " + load.hung() + " hung; failures " + l.group(7) + "; failed by name "
                + load.failedByName());
        assertThat(load.hung()).as("asks that neither got an answer nor failed").isZero();
        assertThat(load.answered() + load.failed()).as("asks answered or failed").isEqualTo(load.asks());
        long delivered = 0;
        long deadLetters = 0;
        for (Driver m : members) {
            if (killed.contains(m)) {
                continue;
            }
            Matcher r = REPORT.matcher(m.command("report"));
            assertThat(r.matches()).as("report line").isTrue();
            assertThat(Long.parseLong(r.group(2))).as("tells delivered twice on %s", m.name()).isZero();
            delivered += Long.parseLong(r.group(1));
            deadLetters += Long.parseLong(r.group(3));
            if (Long.parseLong(r.group(3)) > 0) {
                System.out.println("dead letters on " + m.name() + " by reason: " + r.group(4));
            }
        }
        long lost = load.tells() - delivered - deadLetters;
        System.out.println("tells: " + load.tells() + " sent, " + delivered + " delivered on surviving members, "
                + deadLetters + " dead letters on surviving members, " + lost + " lost ("
                + (killed.isEmpty() ? "in flight when the link went down or the member froze"
                : "delivered to or in flight to the killed member") + ")");
        assertThat(lost).as("tells delivered or dead-lettered more often than sent").isNotNegative();
        return load;
    }

    private List<Driver> startOnLoopback(MultiJvm jvms, String cluster, List<Integer> ports) {
        String hosts = String.join(",", ClusterFixture.hostPorts(ports));
        return start(ports.size(), i -> {
            try {
                return jvms.start("m" + (i + 1), QuorumDrillMember.class, cluster, "127.0.0.1",
                        Integer.toString(ports.get(i)), hosts, dir.resolve("m" + (i + 1) + ".commands").toString(),
                        "2", "loaded");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts {@code n} members and waits until each has a view of all of them. */
    private List<Driver> start(int n, IntFunction<MultiJvm.Member> starter) {
        return start(dir, n, starter);
    }

    /** Starts {@code n} members whose command files are in {@code dir} and waits until each views all. */
    static List<Driver> start(Path dir, int n, IntFunction<MultiJvm.Member> starter) {
        List<Driver> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(new Driver(starter.apply(i), dir.resolve("m" + (i + 1) + ".commands")));
        }
        for (Driver d : members) {
            d.member.awaitLog("^view size=" + n + " ", WITHIN);
        }
        for (Driver d : members) {
            d.system = d.member.awaitLog("^system ", WITHIN).substring("system ".length());
        }
        return members;
    }

    static Map<Driver, Integer> marks(List<Driver> members) {
        Map<Driver, Integer> marks = new java.util.HashMap<>();
        members.forEach(m -> marks.put(m, m.mark()));
        return marks;
    }

    static String echoes(List<Driver> members) {
        return members.stream().map(m -> m.name() + "-echo").collect(Collectors.joining(","));
    }

    /** Member {@code mi} spawns {@code mi-echo}; then every member's registry holds every name and owner. */
    static void spawnEchoes(List<Driver> members) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Driver m : members) {
            assertThat(m.command("spawn " + m.name() + "-echo")).isEqualTo("spawned " + m.name() + "-echo");
            owners.put(m.name() + "-echo", m.system);
        }
        for (Driver m : members) {
            await().atMost(WITHIN).untilAsserted(() -> assertThat(m.registry()).as("%s's registry", m.name())
                    .isEqualTo(owners));
        }
    }

    /**
     * Waits until every member has the same view of {@code size} with quorum, the same registry with one name per
     * member, and each name's actor running on its registered owner alone.
     */
    static void awaitOneViewWithQuorumAndOneActorPerName(MultiJvm jvms, List<Driver> members, int size) {
        Set<String> names = members.stream().map(m -> m.name() + "-echo").collect(Collectors.toSet());
        awaitWithLogs(jvms, () -> {
            for (Driver m : members) {
                assertThat(m.lastLine("view ")).as("%s's last view", m.name()).startsWith("view size=" + size + " ");
                assertThat(m.registry()).as("%s's registry", m.name()).containsOnlyKeys(names)
                        .isEqualTo(members.get(0).registry());
            }
            for (String name : names) {
                List<String> runners = members.stream().filter(m -> m.running().contains(name)).map(m -> m.system)
                        .toList();
                assertThat(runners).as("members running %s", name)
                        .containsExactly(members.get(0).registry().get(name));
            }
        });
        for (Driver m : members) {
            assertThat(m.status()).isEqualTo("status size=" + size + " quorum=true");
        }
    }

    /** Awaits {@code assertion}; when it does not hold in time, fails with every member's log. */
    static void awaitWithLogs(MultiJvm jvms, ThrowingRunnable assertion) {
        try {
            await().atMost(WITHIN).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + jvms.logs(), e);
        }
    }

    static Map<String, String> map(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        if (!text.isEmpty()) {
            for (String entry : text.split(", ")) {
                int eq = entry.indexOf('=');
                entries.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return entries;
    }

    /** One member JVM and the command file it polls. Driven by the test thread. */
    static final class Driver {
        final MultiJvm.Member member;
        final Path commands;
        /** The member's actor system: the owner that registries print; set once it printed it. */
        String system;
        /** Command sequence numbers; the test thread alone writes commands. */
        int seq;

        /** The name the test knows the member by (its echo is {@code <name>-echo}). */
        private final String name;

        Driver(MultiJvm.Member member, Path commands) {
            this(member, commands, member.name());
        }

        /** A member the test knows by {@code name}: a restarted member's process has a name of its own. */
        Driver(MultiJvm.Member member, Path commands, String name) {
            this.member = member;
            this.commands = commands;
            this.name = name;
        }

        /** How many lines the member's log has now: what {@link #awaitAfter} looks past. */
        int mark() {
            return member.logLines().size();
        }

        /** Waits until a line after the first {@code mark} lines matches {@code regex}, and returns it. */
        String awaitAfter(int mark, String regex) {
            Pattern p = Pattern.compile(regex);
            try {
                return await().atMost(WITHIN).until(() -> {
                    List<String> lines = member.logLines();
                    return lines.subList(Math.min(mark, lines.size()), lines.size()).stream()
                            .filter(l -> p.matcher(l).find()).findFirst().orElse(null);
                }, java.util.Objects::nonNull);
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("no new line of " + name() + "'s log matched /" + regex + "/ within "
                        + WITHIN + "; the log:\n" + String.join("\n", member.logLines()), e);
            }
        }

        String name() {
            return name;
        }

        String status() {
            return command("status");
        }

        /** Appends a command and returns the member's answer, without its sequence number. */
        String command(String command) {
            int n = ++seq;
            try {
                Files.writeString(commands, n + " " + command + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String line = member.awaitLog("^" + n + " ", ANSWER_WITHIN);
            return line.substring(line.indexOf(' ') + 1);
        }

        String lastLine(String prefix) {
            List<String> lines = member.logLines().stream().filter(l -> l.startsWith(prefix)).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        /** The last registry the member printed: name to owner system. */
        Map<String, String> registry() {
            Matcher m = STATE.matcher(lastLine("state "));
            return m.matches() ? map(m.group(1)) : Map.of();
        }

        /** The names whose actors the member last printed as running there. */
        Set<String> running() {
            Matcher m = STATE.matcher(lastLine("state "));
            return m.matches() && !m.group(2).isEmpty() ? new TreeSet<>(List.of(m.group(2).split(", ")))
                    : Set.of();
        }
    }
}
