package io.goakt.sample;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The manifests of {@code sample-app/k8s/} fit together and fit the {@code kubernetes} profile: the Deployment's
 * selector, the Services and the discovery labels name the same pods; the ports the profile and the Services use
 * are the container ports; the readiness probe asks the group that includes {@code goaktCluster}; the Role lets the
 * pods' service account list pods. No Kubernetes runs here: the files are read as YAML.
 */
class KubernetesManifestsTests {

    private static List<Map<String, Object>> objects;
    private static Map<String, Object> profile;

    @BeforeAll
    static void read() throws IOException {
        objects = new ArrayList<>();
        try (var files = Files.list(Path.of("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader in = Files.newBufferedReader(file)) {
                    for (Object document : new Yaml().loadAll(in)) {
                        if (document != null) {
                            objects.add(map(document));
                        }
                    }
                }
            }
        }
        try (InputStream in = KubernetesManifestsTests.class.getClassLoader()
                .getResourceAsStream("application-kubernetes.yml")) {
            assertThat(in).as("application-kubernetes.yml").isNotNull();
            profile = map(new Yaml().load(in));
        }
    }

    @Test
    void aDeploymentOfThreeReplicasSelectsItsOwnPodsAndRunsTheKubernetesProfile() {
        Map<String, Object> deployment = only("Deployment");
        Map<String, Object> spec = map(deployment.get("spec"));
        assertThat(spec.get("replicas")).isEqualTo(3);
        assertThat(podLabels()).containsAllEntriesOf(strings(map(map(spec.get("selector")).get("matchLabels"))));
        assertThat(env()).containsEntry("SPRING_PROFILES_ACTIVE", "kubernetes");
        assertThat(env()).containsEntry("GOAKT_CLUSTER_DISCOVERY_TYPE", "kubernetes");
    }

    @Test
    void theDiscoveryLabelsSelectTheDeploymentsPodsInTheirOwnNamespace() {
        Map<String, Object> kubernetes = path(profile, "goakt", "cluster", "discovery", "kubernetes");
        Map<String, String> selector = new java.util.HashMap<>();
        for (String term : ((String) kubernetes.get("labels")).split(",")) {
            String[] kv = term.split("=", 2);
            selector.put(kv[0].trim(), kv[1].trim());
        }
        assertThat(podLabels()).containsAllEntriesOf(selector);
        assertThat(path(profile, "goakt", "cluster", "discovery").get("type")).isEqualTo("kubernetes");
        assertThat(kubernetes.get("namespace")).isEqualTo("${POD_NAMESPACE:default}");
        assertThat(envFields()).containsEntry("POD_NAMESPACE", "metadata.namespace")
                .containsEntry("POD_IP", "status.podIP");
    }

    @Test
    void theProfilesPortsAreTheContainerPortsTheirNamesSay() {
        Map<String, Integer> ports = containerPorts();
        Map<String, Object> cluster = path(profile, "goakt", "cluster");
        String portName = (String) path(profile, "goakt", "cluster", "discovery", "kubernetes").get("port-name");
        assertThat(ports).containsEntry(portName, (Integer) cluster.get("port"))
                .containsEntry("goakt-remoting", (Integer) path(profile, "goakt", "remoting").get("port"))
                // server.port is left at Spring Boot's 8080
                .containsEntry("http", 8080);
        assertThat(profile).doesNotContainKey("server");
        assertThat(cluster.get("advertised-host")).isEqualTo("${POD_IP}");
        assertThat(path(profile, "goakt", "remoting").get("advertised-host")).isEqualTo("${POD_IP}");
    }

    @Test
    void theReadinessProbeAsksTheGroupThatIncludesGoaktCluster() {
        Map<String, Object> container = container();
        Map<String, Object> probe = map(map(container.get("readinessProbe")).get("httpGet"));
        assertThat(probe.get("path")).isEqualTo("/actuator/health/readiness");
        assertThat(containerPorts()).containsKey((String) probe.get("port"));
        String include = (String) path(profile, "management", "endpoint", "health", "group", "readiness")
                .get("include");
        assertThat(include.split(",\\s*")).contains("readinessState", "goaktCluster");
        assertThat(map(map(container.get("livenessProbe")).get("httpGet")).get("path"))
                .isEqualTo("/actuator/health/liveness");
    }

