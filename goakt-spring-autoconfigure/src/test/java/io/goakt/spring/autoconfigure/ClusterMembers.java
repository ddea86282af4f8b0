package io.goakt.spring.autoconfigure;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.testsupport.FreePorts;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * Cluster members for the tests, on 127.0.0.1 with free ports and the failure detection {@link #DETECTION}: the
 * properties that make an application context a member, and plain runtime members started beside it. Each
 * instance names its own cluster, so tests running at once never see each other's members. {@link #close()}
 * shuts down every member it started.
 */
final class ClusterMembers implements AutoCloseable {

    /** Bounds every wait of the tests: generous, so a loaded machine slows them down but does not fail them. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /**
     * Faster than the defaults, but slower than {@link FailureDetection#fast()}: an application context that starts
     * beside running members keeps both cores busy, and on a loaded machine a member stood still for a second, which
     * with the fast profile (850 ms of silence and verification) makes it take itself for removed and lose quorum.
     * Here that takes 2 s of silence.
     */
    static final FailureDetection DETECTION = new FailureDetection(Duration.ofMillis(100),
            Duration.ofMillis(1600), Duration.ofMillis(400), Duration.ofSeconds(1));

    final String clusterName = "spring-test-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Integer> ports;
    private final List<ActorSystem> systems = new CopyOnWriteArrayList<>();

    ClusterMembers(int members) throws IOException {
        this.ports = freePorts(members);
    }

    /** Static hosts listing every port, {@code host:port} on 127.0.0.1, comma-separated. */
    String hosts() {
        return String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /** Properties that make an application a member on {@code ports.get(index)}, with remoting on a free port. */
    String[] appProperties(int index, String... more) {
        List<String> props = new ArrayList<>(List.of("goakt.cluster.enabled=true",
                "goakt.cluster.name=" + clusterName,
                "goakt.cluster.port=" + ports.get(index),
                "goakt.cluster.join-timeout=500ms",
                "goakt.cluster.discovery.static.hosts=" + hosts(),
                "goakt.cluster.failure-detection.heartbeat-interval=" + DETECTION.heartbeatInterval().toMillis()
                        + "ms",
                "goakt.cluster.failure-detection.timeout=" + DETECTION.timeout().toMillis() + "ms",
                "goakt.cluster.failure-detection.verify-timeout=" + DETECTION.verifyTimeout().toMillis() + "ms",
                "goakt.cluster.failure-detection.merge-interval=" + DETECTION.mergeInterval().toMillis() + "ms",
                "goakt.remoting.port=0"));
        props.addAll(List.of(more));
        return props.toArray(String[]::new);
    }

    /** Starts a plain runtime member on {@code ports.get(index)}; returns once it joined. */
    Cluster start(int index, UnaryOperator<Serialization.Builder> types) {
        ActorSystem system = ActorSystem.create("peer" + index);
        systems.add(system);
        return Cluster.start(system, ClusterConfig.builder().clusterName(clusterName).port(ports.get(index))
                .discovery(StaticDiscovery.of(List.of(hosts().split(","))))
                .failureDetection(DETECTION).joinTimeout(Duration.ofMillis(500))
                .remoting(RemotingConfig.builder().host("127.0.0.1").port(0)
                        .serialization(types.apply(Serialization.builder()).build()).build())
                .build());
    }

    @Override
    public void close() {
        systems.forEach(s -> s.shutdown(TIMEOUT));
    }

    /** {@code n} free ports on 127.0.0.1, spaced so no member's failure-detection ports (port+100..103) meet. */
    private static List<Integer> freePorts(int n) {
        return FreePorts.controlPorts(n);
    }
}
