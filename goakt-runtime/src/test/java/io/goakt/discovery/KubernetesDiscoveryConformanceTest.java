package io.goakt.discovery;

import io.goakt.testsupport.KubernetesApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code kubernetes} provider through the shared {@link DiscoveryConformance} suite: the members are three pods
 * that a stand-in for the Kubernetes API server ({@link KubernetesApiStub}: HTTPS with its own CA, a bearer token)
 * lists, each with its control port as the container port named {@code goakt-control}.
 */
class KubernetesDiscoveryConformanceTest extends DiscoveryConformance {

    @TempDir
    Path dir;

    private KubernetesApiStub api;

    @Override
    protected Discovery discovery(List<InetSocketAddress> members) throws Exception {
        api = KubernetesApiStub.start(dir);
        for (int i = 0; i < members.size(); i++) {
            api.put(new KubernetesApiStub.Pod("conformance-" + i, "goakt", Map.of("app", "conformance"),
                    members.get(i).getAddress().getHostAddress(), "goakt-control", members.get(i).getPort()));
        }
        return KubernetesDiscovery.builder()
                .apiServer(api.url())
                .namespace("goakt")
                .labels("app=conformance")
                .portName("goakt-control")
                .tokenFile(api.tokenFile())
                .caFile(api.caFile())
                .build();
    }

    @AfterEach
    void stopApi() {
        if (api != null) {
            api.close();
        }
    }
}
