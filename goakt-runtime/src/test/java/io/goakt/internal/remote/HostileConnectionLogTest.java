package io.goakt.internal.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.remote.FailureKind;
import io.goakt.remote.RemoteStats;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live node takes 10,000 bad connections from three peer addresses (127.0.0.1-3) while a good peer keeps asking:
 * the log gets a bounded number of lines whose counts add up to the failure counters exactly.
 */
class HostileConnectionLogTest {

    private static final int BAD_CONNECTIONS = 10_000;
    private static final String[] ATTACKERS = {"127.0.0.1", "127.0.0.2", "127.0.0.3"};

    record Ping(int n) {
    }

    record Pong(int n) {
    }

    private ActorSystem server;
    private ActorSystem client;

    @AfterEach
    void shutdown() {
        if (client != null) {
            client.shutdown(Duration.ofSeconds(10));
        }
        if (server != null) {
            server.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void badConnectionsFromAFewPeersWriteBoundedSummarisedLinesWhileAGoodPeerIsServed() throws Exception {
        Serialization serialization = Serialization.builder()
                .register("test.Ping", Ping.class).register("test.Pong", Pong.class).build();
        ConnectionFailureLogTest.Lines lines = new ConnectionFailureLogTest.Lines();
        server = ActorSystem.create("target");
        // A window longer than the test: each (reason, peer) writes its first line now and its summary at close.
        Remoting target = server.extension(Remoting.class, s -> RemotingEngine.start(s, RemotingConfig.builder()
                .serialization(serialization).maxFrameSize(64 * 1024).build(), lines, Duration.ofHours(1)));
        server.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.n()));
            }
        });
        client = ActorSystem.create("good");
        Remoting good = Remoting.start(client, RemotingConfig.builder().serialization(serialization).build());
        ActorRef echo = good.actorRef(target.endpoint(), "target", "echo");
        assertThat(echo.ask(new Ping(-1), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new Pong(-1));

        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        AtomicReference<Throwable> goodPeerFailure = new AtomicReference<>();
        Thread goodPeer = new Thread(() -> {
            try {
                for (int n = 0; attacking.get(); n++) {
                    Object reply = echo.ask(new Ping(n), Duration.ofSeconds(30)).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                    assertThat(reply).isEqualTo(new Pong(n));
                    served.incrementAndGet();
                }
            } catch (Throwable e) {
                goodPeerFailure.set(e);
            }
        }, "good-peer");
        goodPeer.start();

        List<Thread> attackers = new ArrayList<>();
        AtomicReference<Throwable> attackFailure = new AtomicReference<>();
        for (int a = 0; a < ATTACKERS.length; a++) {
            String from = ATTACKERS[a];
            int first = a;
            attackers.add(new Thread(() -> {
                try {
                    for (int i = first; i < BAD_CONNECTIONS; i += ATTACKERS.length) {
                        attack(from, target.boundAddress().getPort(), i);
                    }
                } catch (Throwable e) {
                    attackFailure.set(e);
                }
            }, "attacker-" + from));
        }
        attackers.forEach(Thread::start);
        for (Thread t : attackers) {
            t.join(TimeUnit.MINUTES.toMillis(5));
        }
        attacking.set(false);
        goodPeer.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(attackFailure.get()).isNull();
        assertThat(goodPeerFailure.get()).isNull();
        assertThat(served.get()).isPositive();
        // Still serving after the attack.
        assertThat(echo.ask(new Ping(-2), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new Pong(-2));

        server.shutdown(Duration.ofSeconds(10)); // closes the remoting, which writes the open windows' summaries
        RemoteStats stats = target.stats();
        long counted = 0;
        Map<FailureKind, Long> accounted = lines.accountedByReason();
        for (FailureKind kind : FailureKind.values()) {
            if (kind == FailureKind.IO_ERROR) {
                continue; // a reset socket is a DEBUG line, outside the WARN summaries
            }
            assertThat(accounted.getOrDefault(kind, 0L)).as(kind.name()).isEqualTo(stats.failures(kind));
            counted += stats.failures(kind);
        }
        assertThat(counted + stats.failures(FailureKind.IO_ERROR)).isGreaterThanOrEqualTo(BAD_CONNECTIONS);
        // Per (reason, peer): the line that opened its window and one summary.
        int reasons = 4;
        assertThat(lines.all).hasSizeLessThanOrEqualTo(2 * reasons * ATTACKERS.length);
    }

    /** One bad connection of four kinds, each closed by the server at its first frame. */
    private static void attack(String from, int port, int i) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(from, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            switch (i % 4) {
                case 0 -> out.writeInt(Integer.MAX_VALUE); // FRAME_TOO_LARGE
                case 1 -> { // MALFORMED_FRAME: a plausible length, garbage inside
                    out.writeInt(8);
                    out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4});
                }
                case 2 -> frame(out, Frame.newBuilder().setEnvelope(Envelope.newBuilder().setTypeId("test.Ping"))
                        .build()); // UNEXPECTED_FRAME
                default -> frame(out, Frame.newBuilder().setHello(Hello.newBuilder()
                        .setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION + 1).setSystem("bad")
                        .setHost("127.0.0.1").setPort(1)).build()); // HANDSHAKE_FAILED
            }
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[256];
            while (in.read(buf) >= 0) {
                // until the server closes
            }
        } catch (IOException reset) {
            // the server closed first
        }
    }

    private static void frame(DataOutputStream out, Frame f) throws IOException {
        byte[] bytes = f.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
    }
}
