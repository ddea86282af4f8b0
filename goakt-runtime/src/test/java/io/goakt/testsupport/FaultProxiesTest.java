package io.goakt.testsupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link FaultProxies} forwards byte for byte, cuts and heals the links between two groups, runs on one thread
 * however many links it carries and closes everything on close. Members are told apart by the loopback address their
 * client sockets bind: 127.0.0.2 is member 0, 127.0.0.3 member 1.
 */
class FaultProxiesTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> servers = new ArrayList<>();
    private FaultProxies proxies;

    @BeforeEach
    void start() {
        proxies = new FaultProxies((client, port) -> {
            byte[] a = client.getAddress().getAddress();
            return a[0] == 127 && (a[3] == 2 || a[3] == 3) ? OptionalInt.of(a[3] - 2) : OptionalInt.empty();
        });
    }

    @AfterEach
    void stop() throws IOException {
        proxies.close();
        for (Socket s : sockets) {
            s.close();
        }
        for (ServerSocket s : servers) {
            s.close();
        }
    }

    @Test
    void forwardsEveryByteBothWaysAndPassesOnTheClientsHalfClose() throws Exception {
        int port = proxies.add(0, 0, echoServer());
        byte[] sent = new byte[3 * 1024 * 1024 + 17];
        new Random(42).nextBytes(sent);
        try (Socket s = connect(1, port)) {
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < sent.length; off += 8191) {
                        out.write(sent, off, Math.min(8191, sent.length - off));
                    }
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            writer.start();
            byte[] back = s.getInputStream().readAllBytes();
            writer.join();
            assertThat(back).isEqualTo(sent);
        }
        await().atMost(WITHIN).until(() -> proxies.openLinks() == 0);
    }

    @Test
    void aCutDropsWhatAnOpenLinkBetweenTheGroupsCarriesAndRefusesNewOnesAndAHealLetsThemThroughAgain()
            throws Exception {
        int toMember0 = proxies.add(0, 0, echoServer());
        Socket across = connect(1, toMember0);
        Socket within = connect(0, toMember0);
        assertThat(roundTrip(across, "before")).isEqualTo("before");

        proxies.cut(Set.of(0));

        across.getOutputStream().write("lost".getBytes());
        await().atMost(WITHIN).until(() -> proxies.dropped() >= 4);
        assertThat(roundTrip(within, "same side")).isEqualTo("same side");
        Socket refused = connect(1, toMember0);
        assertThat(readOrEnd(refused)).isEqualTo(-1);
        assertThat(proxies.refused()).isEqualTo(1);

        proxies.heal();

        assertThat(readOrEnd(across)).as("the link with a gap closes").isEqualTo(-1);
        assertThat(roundTrip(connect(1, toMember0), "after")).isEqualTo("after");
        assertThat(roundTrip(within, "kept")).isEqualTo("kept");
    }

    @Test
    void aCutLinkWhoseMemberStoppedReadingTakesAndDropsWhatItsSenderSends() throws Exception {
        int toMember1 = proxies.add(1, 0, holdingServer());
        Socket across = connect(0, toMember1);
        byte[] chunk = new byte[64 * 1024];
        // the member reads nothing: the sender fills the socket buffers and the proxy's, then would block
        Thread filler = new Thread(() -> {
            try {
                for (int i = 0; i < 1024; i++) {
                    across.getOutputStream().write(chunk);
                }
            } catch (IOException e) {
                // the test closed it
            }
        });
        filler.setDaemon(true);
        filler.start();
        await().atMost(WITHIN).until(() -> proxies.openLinks() == 1);

        proxies.cut(Set.of(0));

        await().atMost(WITHIN).until(() -> !filler.isAlive());
        assertThat(proxies.dropped()).isGreaterThan(32L * 1024 * 1024);
    }

    @Test
    void oneThreadCarriesManyLinksAndCloseEndsItAndClosesEveryListenerAndLink() throws Exception {
        InetSocketAddress holder = holdingServer();
        int port = proxies.add(1, 0, holder);
        long before = proxyThreads();
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(connect(0, port));
        }
        await().atMost(WITHIN).until(() -> proxies.openLinks() == 200);
        assertThat(proxyThreads()).isEqualTo(before).isEqualTo(1);

        proxies.close();

        assertThat(proxies.thread().isAlive()).isFalse();
        for (Socket c : clients) {
            assertThat(readOrEnd(c)).isEqualTo(-1);
        }
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    }

    private static long proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("fault-proxies")
                && t.isAlive()).count();
    }

    private Socket connect(int member, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0." + (member + 2)), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), (int) WITHIN.toMillis());
        s.setSoTimeout((int) WITHIN.toMillis());
        sockets.add(s);
        return s;
    }

    private static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes());
        byte[] back = s.getInputStream().readNBytes(text.length());
        return new String(back);
    }

    private static int readOrEnd(Socket s) throws IOException {
        try {
            return s.getInputStream().read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    /** A server that echoes every connection on a thread of its own. */
    private InetSocketAddress echoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    sockets.add(s);
                    Thread echo = new Thread(() -> {
                        try (InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // the test closed it
                        }
                    });
                    echo.setDaemon(true);
                    echo.start();
                }
            } catch (IOException closed) {
                // the test ended
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** A server that accepts connections and holds them, reading nothing. */
    private InetSocketAddress holdingServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 300, InetAddress.getLoopbackAddress());
        servers.add(server);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    sockets.add(server.accept());
                }
            } catch (IOException closed) {
                // the test ended
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return (InetSocketAddress) server.getLocalSocketAddress();
    }
}
