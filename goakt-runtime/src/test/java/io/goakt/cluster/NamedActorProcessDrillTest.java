package io.goakt.cluster;

import io.goakt.actor.ActorNotAliveException;
import io.goakt.actor.AskTimeoutException;
import io.goakt.remote.RemoteUnreachableException;
import io.goakt.testsupport.MultiJvm;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster-unique names across three member JVMs ({@link NamedActorDrillMember}) under a SIGKILL of a name's owner,
 * and under a SIGSTOP held past the failure-detection timeout followed by a SIGCONT. Loopback only; every wait is
 * bounded; every process is stopped by {@link MultiJvm#close()}, also when a test fails. Elapsed times of the asks
 * are printed, never asserted.
 */
class NamedActorProcessDrillTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);
    /** A command's answer: the member's asks time out after 30 s, so an answer comes within this bound. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);
    private static final Pattern STATE = Pattern.compile("^state registry=\\{(.*)} running=\\[(.*)]$");

    @TempDir
    Path dir;

    @Test
    void aKilledOwnersNamesLeaveEveryRegistryAnAskThroughItsOldRefFailsAsUnreachableAndTheNameIsFreeAgain()
            throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = start(jvms, "drill-names-kill", ports);
            Driver m1 = members.get(0);
            Driver m2 = members.get(1);
            Driver m3 = members.get(2);
            spawnEchoes(members);
            assertThat(m1.command("resolve", "m3-echo")).isEqualTo("resolved m3-echo " + m3.system());
            assertThat(m1.command("ask", "m3-echo")).startsWith("replied " + m3.system() + " ");

            m3.member.kill();

            Map<String, String> survivors = Map.of("m1-echo", m1.system(), "m2-echo", m2.system());
            for (Driver m : List.of(m1, m2)) {
                await().atMost(WITHIN).untilAsserted(() -> assertThat(m.registry())
                        .as("%s's registry after %s was killed", m.name(), m3.name()).isEqualTo(survivors));
            }
            // The ref resolved before the kill points at a dead member: once the member left the view, remoting treats
            // its peer as gone, so the ask fails at once with RemoteUnreachableException naming the departure, not
            // with the AskTimeoutException its 30 s timeout would give.
            String byRef = m1.command("ask", "m3-echo");
            System.out.println("ask through the ref resolved before the kill: " + byRef);
            assertThat(byRef).startsWith("failed " + RemoteUnreachableException.class.getName() + " ")
                    .contains("left the cluster")
                    .doesNotContain(AskTimeoutException.class.getName());
            String byName = m2.command("askByName", "m3-echo");
            System.out.println("ask by name after the kill: " + byName);
            assertThat(byName).startsWith("failed " + ActorNotAliveException.class.getName() + " ")
                    .contains("cluster name m3-echo is not registered");

            assertThat(m2.command("spawn", "m3-echo")).isEqualTo("spawned m3-echo");
            await().atMost(WITHIN).untilAsserted(() -> assertThat(m1.registry()).containsEntry("m3-echo", m2.system()));
            assertThat(m1.command("askByName", "m3-echo")).startsWith("replied " + m2.system() + " ");
        }
    }

    @Test
    void aFrozenOwnersNamesAreDroppedItsNameCanBeTakenMeanwhileAndItMergesBackIntoTheView() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = freezeTakeTheFrozenOwnersNameAndResume(jvms, "drill-names-freeze", ports);
            String all = ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
            awaitWithLogs(jvms, () -> {
                for (Driver m : members) {
                    assertThat(m.lastLine("view ")).as("%s's last view", m.name())
                            .startsWith("view size=3 ports=" + all + " ");
                }
            });
            System.out.println("views of m3 after the freeze: " + members.get(2).member.logLines().stream()
                    .filter(l -> l.startsWith("view ")).toList());
        }
    }

    @Test
    void afterTheFrozenOwnerMergesBackEveryNameHasOneOwnerEverywhereAndOneRunningActor() throws Exception {
        List<Integer> ports = ClusterFixture.freePorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<Driver> members = freezeTakeTheFrozenOwnersNameAndResume(jvms, "drill-names-unique", ports);
            Driver m1 = members.get(0);
            String all = ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
            awaitWithLogs(jvms, () -> {
                for (Driver m : members) {
                    assertThat(m.lastLine("view ")).as("%s's last view", m.name())
                            .startsWith("view size=3 ports=" + all + " ");
                    assertThat(m.registry()).as("%s's registry", m.name())
                            .containsOnlyKeys("m1-echo", "m2-echo", "m3-echo")
                            .isEqualTo(m1.registry());
                }
                for (String name : m1.registry().keySet()) {
                    List<String> runners = members.stream().filter(m -> m.running().contains(name))
                            .map(Driver::system).toList();
                    assertThat(runners).as("members running %s", name).containsExactly(m1.registry().get(name));
                }
            });
            // The merge rule keeps the older owner's entry: m1's, whose registry started before m3's (start waits for
            // m1 before it launches the others), although the frozen m3 registered the name first.
            assertThat(m1.registry()).containsEntry("m3-echo", m1.system());
            assertThat(members.get(1).command("askByName", "m3-echo")).startsWith("replied " + m1.system() + " ");
        }
    }

    /**
     * Starts three members, each spawning its echo; freezes m3 (SIGSTOP) until m1 and m2 dropped its name; takes
     * that name on m1 while m3 is frozen; resumes m3 (SIGCONT).
     */
    private List<Driver> freezeTakeTheFrozenOwnersNameAndResume(MultiJvm jvms, String cluster, List<Integer> ports)
            throws IOException {
        List<Driver> members = start(jvms, cluster, ports);
        Driver m1 = members.get(0);
        Driver m2 = members.get(1);
        Driver m3 = members.get(2);
        spawnEchoes(members);

        m3.member.stop();
        for (Driver m : List.of(m1, m2)) {
            await().atMost(WITHIN).untilAsserted(() -> assertThat(m.registry())
                    .as("%s's registry while %s is frozen", m.name(), m3.name())
                    .containsOnlyKeys("m1-echo", "m2-echo"));
        }
        assertThat(m1.command("spawn", "m3-echo")).isEqualTo("spawned m3-echo");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(m2.registry()).containsEntry("m3-echo", m1.system()));

        m3.member.resume();
        return members;
    }

    /** Awaits {@code assertion}; when it does not hold in time, fails with every member's log. */
    private static void awaitWithLogs(MultiJvm jvms, ThrowingRunnable assertion) {
        try {
            await().atMost(WITHIN).untilAsserted(assertion);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + jvms.logs(), e);
        }
    }

    private List<Driver> start(MultiJvm jvms, String cluster, List<Integer> ports) throws IOException {
        String hosts = String.join(",", ClusterFixture.hostPorts(ports));
        List<Driver> members = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            String name = "m" + (i + 1);
            Path commands = dir.resolve(name + ".commands");
            members.add(new Driver(jvms.start(name, NamedActorDrillMember.class, cluster,
                    Integer.toString(ports.get(i)), hosts, commands.toString()), ports.get(i), commands));
            if (i == 0) {
                // m1 is the oldest member, so the merge rule's winner between m1 and a later member is known.
                members.get(0).member.awaitLog("^started$", WITHIN);
            }
        }
        String all = ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
        for (Driver d : members) {
            d.member.awaitLog("^view size=3 ports=" + Pattern.quote(all) + " ", WITHIN);
        }
        return members;
    }

    /** Member {@code mi} spawns {@code mi-echo}; then every member's registry holds the three names and owners. */
    private static void spawnEchoes(List<Driver> members) {
        Map<String, String> owners = new LinkedHashMap<>();
        for (Driver m : members) {
            assertThat(m.command("spawn", m.name() + "-echo")).isEqualTo("spawned " + m.name() + "-echo");
            owners.put(m.name() + "-echo", m.system());
        }
        for (Driver m : members) {
            await().atMost(WITHIN).untilAsserted(() -> assertThat(m.registry()).as("%s's registry", m.name())
                    .isEqualTo(owners));
        }
    }

    /** One member JVM and the command file it polls. Driven by the test thread. */
    private static final class Driver {
        final MultiJvm.Member member;
        final int port;
        final Path commands;
        /** Command sequence numbers; the test thread alone writes commands. */
        int seq;

        Driver(MultiJvm.Member member, int port, Path commands) {
            this.member = member;
            this.port = port;
            this.commands = commands;
        }

        String name() {
            return member.name();
        }

        /** The actor system of the member: the owner that registries print. */
        String system() {
            return "drill-" + port;
        }

        /** Appends a command and returns the member's answer, without its sequence number. */
        String command(String command, String name) {
            int n = ++seq;
            try {
                Files.writeString(commands, n + " " + command + " " + name + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
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
            Map<String, String> owners = new LinkedHashMap<>();
            Matcher m = STATE.matcher(lastLine("state "));
            if (m.matches() && !m.group(1).isEmpty()) {
                for (String entry : m.group(1).split(", ")) {
                    int eq = entry.indexOf('=');
                    owners.put(entry.substring(0, eq), entry.substring(eq + 1));
                }
            }
            return owners;
        }

        /** The names whose actors the member last printed as running there. */
        Set<String> running() {
            Matcher m = STATE.matcher(lastLine("state "));
            return m.matches() && !m.group(2).isEmpty() ? new TreeSet<>(List.of(m.group(2).split(", ")))
                    : Set.of();
        }
    }
}
