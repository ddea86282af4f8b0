package io.goakt.testkit;

import io.goakt.actor.ActorSystem;
import io.goakt.cluster.Cluster;
import io.goakt.cluster.ClusterConfig;
import io.goakt.cluster.ClusterGrains;
import io.goakt.cluster.FailureDetection;
import io.goakt.discovery.StaticDiscovery;
import io.goakt.grain.GrainIdentity;
import io.goakt.grain.GrainRegistry;
import io.goakt.internal.cluster.ClusterNode;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TP;
import org.jgroups.stack.ProtocolStack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A small cluster of actor systems in this JVM for a test: each member's control plane and remoting listen on
 * 127.0.0.1 (free ports picked for you), members find each other by static discovery, and failure detection is
 * fast ({@link FailureDetection#fast()}), so a crash is noticed within about a second.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder(3)
 *         .configure((i, config) -> config.remoting(RemotingConfig.builder()
 *                 .serialization(Serialization.builder().register("app.Inc", Inc.class).build()).build()))
 *         .onEachMember((i, system) -> Grains.of(system).register("counter", Counter::new))
 *         .start()) {
 *     cluster.awaitUp();
 *     GrainRef counter = Grains.of(cluster.member(0)).ref("counter", "c1");
 *     GrainProbe probe = cluster.grainProbe(1);
 *     probe.send(Grains.of(cluster.member(1)).ref("counter", "c1"), new Inc());
 *     cluster.crash(cluster.whereActive(counter.identity()).getAsInt());
 * }
 * }</pre>
 *
 * <p>The test cluster sets these settings of every member, which a {@link Configurer} must leave alone: cluster
 * name, host, port, discovery, failure detection, join timeout and {@linkplain ClusterConfig#stableAfter() stable
 * after} (2 s: longer than a cut-off member of the fast profile needs to lose quorum). Everything else (remoting and
 * its serialization, roles, quorum, partition count) is the configurer's. Register grain kinds in
 * {@link Builder#onEachMember}: it runs right after each member's cluster started, which is after the cluster grains
 * were installed and before any test message is sent.
 *
 * <p>Threading: for the test thread. Close it at the end of the test: every member's system shuts down.
 */
public final class TestCluster implements AutoCloseable {

    /** Adjusts the cluster settings of one member before it starts. */
    @FunctionalInterface
    public interface Configurer {
        /** Called for member {@code index} (from 0) with its settings so far. */
        void configure(int index, ClusterConfig.Builder config);
    }

    /** Prepares one member once its cluster started (register grain kinds, spawn actors). */
    @FunctionalInterface
    public interface MemberStarted {
        /** Called for member {@code index} (from 0) with its system. */
        void started(int index, ActorSystem system) throws Exception;
    }

    /** How long {@link #awaitUp} and the other waits take at most unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STABLE_AFTER = Duration.ofSeconds(2);
    private static final Duration JOIN_TIMEOUT = Duration.ofMillis(500);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    /** A member's failure detector listens this far above its control port; member ports are spaced wider. */
    private static final int FD_OFFSET = 100;
    private static final int SPACING = 110;

    private final String name;
    private final Duration timeout;
    private final List<ActorSystem> systems = new ArrayList<>();
    private final List<Cluster> clusters = new ArrayList<>();
    private final List<Thread> crashes = new ArrayList<>();
    private final boolean[] gone;

    private TestCluster(Builder b) throws Exception {
        this.name = b.name;
        this.timeout = b.timeout;
        this.gone = new boolean[b.size];
        List<Integer> ports = controlPorts(b.size);
        List<String> seeds = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        try {
            for (int i = 0; i < b.size; i++) {
                ClusterConfig.Builder config = ClusterConfig.builder().clusterName(name).host("127.0.0.1")
                        .port(ports.get(i)).discovery(StaticDiscovery.of(seeds))
                        .failureDetection(FailureDetection.fast()).joinTimeout(JOIN_TIMEOUT)
                        .stableAfter(STABLE_AFTER);
                b.configurer.configure(i, config);
                ActorSystem system = ActorSystem.create(name + "-" + i);
                systems.add(system);
                clusters.add(Cluster.start(system, config.build()));
                b.started.started(i, system);
            }
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    /** Starts {@code size} members, each configured by {@code configurer}; see {@link #builder} for more. */
    public static TestCluster start(int size, Configurer configurer) throws Exception {
        return builder(size).configure(configurer).start();
    }

    /** A test cluster of {@code size} members (1 to 9), to configure and start. */
    public static Builder builder(int size) {
        return new Builder(size);
    }

    /** The number of members started (crashed ones included). */
    public int size() {
        return systems.size();
    }

    /** The actor system of member {@code index}. */
    public ActorSystem member(int index) {
        return systems.get(index);
    }

    /** The cluster membership of member {@code index}. */
    public Cluster cluster(int index) {
        return clusters.get(index);
    }

    /**
     * Waits until every member that was neither crashed nor made to leave has the same view of exactly those
     * members, with quorum, and serves every grain partition it owns (so grain messages need no retry).
     *
     * @throws AssertionError when that does not happen within {@link #DEFAULT_TIMEOUT} (or the builder's timeout)
     */
    public TestCluster awaitUp() {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = notUp();
            if (last.isEmpty()) {
                return this;
            }
            pause();
        }
        throw new AssertionError("test cluster " + name + " not up within " + timeout + ": " + last);
    }

    private String notUp() {
        List<Integer> live = live();
        for (int i : live) {
            Cluster c = clusters.get(i);
            if (!c.isUp() || !c.hasQuorum() || c.view().size() != live.size()) {
                return "member " + i + " sees " + c.view().size() + " of " + live.size() + " members"
                        + (c.hasQuorum() ? "" : " without quorum");
            }
            if (!c.view().members().equals(clusters.get(live.get(0)).view().members())) {
                return "members " + live.get(0) + " and " + i + " see different views";
            }
            ClusterGrains grains = ClusterGrains.of(systems.get(i)).orElse(null);
            if (grains != null && grains.servedPartitions() != grains.ownedPartitions()) {
                return "member " + i + " serves " + grains.servedPartitions() + " of its "
                        + grains.ownedPartitions() + " grain partitions";
            }
        }
        return "";
    }

    private List<Integer> live() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < systems.size(); i++) {
            if (!gone[i]) {
                live.add(i);
            }
        }
        return live;
    }

    /**
     * Crashes member {@code index} as a killed process would, as far as one JVM allows: its control plane goes
     * silent at once (nothing in or out, no leave), then its system shuts down in the background, so what it held
     * in memory is lost and the others notice through failure detection.
     */
    public void crash(int index) throws Exception {
        check(index);
        gone[index] = true;
        Cluster c = clusters.get(index);
        if (c instanceof ClusterNode node && node.channel() != null) {
            JChannel ch = node.channel();
            DISCARD discard = new DISCARD().discardAll(true);
            discard.setAddress(ch.getAddress());
            ch.stack().insertProtocol(discard, ProtocolStack.Position.ABOVE, TP.class);
            ch.stack().<FD_SOCK2>findProtocol(FD_SOCK2.class).stop();
            ch.stack().<TCP>findProtocol(TCP.class).clearConnections(false);
        }
        ActorSystem system = systems.get(index);
        Thread t = new Thread(() -> system.shutdown(SHUTDOWN_TIMEOUT), "testcluster-crash-" + index);
        t.setDaemon(true);
        t.start();
        crashes.add(t);
    }

    /** Makes member {@code index} leave gracefully (its grains are handed over first) and waits for it. */
    public void leave(int index) throws Exception {
        check(index);
        gone[index] = true;
        clusters.get(index).leave().toCompletableFuture().get(timeout.toMillis(), java.util.concurrent.TimeUnit
                .MILLISECONDS);
    }

    /** The member on which the grain {@code identity} is active now, if any. */
    public OptionalInt whereActive(GrainIdentity identity) {
        Objects.requireNonNull(identity, "identity");
        for (int i : live()) {
            GrainRegistry grains = systems.get(i).extension(GrainRegistry.class).orElse(null);
            if (grains != null && grains.isActive(identity)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * A grain probe on member {@code index}: what it sends reaches grains wherever they are active (the replies come
     * back to it over remoting, so they must be in the serialization allow-list), and it sees the activations and
     * deactivations on member {@code index} only.
     */
    public GrainProbe grainProbe(int index) {
        check(index);
        return new GrainProbe(systems.get(index), "grain-probe-" + ThreadLocalRandom.current().nextInt(1 << 20),
                timeout);
    }

    private void check(int index) {
        Objects.checkIndex(index, systems.size());
        if (gone[index]) {
            throw new IllegalStateException("member " + index + " of test cluster " + name + " was crashed or "
                    + "left");
        }
    }

    /** Shuts every member down (crashed ones finish their shutdown); idempotent. */
    @Override
    public void close() {
        for (int i = 0; i < systems.size(); i++) {
            systems.get(i).shutdown(SHUTDOWN_TIMEOUT);
        }
        for (Thread t : crashes) {
            try {
                t.join(SHUTDOWN_TIMEOUT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Between two looks at the members: the waits poll, as nothing signals "up". */
    private static void pause() {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        if (Thread.interrupted()) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the test cluster");
        }
    }

    /**
     * Free control ports on 127.0.0.1, {@value #SPACING} apart, each with its failure detector's port free, below the
     * usual ephemeral range so that no outgoing connection takes one between the pick and the bind.
     */
    static List<Integer> controlPorts(int n) {
        List<Integer> ports = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ports.size() < n && attempt < 10_000; attempt++) {
            int p = random.nextInt(20_000, 32_000);
            if (ports.stream().allMatch(q -> Math.abs(p - q) > SPACING) && free(p) && free(p + FD_OFFSET)) {
                ports.add(p);
            }
        }
        if (ports.size() < n) {
            throw new IllegalStateException("found only " + ports + " free control ports on 127.0.0.1");
        }
        return ports;
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The settings of a test cluster; {@link #start} starts it. For the test thread. */
    public static final class Builder {
        private final io.goakt.internal.util.SetOnce given = io.goakt.internal.util.SetOnce.reusable();
        private final int size;
        private String name = "test-cluster-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 24));
        private Configurer configurer = (i, c) -> {
        };
        private MemberStarted started = (i, s) -> {
        };
        private Duration timeout = DEFAULT_TIMEOUT;

        private Builder(int size) {
            if (size < 1 || size > 9) {
                throw new IllegalArgumentException("size must be 1 to 9 members, was " + size);
            }
            this.size = size;
        }

        /** The cluster's name; default {@code test-cluster-<random>}, so clusters of parallel tests never meet. */
        public Builder name(String clusterName) {
            Objects.requireNonNull(clusterName, "name");
            given.claim("name", name);
            this.name = clusterName;
            return this;
        }

        /** Adjusts each member's settings before it starts. */
        public Builder configure(Configurer c) {
            Objects.requireNonNull(c, "configure");
            given.claim("configure", configurer);
            this.configurer = c;
            return this;
        }

        /** Runs once each member's cluster started, before the next member starts. */
        public Builder onEachMember(MemberStarted s) {
            Objects.requireNonNull(s, "onEachMember");
            given.claim("onEachMember", started);
            this.started = s;
            return this;
        }

        /** How long {@link TestCluster#awaitUp} and probes wait at most; default 30 s. */
        public Builder timeout(Duration max) {
            Objects.requireNonNull(max, "timeout");
            if (max.isZero() || max.isNegative()) {
                throw new IllegalArgumentException("timeout must be positive, was " + max);
            }
            given.claim("timeout", timeout);
            this.timeout = max;
            return this;
        }

        /** Starts the members one after the other; returns without waiting for them to meet ({@link #awaitUp}). */
        public TestCluster start() throws Exception {
            return new TestCluster(this);
        }
    }
}
