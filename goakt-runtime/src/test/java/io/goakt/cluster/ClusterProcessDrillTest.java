package io.goakt.cluster;

import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.MultiJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Members in JVMs of their own, the shape of a deployment, under the failures a process meets: a SIGKILL, and a
 * SIGSTOP held past the failure-detection timeout followed by a SIGCONT. Loopback only; every process is stopped by
 * {@link MultiJvm#close()}, also when a test fails.
 */
class ClusterProcessDrillTest {

    private static final Duration WITHIN = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aKilledMemberLeavesTheViewOfEveryOtherMember() throws Exception {
        List<Integer> ports = controlPorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<MultiJvm.Member> members = start(jvms, "drill-kill", ports);
            for (MultiJvm.Member m : members) {
                m.awaitLog("^view size=3 ", WITHIN);
            }

            members.get(2).kill();

            for (MultiJvm.Member m : members.subList(0, 2)) {
                m.awaitLog("^left " + ports.get(2) + "$", WITHIN);
                m.awaitLog("^view size=2 .*ports=\\[" + Math.min(ports.get(0), ports.get(1)) + ", "
                        + Math.max(ports.get(0), ports.get(1)) + "\\]$", WITHIN);
            }
        }
    }

    @Test
    void aMemberFrozenPastTheTimeoutIsRemovedAndMergesBackOnceItResumes() throws Exception {
        List<Integer> ports = controlPorts(3);
        try (MultiJvm jvms = new MultiJvm(dir)) {
            List<MultiJvm.Member> members = start(jvms, "drill-freeze", ports);
            for (MultiJvm.Member m : members) {
                m.awaitLog("^view size=3 ", WITHIN);
            }
            MultiJvm.Member frozen = members.get(2);

            frozen.stop();
            for (MultiJvm.Member m : members.subList(0, 2)) {
                m.awaitLog("^left " + ports.get(2) + "$", WITHIN);
            }
            frozen.resume();

            // Back together: every member installs a three-member view again after the one without the frozen
            // member, and no view ever lists a member twice.
            String all = ports.stream().sorted().map(String::valueOf).collect(Collectors.joining(", ", "[", "]"));
            await().atMost(WITHIN).untilAsserted(() -> {
                for (MultiJvm.Member m : members.subList(0, 2)) {
                    List<String> views = m.logLines().stream().filter(l -> l.startsWith("view ")).toList();
                    int shrunk = lastIndexOfSize(views, 2);
                    assertThat(shrunk).as("%s dropped the frozen member", m.name()).isGreaterThanOrEqualTo(0);
                    assertThat(views.subList(shrunk, views.size()))
                            .as("%s views after the freeze", m.name())
                            .anyMatch(l -> l.startsWith("view size=3 ") && l.endsWith("ports=" + all));
                }
                assertThat(frozen.logLines()).filteredOn(l -> l.startsWith("view "))
                        .last().asString().endsWith("ports=" + all);
            });
            for (MultiJvm.Member m : members) {
                assertThat(m.logLines()).filteredOn(l -> l.startsWith("view "))
                        .allSatisfy(l -> assertThat(distinctPorts(l)).isEqualTo(portCount(l)));
            }
        }
    }

    private static int lastIndexOfSize(List<String> views, int size) {
        for (int i = views.size() - 1; i >= 0; i--) {
            if (views.get(i).startsWith("view size=" + size + " ")) {
                return i;
            }
        }
        return -1;
    }

    private static long portCount(String viewLine) {
        String list = viewLine.substring(viewLine.indexOf("ports=[") + 7, viewLine.length() - 1);
        return list.isEmpty() ? 0 : list.split(", ").length;
    }

    private static long distinctPorts(String viewLine) {
        String list = viewLine.substring(viewLine.indexOf("ports=[") + 7, viewLine.length() - 1);
        return list.isEmpty() ? 0 : java.util.Arrays.stream(list.split(", ")).distinct().count();
    }

    private static List<MultiJvm.Member> start(MultiJvm jvms, String cluster, List<Integer> ports)
            throws IOException {
        String hosts = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<MultiJvm.Member> members = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            members.add(jvms.start("m" + (i + 1), ClusterDrillMember.class, cluster,
                    Integer.toString(ports.get(i)), hosts));
        }
        return members;
    }

    private static List<Integer> controlPorts(int n) {
        return FreePorts.controlPorts(n);
    }
}
