package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.remote.Messages.Numbered;
import io.goakt.remote.Messages.Ping;
import io.goakt.remote.Messages.Pong;
import io.goakt.serialization.JacksonSerializer;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Hostile peers against a live node (two actor systems in this JVM, remoting on loopback): type ids that name
 * deserialization gadgets, and malformed, oversized and slow-loris connections opened while a good peer keeps
 * sending at full rate. The good peer's throughput with and without the attack is printed (the figures are in
 * docs/reliability.md, "Hostile input"); the test asserts only that the good peer lost nothing and that every bad
 * connection was closed. {@code -Dgoakt.attack.messages=} sets the good peer's messages per phase.
 */
class HostileInputTest {

    /** Gadget chains of the Java serialization and polymorphic-JSON kind, and a class of ours that records loading. */
    private static final List<String> GADGETS = List.of(
            "org.apache.commons.collections.functors.InvokerTransformer",
            "org.apache.commons.collections4.functors.InstantiateTransformer",
            "com.sun.rowset.JdbcRowSetImpl",
            "java.util.PriorityQueue",
            "javax.management.BadAttributeValueExpException",
            "org.springframework.context.support.ClassPathXmlApplicationContext",
            "io.goakt.remote.Gadget");

    private static final int MESSAGES = Integer.getInteger("goakt.attack.messages", 20_000);

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name, Serialization serialization, Duration idleTimeout) {
        ActorSystem system = ActorSystem.create(name);
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder()
                .serialization(serialization)
                .maxFrameSize(64 * 1024)
                .heartbeatInterval(Duration.ofMillis(200))
                .idleTimeout(idleTimeout)
                .build());
    }

    @Test
    void gadgetTypeIdsLoadNothingAndBecomeDeadLettersWhileTheConnectionServesOn() throws Exception {
        Remoting target = node("target", Messages.serialization(), Duration.ofSeconds(10));
        List<DeadLetter> dead = new CopyOnWriteArrayList<>();
        target.system().eventStream().subscribe(DeadLetter.class, dead::add);
        target.system().spawnFromFunction("echo", ctx -> {
            if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        // The attacker registers a harmless class of its own under each gadget's name, so the frames it sends are
        // well formed and name the gadget as their type id.
        Serialization.Builder attackerTypes = Serialization.builder().register("test.Ping", Ping.class)
                .register("test.Pong", Pong.class);
        List<Class<?>> decoys = List.of(Decoy0.class, Decoy1.class, Decoy2.class, Decoy3.class, Decoy4.class,
                Decoy5.class, Decoy6.class);
        for (int i = 0; i < GADGETS.size(); i++) {
            attackerTypes.register(GADGETS.get(i), decoys.get(i));
        }
        Remoting attacker = node("attacker", attackerTypes.build(), Duration.ofSeconds(10));
        ActorRef echo = attacker.actorRef(target.endpoint(), "target", "echo");

        List<CompletableFuture<Object>> asks = new ArrayList<>();
        for (int i = 0; i < GADGETS.size(); i++) {
            echo.tell(decoys.get(i).getDeclaredConstructors()[0].newInstance("{\"@class\":\"" + GADGETS.get(i) + "\"}"));
            asks.add(echo.ask(decoys.get(i).getDeclaredConstructors()[0].newInstance("x"), Duration.ofSeconds(30))
                    .toCompletableFuture());
        }

        for (CompletableFuture<Object> ask : asks) {
            assertThatThrownBy(() -> ask.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(RemoteFailureException.class).hasMessageContaining("unknown type id");
        }
        await().atMost(30, TimeUnit.SECONDS).until(() -> dead.size() >= 2 * GADGETS.size());
        for (String gadget : GADGETS) {
            assertThat(dead).filteredOn(d -> d.message() instanceof UndeliverableMessage u && u.typeId().equals(gadget))
                    .hasSize(2).allSatisfy(d -> {
                        assertThat(d.reason()).isEqualTo(DeadLetter.Reason.UNHANDLED);
                        assertThat(d.detail()).contains("unknown type id");
                    });
        }
        assertThat(target.stats().failures(FailureKind.UNKNOWN_TYPE)).isEqualTo(2L * GADGETS.size());
        assertThat(Gadget.Flag.INITIALIZED).as("the gadget class of ours was never initialized").isFalse();
        // The refusals closed nothing: the same connection still carries a good ask.
        assertThat(echo.ask(new Ping("after"), Duration.ofSeconds(30)).toCompletableFuture().get(30, TimeUnit.SECONDS))
                .isEqualTo(new Pong("after"));
        assertThat(target.stats().failures(FailureKind.MALFORMED_FRAME)).isZero();
    }

    @Test
    void aPayloadNamingAGadgetInsideARegisteredTypeLoadsNothing() {
        // A registered type with an Object field: polymorphic typing is off, so a class name in the bytes is data.
        Serialization registry = Serialization.builder().register("test.Holder", Holder.class).build();
        JacksonSerializer json = new JacksonSerializer(tools.jackson.databind.json.JsonMapper.builder().build());
        Serialization jsonRegistry = Serialization.builder().jackson(json).register("test.Holder", Holder.class).build();
        for (String gadget : GADGETS) {
            byte[] polymorphic = ("{\"value\":[\"" + gadget + "\",{\"command\":\"calc\"}],\"@class\":\"" + gadget
                    + "\"}").getBytes(StandardCharsets.UTF_8);
            try {
                // Either refused, or read as plain data: a list and a map, never an instance of the named class.
                assertThat(jsonRegistry.deserialize("test.Holder", polymorphic)).isInstanceOfSatisfying(Holder.class,
                        h -> assertThat(h.value()).isInstanceOfAny(List.class, Map.class));
            } catch (SerializationException refused) {
                assertThat(refused).hasMessageContaining("test.Holder");
            }
            assertThatThrownBy(() -> registry.deserialize(gadget, polymorphic))
                    .isInstanceOf(SerializationException.class).hasMessageContaining("unknown type id");
        }
        assertThat(Gadget.Flag.INITIALIZED).isFalse();
    }

    @Test
    void aSlowLorisConnectionIsClosedByTheHandshakeDeadlineThoughBytesKeepArriving() throws Exception {
        Remoting target = node("target", Messages.serialization(), Duration.ofSeconds(1));
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        try (Socket loris = new Socket()) {
            loris.connect(new InetSocketAddress("127.0.0.1", target.boundAddress().getPort()), 5000);
            AtomicBoolean writeFailed = new AtomicBoolean();
            // A length prefix that claims a whole frame, then one byte per 100 ms: never idle, never complete.
            OutputStream out = loris.getOutputStream();
            out.write(new byte[] {0, 0, 1, 0});
            out.flush();
            trickle.scheduleAtFixedRate(() -> {
                try {
                    out.write(0x0A);
                    out.flush();
                } catch (IOException closed) {
                    writeFailed.set(true);
                }
            }, 100, 100, TimeUnit.MILLISECONDS);
            await().atMost(30, TimeUnit.SECONDS).until(() -> target.stats().failures(FailureKind.IDLE_TIMEOUT) > 0);
            loris.setSoTimeout(30_000);
            assertThat(loris.getInputStream().read()).as("the server closed the connection").isEqualTo(-1);
        } finally {
            trickle.shutdownNow();
        }
    }

    @Test
    void aGoodPeerLosesNothingWhileMalformedOversizedAndSlowLorisConnectionsAttack() throws Exception {
        Remoting target = node("target", Messages.serialization(), Duration.ofSeconds(2));
        AtomicLong received = new AtomicLong();
        target.system().spawnFromFunction("sink", ctx -> {
            if (ctx.message() instanceof Numbered) {
                received.incrementAndGet();
            } else if (ctx.message() instanceof Ping p) {
                ctx.respond(new Pong(p.text()));
            }
        });
        Remoting good = node("good", Messages.serialization(), Duration.ofSeconds(10));
        ActorRef sink = good.actorRef(target.endpoint(), "target", "sink");
        GoodPeerTraffic.send(sink, "warm-up", MESSAGES);

        double before = GoodPeerTraffic.send(sink, "before the attack", MESSAGES);
        Attack attack = new Attack(target.boundAddress().getPort());
        double during;
        try {
            attack.start();
            during = GoodPeerTraffic.send(sink, "during the attack", MESSAGES);
        } finally {
            attack.stop();
        }
        double after = GoodPeerTraffic.send(sink, "after the attack", MESSAGES);

        long expected = 4L * MESSAGES;
        await().atMost(30, TimeUnit.SECONDS).until(() -> received.get() == expected);
        assertThat(received.get()).as("messages the good peer sent and the sink received").isEqualTo(expected);
        // Every slow-loris connection was closed by the server, though it kept sending.
        await().atMost(30, TimeUnit.SECONDS).until(attack::allLorisClosed);
        attack.close();
        assertThat(attack.opened.get()).isPositive();
        RemoteStats stats = target.stats();
        assertThat(stats.failures(FailureKind.MALFORMED_FRAME)).isPositive();
        assertThat(stats.failures(FailureKind.FRAME_TOO_LARGE)).isPositive();
        assertThat(stats.failures(FailureKind.IDLE_TIMEOUT)).isGreaterThanOrEqualTo(Attack.LORIS);
        assertThat(target.system().isRunning()).isTrue();
        System.out.printf("hostile input: good peer %,.0f msg/s before, %,.0f msg/s during, %,.0f msg/s after the"
                        + " attack (%,d messages each); %d bad connections; failures %s%n", before, during, after,
                MESSAGES, attack.opened.get(), stats.failures());
    }

    /**
     * Two threads that open connection after connection of garbage, wrong lengths, oversized length claims and
     * truncated frames, and {@value #LORIS} slow-loris connections that claim a frame and then send one byte of it
     * every 300 ms.
     */
    private static final class Attack {
        static final int LORIS = 8;

        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger opened = new AtomicInteger();
        private final List<Socket> loris = new CopyOnWriteArrayList<>();
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(3);

        Attack(int port) {
            this.port = port;
        }

        void start() throws IOException {
            for (int i = 0; i < LORIS; i++) {
                Socket s = connect();
                // A length prefix that claims 4 KiB; at a byte per 300 ms the frame would take 20 minutes.
                s.getOutputStream().write(new byte[] {0, 0, 0x10, 0});
                loris.add(s);
            }
            scheduler.scheduleAtFixedRate(() -> {
                for (Socket s : loris) {
                    try {
                        s.getOutputStream().write(0);
                    } catch (IOException closedByServer) {
                        // expected once the server's deadline passed
                    }
                }
            }, 300, 300, TimeUnit.MILLISECONDS);
            for (int t = 0; t < 2; t++) {
                long seed = 42 + t;
                scheduler.execute(() -> {
                    Random random = new Random(seed);
                    for (int round = 0; running.get(); round++) {
                        try {
                            bad(random, round);
                        } catch (IOException expected) {
                            // the server closed on us
                        }
                    }
                });
            }
        }

        private Socket connect() throws IOException {
            Socket s = new Socket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            opened.incrementAndGet();
            return s;
        }

        private void bad(Random random, int round) throws IOException {
            try (Socket s = connect()) {
                s.setSoTimeout(200);
                OutputStream out = s.getOutputStream();
                switch (round % 4) {
                    case 0 -> { // garbage
                        byte[] junk = new byte[1 + random.nextInt(2048)];
                        random.nextBytes(junk);
                        out.write(junk);
                    }
                    case 1 -> out.write(ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE - random.nextInt(1000))
                            .array()); // oversized
                    case 2 -> { // a plausible length, garbage inside
                        byte[] junk = new byte[8 + random.nextInt(512)];
                        random.nextBytes(junk);
                        out.write(ByteBuffer.allocate(4).putInt(junk.length).array());
                        out.write(junk);
                    }
                    default -> { // truncated
                        out.write(ByteBuffer.allocate(4).putInt(1000).array());
                        out.write(new byte[random.nextInt(100)]);
                    }
                }
                out.flush();
                InputStream in = s.getInputStream();
                try {
                    while (in.read() >= 0) {
                        // until the server closes
                    }
                } catch (java.net.SocketTimeoutException truncated) {
                    // the server waits for the rest of a truncated frame: hang up
                }
            }
        }

        /** True once every slow-loris connection was closed by the server (a read sees the end of stream). */
        boolean allLorisClosed() {
            for (Socket s : loris) {
                try {
                    s.setSoTimeout(1);
                    if (s.getInputStream().read() != -1) {
                        return false;
                    }
                } catch (java.net.SocketTimeoutException open) {
                    return false;
                } catch (IOException reset) {
                    // closed
                }
            }
            return true;
        }

        void stop() {
            running.set(false);
            scheduler.shutdownNow();
        }

        void close() throws IOException {
            for (Socket s : loris) {
                s.close();
            }
        }
    }

    record Holder(Object value) {
    }

    record Decoy0(String text) {
    }

    record Decoy1(String text) {
    }

    record Decoy2(String text) {
    }

    record Decoy3(String text) {
    }

    record Decoy4(String text) {
    }

    record Decoy5(String text) {
    }

    record Decoy6(String text) {
    }
}
