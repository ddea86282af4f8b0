package io.goakt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Ports on 127.0.0.1 that were free when asked for. Another process may take one before the test binds it; callers
 * that can tell (a server that fails to bind) ask again.
 */
public final class FreePorts {

    private static final int ATTEMPTS = 50;

    private FreePorts() {
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

    /** The first of {@code count} consecutive free TCP ports. */
    public static int tcpRange(int count) {
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
