package io.goakt.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/**
 * A main for {@link NetworkNamespaces}' tests, run inside a namespace:
 * <ul>
 *   <li>{@code listen <address> <port>}: accepts TCP connections on the address, prints {@code listening}, and
 *       ends after two minutes or with the test JVM ({@link MultiJvm#exitWhenParentExits()});</li>
 *   <li>{@code connect <address> <port> <millis>}: exits 0 when a TCP connection to the address opens within the
 *       time, 1 otherwise.</li>
 * </ul>
 */
public final class NetworkProbe {

    private NetworkProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        InetAddress address = InetAddress.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        if (args[0].equals("listen")) {
            MultiJvm.exitWhenParentExits();
            try (ServerSocket server = new ServerSocket(port, 50, address)) {
                Thread acceptor = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            server.accept().close();
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "acceptor");
                acceptor.setDaemon(true);
                acceptor.start();
                System.out.println("listening");
                System.out.flush();
                TimeUnit.MINUTES.sleep(2);
            }
            return;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), Integer.parseInt(args[3]));
            System.exit(0);
        } catch (IOException e) {
            System.out.println("cannot connect: " + e);
            System.exit(1);
        }
    }
}
