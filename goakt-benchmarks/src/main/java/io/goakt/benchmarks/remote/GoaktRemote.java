package io.goakt.benchmarks.remote;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.remote.Endpoint;
import io.goakt.remote.Remoting;
import io.goakt.remote.RemotingConfig;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.Serializer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** goakt's side of the remote scenario, with its default settings and the {@link Wire} encoding. */
public final class GoaktRemote implements RemoteDriver {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final PeerProcess peer;
    private final ActorSystem system;
    private final ActorRef counter;
    private final ActorRef sender;

    /** Starts the peer JVM and the sending side. */
    public GoaktRemote() throws Exception {
        peer = PeerProcess.start(GoaktRemote.class, "peer");
        system = ActorSystem.create("driver");
        try {
            Remoting remoting = Remoting.start(system, RemotingConfig.builder().host("127.0.0.1").port(0)
                    .serialization(serialization()).build());
            counter = remoting.actorRef(new Endpoint("127.0.0.1", peer.port()), "peer", "counter");
            sender = system.spawn("sender", () -> new Sender(counter), io.goakt.actor.SpawnOptions.defaults());
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    /** The wire messages, each with the {@link Wire} encoding; the cluster benchmarks send them too. */
    public static Serialization serialization() {
        Serializer<Object> wire = new Serializer<>() {
            @Override
            public byte[] toBytes(Object value) {
                return Wire.encode(value);
            }

            @Override
            public Object fromBytes(byte[] bytes, Class<Object> type) {
                return type.cast(Wire.decode(bytes));
            }
        };
        return Serialization.builder()
                .register("bench.Payload", Wire.Payload.class, wire)
                .register("bench.Ack", Wire.Ack.class, wire)
                .register("bench.Reset", Wire.Reset.class, wire)
                .build();
    }

    /** The peer: a system with remoting on an ephemeral port and the counter, until standard input closes. */
    public static void main(String[] args) throws Exception {
        ActorSystem system = ActorSystem.create("peer");
        Remoting remoting = Remoting.start(system, RemotingConfig.builder().host("127.0.0.1").port(0)
                .serialization(serialization()).build());
        system.spawn("counter", Counter::new, io.goakt.actor.SpawnOptions.defaults());
        System.out.println("PORT " + remoting.endpoint().port());
        System.out.flush();
        PeerProcess.awaitDriverGone();
        system.shutdown(Duration.ofSeconds(10));
    }

    @Override
    public String system() {
        return "goakt";
    }

    @Override
    public String config() {
        return "defaults(throughput=" + system.config().throughput() + ",parallelism="
                + system.config().parallelism() + ")";
    }

    @Override
    public long run(int total) throws Exception {
        counter.ask(new Wire.Reset(), TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
        CompletableFuture<Long> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        sender.tell(new Go(total, done));
        return done.get(5, TimeUnit.MINUTES) - t0;
    }

    @Override
    public void close() throws Exception {
        system.shutdown(Duration.ofSeconds(10));
        peer.close();
    }

    /** Starts a run; {@code done} gets the time the last acknowledgement arrived. */
    record Go(long total, CompletableFuture<Long> done) {
    }

    /** Counts payloads, acknowledging every {@link Wire#BATCH}th to its sender. */
    static final class Counter implements Actor {
        private long count;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Wire.Payload) {
                if (++count % Wire.BATCH == 0) {
                    ctx.sender().tell(new Wire.Ack(count), ctx.self());
                }
            } else if (m instanceof Wire.Reset) {
                count = 0;
                ctx.respond(new Wire.Ack(0));
            }
        }
    }

    /** Tells payloads to the counter, never more than {@link Wire#WINDOW} unacknowledged. */
    static final class Sender implements Actor {
        private final ActorRef counter;
        private long total;
        private long sent;
        private CompletableFuture<Long> done;

        Sender(ActorRef counter) {
            this.counter = counter;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Go g) {
                total = g.total();
                sent = 0;
                done = g.done();
                send(ctx, 0);
            } else if (m instanceof Wire.Ack a) {
                if (a.count() >= total) {
                    done.complete(System.nanoTime());
                } else {
                    send(ctx, a.count());
                }
            }
        }

        private void send(ReceiveContext ctx, long acked) {
            for (long n = Wire.toSend(total, sent, acked); n > 0; n--) {
                counter.tell(new Wire.Payload(sent++, Wire.TEXT), ctx.self());
            }
        }
    }
}
