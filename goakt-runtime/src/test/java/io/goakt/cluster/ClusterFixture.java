package io.goakt.cluster;

import io.goakt.testsupport.ControlPlaneFaults;
import io.goakt.testsupport.FreePorts;

import io.goakt.actor.ActorSystem;
import io.goakt.discovery.Discovery;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.internal.cluster.ClusterNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Clusters of actor systems in one JVM on 127.0.0.1, with the fast failure-detection profile, and what each member
 * saw on its event stream. Closing the fixture shuts down every system it started (which closes their clusters).
 */
final class ClusterFixture implements AutoCloseable {

    /** Join timeout for test members: short, so a member alone forms its cluster quickly. */
    static final Duration JOIN_TIMEOUT = Duration.ofMillis(500);

    private final List<Node> nodes = new CopyOnWriteArrayList<>();

    /** One started member and the cluster events its system published, in order. */
    static final class Node {
        final ActorSystem system;
        final Cluster cluster;
        final List<Object> events;

        Node(ActorSystem system, Cluster cluster, List<Object> events) {
            this.system = system;
            this.cluster = cluster;
            this.events = events;
        }

        <T> List<T> events(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        /** The member ids of the events of {@code type}, in order. */
        List<String> memberIds(Class<?> type) {
            List<String> ids = new ArrayList<>();
            for (Object e : events) {
                if (type.isInstance(e)) {
                    if (e instanceof MemberJoined j) {
                        ids.add(j.member().id());
                    } else if (e instanceof MemberLeft l) {
                        ids.add(l.member().id());
                    } else if (e instanceof MemberUnreachable u) {
                        ids.add(u.member().id());
                    }
                }
            }
            return ids;
        }

        String id() {
            return cluster.self().id();
        }

        ClusterNode internal() {
            return (ClusterNode) cluster;
        }

        /** Cuts the member off the network, both ways ({@link ControlPlaneFaults#cutOff}). */
        void cutOff() throws Exception {
            ControlPlaneFaults.cutOff(internal().channel());
        }

        void reconnect() {
            ControlPlaneFaults.reconnect(internal().channel());
        }

        /** Stops the member's control plane as a killed process would ({@link ControlPlaneFaults#crash}). */
        void crash() throws Exception {
            ControlPlaneFaults.crash(internal().channel());
        }
    }

    /** {@code n} free ports on 127.0.0.1, spaced so no member's failure-detection ports meet another's ports. */
    static List<Integer> freePorts(int n) throws IOException {
        return FreePorts.controlPorts(n);
    }

    /** {@code host:port} on 127.0.0.1 for each port. */
    static List<String> hostPorts(List<Integer> ports) {
        return ports.stream().map(p -> "127.0.0.1:" + p).toList();
    }

    /** A config builder for a test member on 127.0.0.1:{@code port} with the fast profile. */
    static ClusterConfig.Builder config(String clusterName, int port, Discovery discovery) {
        return ClusterConfig.builder().clusterName(clusterName).port(port).discovery(discovery)
                .failureDetection(FailureDetection.fast()).joinTimeout(JOIN_TIMEOUT);
    }

    /** Starts a member of {@code clusterName} on {@code port} that finds the others at {@code seeds}. */
    Node start(String clusterName, int port, List<Integer> seeds) {
        return start(config(clusterName, port, StaticDiscovery.of(hostPorts(seeds))).build());
    }

    /** Starts a member with {@code config}. */
    Node start(ClusterConfig config) {
        return start(config, system -> Cluster.start(system, config));
    }

    /** Starts a member by {@code starter}, recording its events from before the start. */
    Node start(ClusterConfig config, java.util.function.Function<ActorSystem, Cluster> starter) {
        ActorSystem system = ActorSystem.create("node" + config.port());
        List<Object> events = new CopyOnWriteArrayList<>();
        Consumer<Object> record = events::add;
        for (Class<?> type : List.of(MemberJoined.class, MemberLeft.class, MemberUnreachable.class,
                ClusterViewChanged.class, SelfDowned.class, QuorumLost.class, QuorumRegained.class)) {
            system.eventStream().subscribe(type, record);
        }
        try {
            Node node = new Node(system, starter.apply(system), events);
            nodes.add(node);
            return node;
        } catch (RuntimeException e) {
            system.shutdown(Duration.ofSeconds(10));
            throw e;
        }
    }

    /**
     * Waits until every one of {@code nodes} holds the same view of {@code size} members, at most 60 s: generous,
     * as a loaded machine delays joins and merges.
     */
    static void awaitSameView(List<Node> nodes, int size) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (Node n : nodes) {
                org.assertj.core.api.Assertions.assertThat(n.cluster.view().size()).as("view of %s", n.id())
                        .isEqualTo(size);
                org.assertj.core.api.Assertions.assertThat(n.cluster.view().members())
                        .isEqualTo(nodes.get(0).cluster.view().members());
            }
        });
    }

    /**
     * Shuts the members down youngest first, so each leaver is rarely the oldest: the oldest hosts the singletons
     * and cron jobs and, leaving while others remain, would hand them over (about a second each) to a member that
     * is about to leave too. The oldest goes last, alone, and hands nothing over.
     */
    @Override
    public void close() {
        List<Node> youngestFirst = new ArrayList<>(nodes);
        Collections.reverse(youngestFirst);
        for (Node n : youngestFirst) {
            n.system.shutdown(Duration.ofSeconds(30));
        }
    }
}