    @Test
    void theHeadlessServiceListsEveryPodAtTheControlPortForTheDnsAlternative() {
        Map<String, Object> headless = named("Service", "goakt-sample-headless");
        Map<String, Object> spec = map(headless.get("spec"));
        assertThat(spec.get("clusterIP")).isEqualTo("None");
        // a pod turns ready only after it joined, so DNS must list pods that are not ready yet
        assertThat(spec.get("publishNotReadyAddresses")).isEqualTo(true);
        assertThat(podLabels()).containsAllEntriesOf(strings(map(spec.get("selector"))));
        Map<String, Object> port = map(((List<?>) spec.get("ports")).get(0));
        assertThat(port.get("port")).isEqualTo(containerPorts().get("goakt-control"));
        assertThat(containerPorts()).containsKey((String) port.get("targetPort"));
        assertThat(env()).containsEntry("GOAKT_CLUSTER_DISCOVERY_DNS_QUERY", "goakt-sample-headless");
        assertThat(podLabels()).containsAllEntriesOf(strings(map(map(named("Service", "goakt-sample")
                .get("spec")).get("selector"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleLetsThePodsServiceAccountGetAndListPods() {
        String account = (String) podSpec().get("serviceAccountName");
        assertThat(named("ServiceAccount", account)).isNotNull();
        Map<String, Object> binding = only("RoleBinding");
        Map<String, Object> subject = map(((List<?>) binding.get("subjects")).get(0));
        assertThat(subject).containsEntry("kind", "ServiceAccount").containsEntry("name", account);
        Map<String, Object> roleRef = map(binding.get("roleRef"));
        assertThat(roleRef.get("kind")).isEqualTo("Role");
        Map<String, Object> role = named("Role", (String) roleRef.get("name"));
        assertThat((List<?>) role.get("rules")).anySatisfy(rule -> {
            Map<String, Object> r = map(rule);
            assertThat((List<Object>) r.get("apiGroups")).contains("");
            assertThat((List<Object>) r.get("resources")).contains("pods");
            assertThat((List<Object>) r.get("verbs")).contains("get", "list");
        });
    }

    private static Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
        assertThat(found).as("objects of kind %s", kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> named(String kind, String name) {
        return objects.stream()
                .filter(o -> kind.equals(o.get("kind")) && name.equals(map(o.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    private static Map<String, Object> podSpec() {
        return path(only("Deployment"), "spec", "template", "spec");
    }

    private static Map<String, String> podLabels() {
        return strings(path(only("Deployment"), "spec", "template", "metadata", "labels"));
    }

    private static Map<String, Object> container() {
        List<?> containers = (List<?>) podSpec().get("containers");
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    private static Map<String, Integer> containerPorts() {
        return ((List<?>) container().get("ports")).stream().map(KubernetesManifestsTests::map)
                .collect(Collectors.toMap(p -> (String) p.get("name"), p -> (Integer) p.get("containerPort")));
    }

    private static Map<String, String> env() {
        return ((List<?>) container().get("env")).stream().map(KubernetesManifestsTests::map)
                .filter(e -> e.containsKey("value"))
                .collect(Collectors.toMap(e -> (String) e.get("name"), e -> String.valueOf(e.get("value"))));
    }

    private static Map<String, String> envFields() {
        return ((List<?>) container().get("env")).stream().map(KubernetesManifestsTests::map)
                .filter(e -> e.containsKey("valueFrom"))
                .collect(Collectors.toMap(e -> (String) e.get("name"),
                        e -> (String) path(e, "valueFrom", "fieldRef").get("fieldPath")));
    }

    private static Map<String, Object> path(Map<String, Object> root, String... keys) {
        Map<String, Object> at = root;
        for (String key : keys) {
            assertThat(at).as("parent of %s", key).containsKey(key);
            at = map(at.get(key));
        }
        return at;
    }

    private static Map<String, String> strings(Map<String, Object> m) {
        return m.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
