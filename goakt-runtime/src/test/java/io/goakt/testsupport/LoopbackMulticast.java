package io.goakt.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.charset.StandardCharsets;

/**
 * Multicast kept on this host for tests: the loopback interface and TTL 0, so no datagram reaches the machine's real
 * network. Whether the kernel delivers multicast on loopback depends on the machine (Linux does, even when {@code lo}
 * lacks the MULTICAST flag; some sandboxes and other systems refuse), so {@link #requireDelivery} first sends one
 * datagram to the group and skips the calling test, naming why, when it does not arrive. This skip holds under
 * {@code CI=true} too: it means the kernel refuses, not that a package is missing.
 */
public final class LoopbackMulticast {

    private static final int PROBE_TIMEOUT_MILLIS = 3_000;

    private LoopbackMulticast() {
    }

    /** The loopback interface. */
    public static NetworkInterface loopback() throws IOException {
        NetworkInterface lo = NetworkInterface.getByInetAddress(InetAddress.getByName("127.0.0.1"));
        if (lo == null) {
            Assumptions.abort("no interface holds 127.0.0.1");
        }
        return lo;
    }

    /** Skips the calling test unless a datagram sent to {@code group}:{@code port} on loopback comes back. */
    public static void requireDelivery(InetAddress group, int port) throws IOException {
        NetworkInterface lo = loopback();
        try (MulticastSocket receiver = new MulticastSocket(port); MulticastSocket sender = new MulticastSocket()) {
            receiver.joinGroup(new InetSocketAddress(group, 0), lo);
            receiver.setSoTimeout(PROBE_TIMEOUT_MILLIS);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
            sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
            sender.setTimeToLive(0);
            byte[] probe = "goakt-multicast-probe".getBytes(StandardCharsets.US_ASCII);
            sender.send(new DatagramPacket(probe, probe.length, group, port));
            byte[] buffer = new byte[64];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            receiver.receive(received);
        } catch (SocketTimeoutException e) {
            Assumptions.abort("the kernel does not deliver multicast on the loopback interface (a probe to "
                    + group.getHostAddress() + ":" + port + " did not arrive within " + PROBE_TIMEOUT_MILLIS
                    + " ms); skipping");
        } catch (IOException e) {
            Assumptions.abort("the kernel refuses multicast on the loopback interface (" + e + "); skipping");
        }
    }
}
