package io.goakt.discovery;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterViewChanged;
import io.goakt.cluster.FailureDetection;
import io.goakt.testsupport.MultiJvm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A cluster member in a JVM of its own that finds the others through etcd or NATS, for the tests that kill a member
 * ({@link EtcdDiscoveryClusterTest}, {@link NatsDiscoveryClusterTest}): joins cluster {@code args[1]} at control port
 * {@code args[2]} on 127.0.0.1 with provider {@code args[0]} ({@code etcd} or {@code nats}) at {@code args[3]} (an
 * etcd endpoint or a NATS URL) with a ttl of {@code args[4]} seconds, and the fast failure-detection profile. Prints
 * {@code view <size>} for every view and ends after five minutes at the latest, or when the test's JVM ends.
 */
public final class StoreMemberMain {

    private StoreMemberMain() {
    }

    public static void main(String[] args) throws Exception {
        MultiJvm.exitWhenParentExits();
        Duration ttl = Duration.ofSeconds(Long.parseLong(args[4]));
        Discovery discovery = switch (args[0]) {
            case EtcdDiscovery.TYPE -> EtcdDiscovery.builder().endpoints(List.of(args[3])).ttl(ttl).build();
            case NatsDiscovery.TYPE -> NatsDiscovery.builder().servers(List.of(args[3])).ttl(ttl).build();
            default -> throw new IllegalArgumentException("provider must be etcd or nats, was " + args[0]);
        };
        ActorSystem system = ActorSystem.create("store-member-" + args[2]);
        system.eventStream().subscribe(ClusterViewChanged.class, e -> print("view " + e.view().size()));
        Cluster.start(system, ClusterConfig.builder()
                .clusterName(args[1])
                .port(Integer.parseInt(args[2]))
                .discovery(discovery)
                .failureDetection(FailureDetection.fast())
                .joinTimeout(Duration.ofMillis(500))
                .build());
        print("started");
        // bounded: a member the test forgot ends by itself
        new CountDownLatch(1).await(5, TimeUnit.MINUTES);
        system.shutdown(Duration.ofSeconds(10));
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
