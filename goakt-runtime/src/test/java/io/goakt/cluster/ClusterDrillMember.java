package io.goakt.cluster;

import io.goakt.actor.ActorSystem;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.testsupport.MultiJvm;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member in a JVM of its own, for {@link ClusterProcessDrillTest}: joins cluster {@code args[0]} at
 * control port {@code args[1]} on 127.0.0.1, finding the others at the comma-separated {@code host:port} list
 * {@code args[2]}, with the fast failure-detection profile. It prints one line per cluster event
 * ({@code view size=<n> merged=<b> ports=<sorted control ports>}, {@code left <port>}, {@code unreachable <port>}) and
 * ends after five minutes at the latest, or when the test's JVM ends.
 */
public final class ClusterDrillMember {

    private ClusterDrillMember() {
    }

    public static void main(String[] args) throws Exception {
        MultiJvm.exitWhenParentExits();
        List<String> hosts = Arrays.asList(args[2].split(","));
        ActorSystem system = ActorSystem.create("drill-" + args[1]);
        system.eventStream().subscribe(ClusterViewChanged.class, e -> print("view size=" + e.view().size()
                + " merged=" + e.merged() + " ports=" + e.view().members().stream()
                .map(Member::controlPort).sorted().toList()));
        system.eventStream().subscribe(MemberLeft.class, e -> print("left " + e.member().controlPort()));
        system.eventStream().subscribe(MemberUnreachable.class, e -> print("unreachable " + e.member().controlPort()));
        Cluster.start(system, ClusterConfig.builder()
                .clusterName(args[0])
                .port(Integer.parseInt(args[1]))
                .discovery(StaticDiscovery.of(hosts))
                .failureDetection(FailureDetection.fast())
                .joinTimeout(Duration.ofMillis(500))
                .build());
        print("started");
        // Bounded: a member the test forgot ends by itself.
        new CountDownLatch(1).await(5, TimeUnit.MINUTES);
        system.shutdown(Duration.ofSeconds(10));
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
