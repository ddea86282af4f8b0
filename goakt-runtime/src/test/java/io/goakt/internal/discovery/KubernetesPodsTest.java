package io.goakt.internal.discovery;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the Kubernetes API server's {@code PodList}: what discovery keeps of each pod, and what it skips. */
class KubernetesPodsTest {

    @Test
    void keepsNameIpPhaseAndNamedPortsOfEveryContainer() {
        String json = """
                {"kind":"PodList","apiVersion":"v1","items":[
                  {"metadata":{"name":"orders-1","labels":{"app":"orders"}},
                   "spec":{"containers":[
                     {"name":"app","ports":[{"name":"http","containerPort":8080},{"name":"goakt","containerPort":7800}]},
                     {"name":"sidecar","ports":[{"containerPort":9000},{"name":"metrics","containerPort":9100}]}]},
                   "status":{"phase":"Running","podIP":"10.1.0.7","conditions":[{"type":"Ready","status":"True"}]}}]}
                """;

        assertThat(KubernetesPods.parse(json)).containsExactly(new KubernetesPods.Pod("orders-1", "10.1.0.7",
                "Running", Map.of("http", 8080, "goakt", 7800, "metrics", 9100)));
    }

    @Test
    void podsThatAreNotReadyAreKeptBecauseAMemberTurnsReadyOnlyAfterJoining() {
        String json = """
                {"items":[{"metadata":{"name":"p"},"status":{"phase":"Pending","podIP":"10.1.0.8",
                  "conditions":[{"type":"Ready","status":"False"}]}}]}
                """;

        assertThat(KubernetesPods.parse(json)).extracting(KubernetesPods.Pod::ip).containsExactly("10.1.0.8");
    }

    @Test
    void podsWithoutAnIpOrInAFinalPhaseAndMalformedEntriesAreSkipped() {
        String json = """
                {"items":[
                  {"metadata":{"name":"unscheduled"},"status":{"phase":"Pending"}},
                  {"metadata":{"name":"done"},"status":{"phase":"Succeeded","podIP":"10.1.0.2"}},
                  {"metadata":{"name":"failed"},"status":{"phase":"Failed","podIP":"10.1.0.3"}},
                  "not a pod",
                  {"metadata":{"name":"odd"},"spec":{"containers":[{"ports":[{"name":"x","containerPort":"7800"},
                    {"name":"y","containerPort":70000}]}]},"status":{"podIP":"10.1.0.4"}}]}
                """;

        List<KubernetesPods.Pod> pods = KubernetesPods.parse(json);

        assertThat(pods).containsExactly(new KubernetesPods.Pod("odd", "10.1.0.4", null, Map.of()));
    }

    @Test
    void anAnswerThatIsNoPodListGivesNoPodsAndOneThatIsNoJsonThrows() {
        assertThat(KubernetesPods.parse("{\"kind\":\"Status\",\"code\":403}")).isEmpty();
        assertThat(KubernetesPods.parse("[1,2]")).isEmpty();
        assertThatThrownBy(() -> KubernetesPods.parse("<html>")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void thePodsApiServerComesFromTheEnvironmentEveryPodHas() {
        assertThat(KubernetesDiscoveryPing.podApiServer(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "KUBERNETES_SERVICE_PORT", "443"))).hasToString("https://10.96.0.1:443");
        assertThat(KubernetesDiscoveryPing.podApiServer(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1")))
                .hasToString("https://[fd00::1]:443");
        assertThatThrownBy(() -> KubernetesDiscoveryPing.podApiServer(Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("KUBERNETES_SERVICE_HOST");
    }
}
