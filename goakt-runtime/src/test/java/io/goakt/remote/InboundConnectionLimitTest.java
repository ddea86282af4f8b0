package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Messages.Numbered;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The server's cap on inbound connections: one over it is closed at once and counted; a freed slot is reused; a peer
 * whose connections are established keeps them, and loses nothing, while attackers hold every free slot and open
 * connections far over the cap.
 */
class InboundConnectionLimitTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name, RemotingConfig.Builder config) {
        ActorSystem system = ActorSystem.create(name);
        systems.add(system);
        return Remoting.start(system, config.serialization(Messages.serialization()).build());
    }

    private static Pong ping(ActorRef echo, String text) throws Exception {
        return (Pong) echo.ask(new Ping(text), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** True once the server closed the socket: end of stream or a reset, not a read that timed out. */
    private static boolean closedByServer(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aConnectionOverTheCapIsClosedAtOnceAndCountedAndAFreedSlotIsUsedAgain() throws Exception {
        Remoting target = node("target", RemotingConfig.builder().maxInboundConnections(1)
                .idleTimeout(Duration.ofSeconds(60)));
        target.system().spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        Remoting first = node("first", RemotingConfig.builder().connectionsPerPeer(1));
        ActorRef echoFromFirst = first.actorRef(target.endpoint(), "target", "echo");
        assertThat(ping(echoFromFirst, "one")).isEqualTo(new Pong("one"));

        InetSocketAddress address = new InetSocketAddress("127.0.0.1", target.boundAddress().getPort());
        try (Socket extra = new Socket()) {
            extra.connect(address, 30_000);
            assertThat(closedByServer(extra)).as("the connection over the cap is closed").isTrue();
        }
        await().atMost(30, TimeUnit.SECONDS)
                .until(() -> target.stats().failures(FailureKind.TOO_MANY_CONNECTIONS) == 1);
        assertThat(ping(echoFromFirst, "two")).as("the connection within the cap serves on")
                .isEqualTo(new Pong("two"));

        first.system().shutdown(Duration.ofSeconds(10));
        Remoting second = node("second", RemotingConfig.builder().connectionsPerPeer(1)
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
        ActorRef echoFromSecond = second.actorRef(target.endpoint(), "target", "echo");
        // The first peer's connection closes on the server's event loop; until it has, the second peer's attempts
        // are over the cap and closed, and it retries.
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> ping(echoFromSecond, "three").equals(new Pong("three")));
    }

    @Test
    void concurrentConnectionsOverASmallCapAreEachClosedAndCountedOnceAndTheSlotsComeBack() throws Exception {
        int cap = 4;
        int perWave = 48;
        Remoting target = node("target", RemotingConfig.builder().maxInboundConnections(cap)
                .heartbeatInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(500)));
        target.system().spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", target.boundAddress().getPort());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int wave = 1; wave <= 3; wave++) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> closed = new ArrayList<>();
                for (int i = 0; i < perWave; i++) {
                    closed.add(pool.submit(() -> {
                        go.await();
                        try (Socket socket = new Socket()) {
                            socket.connect(address, 30_000);
                            // within the cap the server closes it after the idle timeout, over it at once
                            return closedByServer(socket);
                        }
                    }));
                }
                go.countDown();
                for (Future<Boolean> f : closed) {
                    assertThat(f.get(60, TimeUnit.SECONDS)).isTrue();
                }
                long expected = (long) wave * perWave;
                RemoteStats stats = target.stats();
                await().atMost(30, TimeUnit.SECONDS).until(() -> stats.failures(FailureKind.TOO_MANY_CONNECTIONS)
                        + stats.failures(FailureKind.IDLE_TIMEOUT) == expected);
                assertThat(target.stats().failures(FailureKind.TOO_MANY_CONNECTIONS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        // Every slot came back: a peer gets in and is served.
        Remoting peer = node("peer", RemotingConfig.builder().connectionsPerPeer(1));
        ActorRef echo = peer.actorRef(target.endpoint(), "target", "echo");
        await().atMost(30, TimeUnit.SECONDS).ignoreExceptions()
                .until(() -> ping(echo, "after").equals(new Pong("after")));
    }

    /** In the {@code reliability} profile (docs/reliability.md, "Connection cap and idle timeout"): 15 s loaded. */
    @Test
    @Tag("reliability")
    void aGoodPeersEstablishedConnectionsServeOnAndLoseNothingWhileAttackersHoldAndOpenConnectionsFarOverTheCap()
            throws Exception {
        int cap = 16;
        int messages = Integer.getInteger("goakt.attack.messages", 20_000);
        Remoting target = node("target", RemotingConfig.builder().maxInboundConnections(cap)
                .heartbeatInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofSeconds(2)));
        AtomicLong received = new AtomicLong();
        target.system().spawnFromFunction("sink", ctx -> {
            if (ctx.message() instanceof Numbered) {
                received.incrementAndGet();
            } else if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        Remoting good = node("good", RemotingConfig.builder());
        ActorRef sink = good.actorRef(target.endpoint(), "target", "sink");
        GoodPeerTraffic.send(sink, "warm-up", messages);
        int goodConnections = good.stats().openConnections();

        double before = GoodPeerTraffic.send(sink, "before the attack", messages);
        ConnectionFlood flood = new ConnectionFlood(target.boundAddress().getPort(), 8 * cap);
        double during;
        long overCapBefore;
        long overCapDuring;
        try {
            flood.start();
            // the attackers hold every free slot and their next connections are refused before the phase starts
            await().atMost(30, TimeUnit.SECONDS).until(() -> target.stats()
                    .failures(FailureKind.TOO_MANY_CONNECTIONS) >= 4L * cap);
            overCapBefore = target.stats().failures(FailureKind.TOO_MANY_CONNECTIONS);
            during = GoodPeerTraffic.send(sink, "during the attack", messages);
            overCapDuring = target.stats().failures(FailureKind.TOO_MANY_CONNECTIONS) - overCapBefore;
        } finally {
            flood.stop();
        }
        double after = GoodPeerTraffic.send(sink, "after the attack", messages);

        long expected = 4L * messages;
        await().atMost(30, TimeUnit.SECONDS).until(() -> received.get() == expected);
        assertThat(received.get()).as("tells the good peer sent and the sink received").isEqualTo(expected);
        RemoteStats goodStats = good.stats();
        assertThat(goodStats.failures()).as("the good peer's failures: none of its connections was refused,"
                + " closed or failed").isEmpty();
        assertThat(goodStats.openConnections()).as("the good peer's connections").isEqualTo(goodConnections);
        assertThat(overCapDuring).as("connections refused over the cap while the good peer sent").isPositive();
        RemoteStats stats = target.stats();
        assertThat(stats.failures().keySet()).as("the target's failures").allMatch(k ->
                k == FailureKind.TOO_MANY_CONNECTIONS || k == FailureKind.IDLE_TIMEOUT);
        System.out.printf("connection cap %d under attack: good peer %,.0f msg/s before, %,.0f msg/s during, %,.0f"
                        + " msg/s after (%,d messages each); %,d attacking connections opened, %,d refused over the"
                        + " cap (%,d while the good peer sent), %,d closed idle; the good peer's %d connections"
                        + " served throughout%n", cap, before, during, after, messages, flood.opened.get(),
                stats.failures(FailureKind.TOO_MANY_CONNECTIONS), overCapDuring,
                stats.failures(FailureKind.IDLE_TIMEOUT), goodConnections);
    }

    /**
     * Connections that send nothing, opened at about 1,000 a second (bounded, so the host's ephemeral ports and the
     * server's TIME_WAIT sockets stay few) and held up to {@code hold} at once: those within the cap take every
     * free slot until the idle timeout closes them, the rest are closed at once; a closed one is replaced.
     */
    private static final class ConnectionFlood {
        private final InetSocketAddress address;
        private final int hold;
        private final List<Socket> held = new CopyOnWriteArrayList<>();
        private final AtomicLong opened = new AtomicLong();
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

        ConnectionFlood(int port, int hold) {
            this.address = new InetSocketAddress("127.0.0.1", port);
            this.hold = hold;
        }

        void start() {
            for (int t = 0; t < 2; t++) {
                scheduler.scheduleAtFixedRate(this::round, 0, 2, TimeUnit.MILLISECONDS);
            }
        }

        private void round() {
            try {
                if (held.size() >= hold) {
                    for (Socket s : held) {
                        if (closed(s)) {
                            held.remove(s);
                            s.close();
                        }
                    }
                }
                if (held.size() < hold) {
                    Socket s = new Socket();
                    s.connect(address, 5_000);
                    opened.incrementAndGet();
                    held.add(s);
                }
            } catch (IOException e) {
                // a refused or reset attempt: the next round tries again
            }
        }

        private static boolean closed(Socket s) {
            try {
                s.setSoTimeout(1);
                return s.getInputStream().read() == -1;
            } catch (SocketTimeoutException open) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }

        void stop() throws InterruptedException, IOException {
            scheduler.shutdownNow();
            assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void theCapMustBePositive() {
        assertThat(RemotingConfig.builder().build().maxInboundConnections())
                .isEqualTo(RemotingConfig.DEFAULT_MAX_INBOUND_CONNECTIONS).isEqualTo(1024);
        assertThatThrownBy(() -> RemotingConfig.builder().maxInboundConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
        assertThat(RemotingConfig.builder().maxInboundConnections(1).build().maxInboundConnections()).isEqualTo(1);
    }
}
