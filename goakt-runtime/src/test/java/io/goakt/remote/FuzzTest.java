package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Throws random and truncated frames, wrong lengths and garbage at a live server (bounded in count and time, only
 * to 127.0.0.1), then proves that the server still serves a good client.
 */
class FuzzTest {

    private static final int ROUNDS = 150;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(30);

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
    void garbageClosesOnlyItsOwnConnection() throws Exception {
        server = ActorSystem.create("target");
        Remoting target = Remoting.start(server, RemotingConfig.builder()
                .serialization(Messages.serialization())
                .maxFrameSize(64 * 1024)
                .heartbeatInterval(Duration.ofMillis(200))
                .idleTimeout(Duration.ofSeconds(1))
                .build());
        server.spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        // A good client that is connected during the whole attack must keep working too.
        client = ActorSystem.create("good");
        Remoting good = Remoting.start(client, RemotingConfig.builder()
                .serialization(Messages.serialization()).build());
        ActorRef echo = good.actorRef(target.endpoint(), "target", "echo");
        assertThat(echo.ask(new Ping("before"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("before"));

        Random random = new Random(42);
        long start = System.nanoTime();
        for (int i = 0; i < ROUNDS && System.nanoTime() - start < BUDGET_NANOS; i++) {
            attack(target.boundAddress(), random, i);
        }

        assertThat(echo.ask(new Ping("after"), Duration.ofSeconds(10)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("after"));
        // A fresh client connects and is served as well.
        ActorSystem fresh = ActorSystem.create("fresh");
        try {
            Remoting f = Remoting.start(fresh, RemotingConfig.builder().serialization(Messages.serialization()).build());
            assertThat(f.actorRef(target.endpoint(), "target", "echo").ask(new Ping("fresh"), Duration.ofSeconds(10))
                    .toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(new Pong("fresh"));
        } finally {
            fresh.shutdown(Duration.ofSeconds(10));
        }
        RemoteStats stats = target.stats();
        assertThat(stats.failures(FailureKind.MALFORMED_FRAME)).isPositive();
        assertThat(stats.failures(FailureKind.FRAME_TOO_LARGE)).isPositive();
        assertThat(stats.failures(FailureKind.UNEXPECTED_FRAME)).isPositive();
        assertThat(server.isRunning()).isTrue();
    }

    private static void attack(InetSocketAddress address, Random random, int round) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", address.getPort()), 5000);
            s.setSoTimeout(300);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            switch (round % 7) {
                case 0 -> { // pure garbage
                    byte[] junk = new byte[1 + random.nextInt(2048)];
                    random.nextBytes(junk);
                    out.write(junk);
                }
                case 1 -> out.writeInt(Integer.MAX_VALUE - random.nextInt(1000)); // claims a huge frame
                case 2 -> out.writeInt(-1 - random.nextInt(1000)); // negative length
                case 3 -> { // a plausible length with garbage inside
                    byte[] junk = new byte[8 + random.nextInt(512)];
                    random.nextBytes(junk);
                    out.writeInt(junk.length);
                    out.write(junk);
                }
                case 4 -> { // an envelope before any handshake
                    byte[] f = Frame.newBuilder().setEnvelope(Envelope.newBuilder().setTypeId("test.Ping")).build()
                            .toByteArray();
                    out.writeInt(f.length);
                    out.write(f);
                }
                case 5 -> { // a valid hello, then a truncated frame
                    byte[] hello = Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(io.goakt.internal.remote.HandshakeSettings.PROTOCOL_VERSION)
                            .setSystem("fuzz").setHost("127.0.0.1").setPort(1).addCompression("none")).build()
                            .toByteArray();
                    out.writeInt(hello.length);
                    out.write(hello);
                    out.writeInt(1000);
                    out.write(new byte[random.nextInt(100)]);
                }
                default -> { // an empty frame, then random frame lengths with bytes cut short
                    out.write(ByteBuffer.allocate(4).putInt(0).array());
                    out.writeInt(random.nextInt(64 * 1024));
                    byte[] junk = new byte[random.nextInt(64)];
                    random.nextBytes(junk);
                    out.write(junk);
                }
            }
            out.flush();
            drainUntilClosed(s.getInputStream());
        } catch (IOException expected) {
            // the server closed on us, as it should
        }
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buf = new byte[1024];
        try {
            for (int i = 0; i < 100 && in.read(buf) >= 0; i++) {
                // read what the server says until it closes
            }
        } catch (SocketTimeoutException stillOpen) {
            // a truncated frame: the server waits for more; we hang up and it sees the close
        }
    }

    @Test
    void aHalfOpenConnectionIsClosedByTheIdleTimeout() throws Exception {
        server = ActorSystem.create("target");
        Remoting target = Remoting.start(server, RemotingConfig.builder()
                .heartbeatInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofMillis(500))
                .build());
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", target.boundAddress().getPort()), 5000);
            await().atMost(10, TimeUnit.SECONDS).until(() -> target.stats().failures(FailureKind.IDLE_TIMEOUT) > 0);
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aPeerThatAcceptsButNeverAnswersIsDroppedAndItsAskFails() throws Exception {
        client = ActorSystem.create("asker");
        Remoting r = Remoting.start(client, RemotingConfig.builder()
                .serialization(Messages.serialization())
                .heartbeatInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofMillis(500))
                .unreachableAfter(Duration.ofSeconds(1))
                .build());
        try (java.net.ServerSocket silent = new java.net.ServerSocket()) {
            silent.bind(new InetSocketAddress("127.0.0.1", 0));
            java.util.concurrent.CompletableFuture<Object> f = r.actorRef(
                    new Endpoint("127.0.0.1", silent.getLocalPort()), "silent", "x")
                    .ask(new Ping("anyone?"), Duration.ofMinutes(5)).toCompletableFuture();
            try (Socket accepted = silent.accept()) {
                await().atMost(10, TimeUnit.SECONDS).until(() -> r.stats().failures(FailureKind.IDLE_TIMEOUT) > 0);
                await().atMost(10, TimeUnit.SECONDS).until(f::isDone);
                assertThat(f).isCompletedExceptionally();
                assertThat(r.pendingReplies()).isZero();
            }
        }
    }

