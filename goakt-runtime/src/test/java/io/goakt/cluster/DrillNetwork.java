package io.goakt.cluster;

import io.goakt.cluster.QuorumProcessDrillTest.Driver;
import io.goakt.testsupport.FaultProxies;
import io.goakt.testsupport.FreePorts;
import io.goakt.testsupport.MultiJvm;
import io.goakt.testsupport.NetworkNamespaces;
import io.goakt.testsupport.ProcessSockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The network of a partition drill's member JVMs, cut into two groups and healed. As root it is
 * {@link NetworkNamespaces} (a namespace per member, veth pairs between them: a cut is a pulled cable); otherwise,
 * or with {@code -Dgoakt.drill.partition=proxy}, it is {@link FaultProxies} on loopback: every member binds its own
 * control and remoting ports and advertises a proxy's, so the members reach each other only through the proxies,
 * and a cut drops what the links between the groups carry and refuses new ones. The failure detectors' sockets
 * (FD_SOCK2, which listens at the advertised control port plus 100) are not proxied: a partition does not close
 * them, and the members notice it by the missing heartbeats, which cross the proxies.
 */
abstract class DrillNetwork implements AutoCloseable {

    /** {@code -Dgoakt.drill.partition=proxy} runs the partition drills through the proxies also as root. */
    static final String PROPERTY = "goakt.drill.partition";

    /** The network for {@code n} members: namespaces as root (unless the property says proxy), else proxies. */
    static DrillNetwork create(int n) {
        boolean proxy = "proxy".equals(System.getProperty(PROPERTY)) || !isRoot();
        DrillNetwork net = proxy ? new Proxied(n) : new Namespaced(n);
        System.out.println("partition through " + net);
        return net;
    }

    /**
     * Starts {@code n} members of {@code cluster} with {@code minPeers} and {@code detection} ({@code fast} or
     * {@code loaded}, see {@link QuorumDrillMember}) and waits until each views all (see
     * {@link QuorumProcessDrillTest#start(Path, int, java.util.function.IntFunction)}).
     */
    abstract List<Driver> start(MultiJvm jvms, Path dir, String cluster, String minPeers, String detection);

    /** Cuts every link between {@code group} and the other members. */
    abstract void partition(Collection<Integer> group);

    /** Restores every link. */
    abstract void heal();

    @Override
    public abstract void close();

    private static boolean isRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("Uid:"))
                    .anyMatch(l -> l.split("\\s+")[2].equals("0"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Path commands(Path dir, int i) {
        return dir.resolve("m" + (i + 1) + ".commands");
    }

    /** Members in network namespaces, on one port each in their own namespace. */
    private static final class Namespaced extends DrillNetwork {
        private static final int PORT = 7800;
        private final NetworkNamespaces net;
        private final int n;

        Namespaced(int n) {
            this.n = n;
            this.net = NetworkNamespaces.create(n);
        }

        @Override
        List<Driver> start(MultiJvm jvms, Path dir, String cluster, String minPeers, String detection) {
            String hosts = IntStream.range(0, n).mapToObj(i -> net.address(i) + ":" + PORT)
                    .collect(Collectors.joining(","));
            return QuorumProcessDrillTest.start(dir, n, i -> {
                try {
                    return jvms.start("m" + (i + 1), net.exec(i), QuorumDrillMember.class, List.of(),
                            List.of(cluster, net.address(i), Integer.toString(PORT), hosts,
                                    commands(dir, i).toString(), minPeers, detection));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        void partition(Collection<Integer> group) {
            net.partition(group);
        }

        @Override
        void heal() {
            net.heal();
        }

        @Override
        public void close() {
            net.close();
        }

        @Override
        public String toString() {
            return "network namespaces";
        }
    }

    /** Members on loopback behind {@link FaultProxies}. */
    private static final class Proxied extends DrillNetwork {
        private final ProcessSockets sockets = new ProcessSockets();
        private final FaultProxies proxies = new FaultProxies(sockets);
        private final int n;
        private final List<Integer> control;
        private final List<Integer> advertisedControl;
        private final List<Integer> remoting;
        private final List<Integer> advertisedRemoting;

        Proxied(int n) {
            this.n = n;
            // one pick, so that no port falls in another's failure-detector range
            List<Integer> ports = FreePorts.controlPorts(4 * n);
            this.control = ports.subList(0, n);
            this.advertisedControl = ports.subList(n, 2 * n);
            this.remoting = ports.subList(2 * n, 3 * n);
            this.advertisedRemoting = ports.subList(3 * n, 4 * n);
            for (int i = 0; i < n; i++) {
                proxies.add(i, advertisedControl.get(i), loopback(control.get(i)));
                proxies.add(i, advertisedRemoting.get(i), loopback(remoting.get(i)));
            }
        }

        @Override
        List<Driver> start(MultiJvm jvms, Path dir, String cluster, String minPeers, String detection) {
            String hosts = advertisedControl.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
            return QuorumProcessDrillTest.start(dir, n, i -> {
                try {
                    MultiJvm.Member member = jvms.start("m" + (i + 1), QuorumDrillMember.class, cluster,
                            "127.0.0.1", Integer.toString(control.get(i)), hosts, commands(dir, i).toString(),
                            minPeers, detection, Integer.toString(advertisedControl.get(i)), Integer.toString(remoting.get(i)),
                            Integer.toString(advertisedRemoting.get(i)));
                    sockets.register(member.pid(), i);
                    return member;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }

        @Override
        void partition(Collection<Integer> group) {
            proxies.cut(group);
        }

        @Override
        void heal() {
            proxies.heal();
            System.out.println("the proxies refused " + proxies.refused() + " connections and dropped "
                    + proxies.dropped() + " bytes during the cut");
        }

        @Override
        public void close() {
            proxies.close();
        }

        @Override
        public String toString() {
            return "TCP proxies";
        }

        private static InetSocketAddress loopback(int port) {
            return new InetSocketAddress("127.0.0.1", port);
        }
    }
}
