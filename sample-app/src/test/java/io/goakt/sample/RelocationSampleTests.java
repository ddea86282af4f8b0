package io.goakt.sample;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.ClusterActors;
import io.goakt.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's relocation walkthrough, in one JVM: three instances of the sample with the {@code cluster} profile
 * share a sequence store directory; the cluster-wide {@code sequence} actor runs on one of them, and when that
 * instance closes another spawns it again, once, and numbering goes on from the store.
 */
class RelocationSampleTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

    @TempDir
    Path store;

    @AfterEach
    void stopNodes() {
        nodes.forEach(ConfigurableApplicationContext::close);   // closing twice is harmless
    }

    @Test
    void theSequenceMovesToAnotherInstanceWhenItsInstanceClosesAndGoesOnFromTheStore() throws Exception {
        List<Integer> ports = FreePorts.controlPorts(3);
        String hosts = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        String cluster = "sample-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            nodes.add(new SpringApplicationBuilder(SampleApplication.class)
                    .profiles("cluster", "node" + (i + 1))
                    .run("--server.port=0", "--goakt.remoting.port=0", "--goakt.cluster.port=" + ports.get(i),
                            "--goakt.cluster.name=" + cluster, "--goakt.cluster.discovery.static.hosts=" + hosts,
                            "--sample.sequence.store-dir=" + store,
                            "--goakt.cluster.join-timeout=500ms",
                            "--goakt.cluster.failure-detection.heartbeat-interval=100ms",
                            "--goakt.cluster.failure-detection.timeout=600ms",
                            "--goakt.cluster.failure-detection.verify-timeout=250ms",
                            "--goakt.cluster.failure-detection.merge-interval=1s"));
        }
        await().atMost(TIMEOUT).until(() -> IntStream.range(0, 3).allMatch(i -> names(i).contains("sequence")));
        assertThat(running()).hasSize(1);
        int first = running().get(0);
        int other = (first + 1) % 3;
        int third = (first + 2) % 3;
        assertThat(http(other).post("/sequence/next", "").body()).startsWith("{\"value\":1,");
        assertThat(http(third).post("/sequence/next", "").body()).startsWith("{\"value\":2,");

        nodes.get(first).close();

        await().atMost(TIMEOUT).until(() -> running().size() == 1 && running().get(0) != first);
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
            HttpResponse<String> r = http(other).post("/sequence/next", "");
            return r.statusCode() == 200 && r.body().startsWith("{\"value\":3,");
        });
        assertThat(running()).hasSize(1);
    }

    /** The indexes of the open instances that run the sequence actor. */
    private List<Integer> running() {
        return IntStream.range(0, 3).filter(i -> nodes.get(i).isActive() && system(i).lookup("sequence").isPresent())
                .boxed().toList();
    }

    private ActorSystem system(int index) {
        return nodes.get(index).getBean(ActorSystem.class);
    }

    private java.util.Set<String> names(int index) {
        return ClusterActors.of(system(index)).names();
    }

    private Http http(int index) {
        return new Http(((WebServerApplicationContext) nodes.get(index)).getWebServer().getPort());
    }
}
