package io.goakt.sample;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterActors;
import io.goakt.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's three-node walkthrough, in one JVM: three instances of the sample with the {@code cluster} profile
 * and a node profile each (ports overridden with free ones, the fast failure-detection profile), a cluster-unique
 * account reached by name from instances it does not live on, and the instance running it closing: it leaves the
 * others' view, the account's name is gone, and the next request spawns the account again on another instance.
 */
class ClusterModeTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern MEMBER = Pattern.compile("\"controlPlane\"");

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);   // closing twice is harmless
    }

    @Test
    void threeInstancesFormOneClusterReachAnAccountByNameAndFreeItsNameWhenItsInstanceCloses() throws Exception {
        List<Integer> ports = freePorts(3);
        String hosts = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String cluster = "sample-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            nodes.add(new SpringApplicationBuilder(SampleApplication.class)
                    .profiles("cluster", "node" + (i + 1))
                    .run("--server.port=0", "--goakt.remoting.port=0", "--goakt.cluster.port=" + ports.get(i),
                            "--goakt.cluster.name=" + cluster, "--goakt.cluster.discovery.static.hosts=" + hosts,
                            "--goakt.cluster.join-timeout=500ms",
                            "--goakt.cluster.failure-detection.heartbeat-interval=100ms",
                            "--goakt.cluster.failure-detection.timeout=600ms",
                            "--goakt.cluster.failure-detection.verify-timeout=250ms",
                            "--goakt.cluster.failure-detection.merge-interval=1s"));
        }
        Http node1 = http(0);
        Http node2 = http(1);
        Http node3 = http(2);
        for (Http node : List.of(node1, node2, node3)) {
            await().atMost(TIMEOUT).until(() -> members(node) == 3);
            assertThat(node.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        }
        // account-42 is spawned by node1, the instance of its first request, and registered cluster-wide
        assertThat(node1.post("/accounts/42/deposits", "{\"amount\": 100}").body())
                .isEqualTo("{\"id\":\"account-42\",\"balance\":100}");
        await().atMost(TIMEOUT).until(() -> names(1).contains("account-42") && names(2).contains("account-42"));
        HttpResponse<String> remote = node2.get("/accounts/42");
        assertThat(remote.statusCode()).isEqualTo(200);
        assertThat(remote.body()).isEqualTo("{\"id\":\"account-42\",\"balance\":100}");
        assertThat(node3.post("/accounts/42/deposits", "{\"amount\": 5}").body())
                .isEqualTo("{\"id\":\"account-42\",\"balance\":105}");
        // node3 reached node1 over remoting: its scrape has the cluster and remoting families, all lint-clean
        String scrape = node3.get("/actuator/prometheus").body();
        assertThat(GoaktScrape.types(scrape)).contains("goakt_cluster_members gauge",
                "goakt_cluster_view_changes_total counter", "goakt_cluster_singleton_handovers_total counter",
                "goakt_cluster_unreachable gauge", "goakt_cluster_quorum gauge",
                "goakt_cluster_peer_messages_total counter", "goakt_cluster_peer_bytes_total counter",
                "goakt_cluster_grain_partitions gauge", "goakt_remote_messages_total counter",
                "goakt_remote_bytes_total counter", "goakt_remote_connections gauge",
                "goakt_remote_failures_total counter", "goakt_actors_active gauge");
        GoaktScrape.assertLintClean(scrape);
        // reached by name: neither node2 nor node3 runs an account-42 of its own
        assertThat(system(1).lookup("account-42")).isEmpty();
        assertThat(system(2).lookup("account-42")).isEmpty();
        assertThat(system(0).lookup("account-42")).isPresent();
        String node1Id = Cluster.of(system(0)).orElseThrow().self().id();
        assertThat(node3.get("/actuator/cluster").body())
                .contains("{\"id\":\"" + node1Id + "\",").containsPattern(
                        Pattern.quote("\"id\":\"" + node1Id + "\"") + "[^}]*\"actors\":\\[\"account-42\"[\\],]");

        nodes.get(0).close();

        await().atMost(TIMEOUT).until(() -> members(node2) == 2 && members(node3) == 2);
        // the name died with node1 and is free again: the next request spawns a new account-42, here on node2
        await().atMost(TIMEOUT).until(() -> !names(1).contains("account-42") && !names(2).contains("account-42"));
        assertThat(node2.get("/accounts/42").body()).isEqualTo("{\"id\":\"account-42\",\"balance\":0}");
        assertThat(system(1).lookup("account-42")).isPresent();
        await().atMost(TIMEOUT).until(() -> names(2).contains("account-42"));
        assertThat(node3.post("/accounts/42/deposits", "{\"amount\": 7}").body())
                .isEqualTo("{\"id\":\"account-42\",\"balance\":7}");
        assertThat(node2.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private ActorSystem system(int index) {
        return nodes.get(index).getBean(ActorSystem.class);
    }

    private Set<String> names(int index) {
        return ClusterActors.of(system(index)).names();
    }

    private Http http(int index) {
        return new Http(((WebServerApplicationContext) nodes.get(index)).getWebServer().getPort());
    }

    private static long members(Http node) {
        HttpResponse<String> response = node.get("/actuator/cluster");
        return response.statusCode() != 200 ? -1 : MEMBER.matcher(response.body()).results().count();
    }

    /** {@code n} free ports on 127.0.0.1, spaced so no member's failure-detection ports (port+100..103) meet. */
    private static List<Integer> freePorts(int n) {
        return FreePorts.controlPorts(n);
    }
}