    @Test
    void aPeerThatGoesSilentAfterTheHandshakeIsFoundByHeartbeats() throws Exception {
        client = ActorSystem.create("asker");
        Remoting r = Remoting.start(client, RemotingConfig.builder()
                .serialization(Messages.serialization())
                .heartbeatInterval(Duration.ofMillis(100))
                .idleTimeout(Duration.ofMillis(600))
                .unreachableAfter(Duration.ofSeconds(30))
                .build());
        try (java.net.ServerSocket fake = new java.net.ServerSocket()) {
            fake.bind(new InetSocketAddress("127.0.0.1", 0));
            java.util.concurrent.CompletableFuture<Object> f = r.actorRef(
                    new Endpoint("127.0.0.1", fake.getLocalPort()), "fake", "x")
                    .ask(new Ping("anyone?"), Duration.ofMinutes(5)).toCompletableFuture();
            try (Socket accepted = fake.accept()) {
                java.io.DataInputStream in = new java.io.DataInputStream(accepted.getInputStream());
                byte[] hello = new byte[in.readInt()];
                in.readFully(hello);
                assertThat(Frame.parseFrom(hello).hasHello()).isTrue();
                byte[] ack = Frame.newBuilder().setHelloAck(io.goakt.internal.remote.proto.HelloAck.newBuilder()
                        .setProtocolVersion(io.goakt.internal.remote.HandshakeSettings.PROTOCOL_VERSION).setSystem("fake").setCompression("none")).build().toByteArray();
                DataOutputStream out = new DataOutputStream(accepted.getOutputStream());
                out.writeInt(ack.length);
                out.write(ack);
                out.flush();
                // From now on the fake reads (so TCP stays healthy) but never answers a heartbeat.
                Thread drain = new Thread(() -> {
                    try {
                        while (in.read() >= 0) {
                            // swallow the ask and the heartbeats
                        }
                    } catch (IOException closed) {
                        // the client hung up, as expected
                    }
                });
                drain.setDaemon(true);
                drain.start();
                await().atMost(10, TimeUnit.SECONDS).until(() -> r.stats().failures(FailureKind.IDLE_TIMEOUT) > 0);
                await().atMost(10, TimeUnit.SECONDS).until(f::isDone);
                assertThat(f).isCompletedExceptionally(); // the connection it went out on was lost
                assertThat(r.pendingReplies()).isZero();
            }
        }
    }
}
