package io.goakt.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports on 127.0.0.1 that were free when asked for. Another process may take one before the test binds it; callers
 * that can tell (a server that fails to bind) ask again.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 50;

    private FreePorts() {
    }

    /** The kernel's ephemeral port range, from which outgoing connections and port-0 binds take their ports. */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Where {@link #controlPorts} looks, below the usual ephemeral range (Linux: 32768-60999). */
    private static final int CONTROL_LOW = 20_000;
    private static final int CONTROL_HIGH = 32_000;

    /** A cluster member's failure detector listens this far above its control port, on one of four ports. */
    private static final int FAILURE_DETECTION_OFFSET = 100;
    private static final int FAILURE_DETECTION_PORTS = 4;
    /** Control ports of one test lie at least this far apart, so no member's ports meet another's. */
    private static final int SPACING = FAILURE_DETECTION_OFFSET + FAILURE_DETECTION_PORTS + 6;

    /**
     * {@code n} free TCP ports for cluster members' control planes, {@value #SPACING} apart, each with its failure
     * detector's ports free too, and all outside the kernel's ephemeral range when that range starts above
     * {@value #CONTROL_HIGH}: a port picked there cannot be taken between the pick and the member's bind by some
     * socket's ephemeral port (another member's outgoing connection, a port-0 server), which a pick through port 0
     * can.
     */
    public static List<Integer> controlPorts(int n) {
        int spacing = SPACING;
        if (ephemeralLow() <= CONTROL_HIGH + spacing) {
            return spacedFromPortZero(n, spacing);
        }
        List<Integer> ports = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; ports.size() < n && attempt < 10_000; attempt++) {
            int p = random.nextInt(CONTROL_LOW, CONTROL_HIGH);
            if (ports.stream().allMatch(q -> Math.abs(p - q) > spacing) && free(p)
                    && free(p + FAILURE_DETECTION_OFFSET)) {
                ports.add(p);
            }
        }
        if (ports.size() < n) {
            throw new IllegalStateException("found only " + ports + " free control ports on 127.0.0.1");
        }
        return ports;
    }

    private static List<Integer> spacedFromPortZero(int n, int spacing) {
        List<Integer> ports = new ArrayList<>();
        for (int attempt = 0; ports.size() < n && attempt < 1_000; attempt++) {
            int p = tcp();
            if (p <= 65_535 - spacing && ports.stream().allMatch(q -> Math.abs(p - q) > spacing)) {
                ports.add(p);
            }
        }
        if (ports.size() < n) {
            throw new IllegalStateException("found only " + ports + " free control ports on 127.0.0.1");
        }
        return ports;
    }

    private static boolean free(int port) {
        ServerSocket socket = tryBind(port);
        if (socket == null) {
            return false;
        }
        closeQuietly(socket);
        return true;
    }

    private static int ephemeralLow() {
        try {
            // A reader, not Files.readString: /proc reports a size of 0, and a read sized by it can stop short.
            try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 0; // unknown: pick through port 0
        }
    }

    /** A port free for both TCP and UDP (what a DNS server listens on). */
    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = tcp();
            if (udpFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP on 127.0.0.1 in " + ATTEMPTS
                + " attempts");
    }

    /** A free TCP port. */
    public static int tcp() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first of {@code count} consecutive free TCP ports, each with the port {@value #FAILURE_DETECTION_OFFSET}
     * above it free too, picked below the kernel's ephemeral range where that range allows (see
     * {@link #controlPorts}), else through port 0.
     */
    public static int tcpRange(int count) {
        if (ephemeralLow() > CONTROL_HIGH + FAILURE_DETECTION_OFFSET + count) {
            // Below the ephemeral range, as controlPorts: no outgoing connection can take a port between the pick
            // and the bind. Cluster members listen on these ports, so their failure detectors' ports must be free.
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int attempt = 0; attempt < 10_000; attempt++) {
                int first = random.nextInt(CONTROL_LOW, CONTROL_HIGH - count);
                if (allFree(first, count) && allFree(first + FAILURE_DETECTION_OFFSET, count)) {
                    return first;
                }
            }
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = tcp();
            if (first + count - 1 > 65535) {
                continue;
            }
            List<ServerSocket> held = new ArrayList<>();
            try {
                boolean all = true;
                for (int port = first; port < first + count && all; port++) {
                    ServerSocket socket = tryBind(port);
                    if (socket == null) {
                        all = false;
                    } else {
                        held.add(socket);
                    }
                }
                if (all) {
                    return first;
                }
            } finally {
                held.forEach(FreePorts::closeQuietly);
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free TCP ports on 127.0.0.1 in " + ATTEMPTS
                + " attempts");
    }

    /** Whether {@code count} ports from {@code first} can all be bound at once. */
    private static boolean allFree(int first, int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int port = first; port < first + count; port++) {
                ServerSocket socket = tryBind(port);
                if (socket == null) {
                    return false;
                }
                held.add(socket);
            }
            return true;
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    private static ServerSocket tryBind(int port) {
        ServerSocket socket = null;
        try {
            socket = new ServerSocket();
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(loopback(), port));
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            return null;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback(), port))) {
            return socket.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // a socket that fails to close frees its port with the process
        }
    }

    private static InetAddress loopback() {
        return InetAddress.getLoopbackAddress();
    }
}
