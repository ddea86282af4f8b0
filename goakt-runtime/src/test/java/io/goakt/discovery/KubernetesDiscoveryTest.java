package io.goakt.discovery;

import io.goakt.testsupport.DiscoveryTestStack;
import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.KubernetesApiStub;
import org.jgroups.JChannel;
import org.jgroups.stack.IpAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link KubernetesDiscovery}'s settings, and members that find each other through it by the control port range. A
 * stand-in for the Kubernetes API server ({@link KubernetesApiStub}) lists the pods: no Kubernetes runs here.
 */
class KubernetesDiscoveryTest {

    @TempDir
    Path dir;

    private final List<JChannel> channels = new ArrayList<>();
    private KubernetesApiStub api;

    @AfterEach
    void close() {
        channels.forEach(JChannel::close);
        if (api != null) {
            api.close();
        }
    }

    @Test
    void defaultsFitAMemberRunningInAPod() {
        KubernetesDiscovery d = KubernetesDiscovery.builder().build();

        assertThat(d.type()).isEqualTo("kubernetes");
        assertThat(d.apiServer()).isNull();
        assertThat(d.namespace()).isEqualTo("default");
        assertThat(d.labels()).isNull();
        assertThat(d.portName()).isNull();
        assertThat(d.portRange()).isZero();
        assertThat(d.tokenFile()).isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
        assertThat(d.caFile()).isEqualTo(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt"));
    }

    @Test
    void settingsAreTrimmedAndAnApiServerWithoutAPortGetsTheSchemesPort() {
        KubernetesDiscovery d = KubernetesDiscovery.builder().apiServer(" https://kubernetes.default.svc ")
                .namespace(" shop ").labels(" app=orders,tier in (web, api) ").portName("goakt").build();

        assertThat(d.apiServer()).isEqualTo(URI.create("https://kubernetes.default.svc:443"));
        assertThat(d.namespace()).isEqualTo("shop");
        assertThat(d.labels()).isEqualTo("app=orders,tier in (web, api)");
        assertThat(d.portName()).isEqualTo("goakt");
    }

    @Test
    void invalidSettingsFailNamingTheSettingAndWhatIsAllowed() {
        assertThatThrownBy(() -> KubernetesDiscovery.builder().namespace("Shop_1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace").hasMessageContaining("Shop_1");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().labels("  "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().portName("goakt_control"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("portName");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().portName("1234"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one letter");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().portRange(101))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().apiServer("ftp://k8s:21"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("apiServer");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().portName("goakt").portRange(2).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("portRange must be 0 with portName");
        assertThatThrownBy(() -> KubernetesDiscovery.builder().namespace("a").namespace("b"))
                .isInstanceOf(IllegalStateException.class).hasMessage("namespace is already set to a");
    }

    @Test
    void withoutTheKubernetesLibraryBuildingFailsNamingTheArtifact() throws Exception {
        // goakt-runtime and JGroups, without jgroups-kubernetes and the JSON API
        URL[] classPath = {KubernetesDiscovery.class.getProtectionDomain().getCodeSource().getLocation(),
                org.jgroups.JChannel.class.getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader withoutLibrary = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> provider = Class.forName(KubernetesDiscovery.class.getName(), true, withoutLibrary);
            Object builder = provider.getMethod("builder").invoke(null);
            assertThatThrownBy(() -> builder.getClass().getMethod("build").invoke(builder))
                    .cause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("org.jgroups.kubernetes:jgroups-kubernetes")
                    .hasMessageContaining("goakt-spring-boot-starter");
        }
    }

    @Test
    void membersOfPodsSharingAnAddressFormOneViewAcrossTheControlPortRange() throws Exception {
        api = KubernetesApiStub.start(dir);
        int controlPort = controlPortRange(3);
        for (int i = 0; i < 3; i++) {
            api.put(new KubernetesApiStub.Pod("orders-" + i, "shop", Map.of("app", "orders"), "127.0.0.1", "other",
                    1));
        }
        KubernetesDiscovery discovery = KubernetesDiscovery.builder().apiServer(api.url()).namespace("shop")
                .labels("app=orders").portRange(2).tokenFile(api.tokenFile()).caFile(api.caFile()).build();

        for (int i = 0; i < 3; i++) {
            channels.add(DiscoveryTestStack.connect(discovery, "k8s-range", controlPort));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (JChannel channel : channels) {
                assertThat(channel.getView().size()).as("view of %s", channel.getAddress()).isEqualTo(3);
            }
            Set<Object> viewIds = channels.stream().map(c -> c.getView().getViewId()).collect(Collectors.toSet());
            assertThat(viewIds).hasSize(1);
        });
        assertThat(channels.stream()
                .map(c -> ((IpAddress) c.getProtocolStack().getTransport().localPhysicalAddress()).getPort()))
                .containsExactlyInAnyOrder(controlPort, controlPort + 1, controlPort + 2);
    }

    @Test
    void membersWhoseTokenTheApiServerRefusesListNoPodsAndStayAlone() throws Exception {
        api = KubernetesApiStub.start(dir);
        List<Integer> ports = FreePorts.controlPorts(2);
        for (int i = 0; i < ports.size(); i++) {
            api.put(new KubernetesApiStub.Pod("orders-" + i, "shop", Map.of("app", "orders"), "127.0.0.1",
                    "goakt", ports.get(i)));
        }
        Path wrongToken = Files.writeString(dir.resolve("wrong-token"), "not-the-token");
        for (int port : ports) {
            channels.add(DiscoveryTestStack.connect(discovery(wrongToken), "k8s-token", port));
        }

        assertThat(api.requests()).isNotEmpty().allMatch(r -> r.startsWith("401 "));
        assertThat(channels).allMatch(c -> c.getView().size() == 1);
    }

    @Test
    void aMemberRefusesToStartWithoutAReadableTokenOrCaFile() throws Exception {
        api = KubernetesApiStub.start(dir);
        int port = FreePorts.controlPorts(1).get(0);
        Path missing = dir.resolve("missing");

        KubernetesDiscovery noToken = KubernetesDiscovery.builder().apiServer(api.url()).tokenFile(missing)
                .caFile(api.caFile()).build();
        assertThatThrownBy(() -> DiscoveryTestStack.connect(noToken, "k8s-files", port))
                .hasStackTraceContaining("token file " + missing);
        KubernetesDiscovery noCa = KubernetesDiscovery.builder().apiServer(api.url()).tokenFile(api.tokenFile())
                .caFile(missing).build();
        assertThatThrownBy(() -> DiscoveryTestStack.connect(noCa, "k8s-files", port))
                .hasStackTraceContaining("CA file " + missing);
    }

    /**
     * The first of {@code count} consecutive free ports, picked where {@link FreePorts#controlPorts} picks: below
     * the ephemeral range, so the API client's own connections cannot take one before the members bind.
     */
    private static int controlPortRange(int count) throws java.io.IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = FreePorts.controlPorts(1).get(0);
            boolean free = true;
            for (int p = base + 1; p < base + count && free; p++) {
                try (java.net.ServerSocket probe = new java.net.ServerSocket(p, 1,
                        java.net.InetAddress.getByName("127.0.0.1"))) {
                    probe.setReuseAddress(true);
                } catch (java.net.BindException e) {
                    free = false;
                }
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports on 127.0.0.1");
    }

    private KubernetesDiscovery discovery(Path tokenFile) {
        return KubernetesDiscovery.builder().apiServer(api.url()).namespace("shop").labels("app=orders")
                .portName("goakt").tokenFile(tokenFile).caFile(api.caFile()).build();
    }
}
