package io.goakt.benchmarks.remote;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;

import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pekko's side of the remote scenario: classic actors over Artery TCP, the {@link Wire} encoding through
 * {@link PekkoWireSerializer}, and the dispatcher settings of the local scenarios on both JVMs. The outbound queue
 * is raised above the window, so Artery never drops a payload.
 */
public final class PekkoRemote implements RemoteDriver {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String label;
    private final PeerProcess peer;
    private final ActorSystem system;
    private final ActorRef counter;
    private final ActorRef sender;

    /** Pekko's default dispatcher on both sides. */
    public static PekkoRemote defaultDispatcher() throws Exception {
        return new PekkoRemote(PekkoDispatcher.defaults());
    }

    /** Both sides' default dispatcher sized to one thread per core, with {@code throughput} messages per turn. */
    public static PekkoRemote coresDispatcher(int cores, int throughput) throws Exception {
        return new PekkoRemote(PekkoDispatcher.cores(cores, throughput));
    }

    private PekkoRemote(PekkoDispatcher setting) throws Exception {
        this.label = setting.label();
        String dispatcher = setting.overrides();
        // The overrides travel to the peer as one argument.
        peer = PeerProcess.start(PekkoRemote.class,
                Base64.getEncoder().encodeToString(dispatcher.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        system = ActorSystem.create("driver", config(dispatcher));
        try {
            counter = system.actorSelection("pekko://peer@127.0.0.1:" + peer.port() + "/user/counter")
                    .resolveOne(TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
            sender = system.actorOf(Props.create(Sender.class, () -> new Sender(counter)), "sender");
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    static Config config(String dispatcher) {
        return ConfigFactory.parseString(dispatcher + "\n"
                + "pekko.actor.provider = remote\n"
                + "pekko.remote.artery.transport = tcp\n"
                + "pekko.remote.artery.canonical.hostname = \"127.0.0.1\"\n"
                + "pekko.remote.artery.canonical.port = 0\n"
                + "pekko.remote.artery.advanced.outbound-message-queue-size = " + (2 * Wire.WINDOW) + "\n"
                + "pekko.actor.serializers.wire = \"" + PekkoWireSerializer.class.getName() + "\"\n"
                + "pekko.actor.serialization-bindings {\n"
                + "  \"" + Wire.Payload.class.getName() + "\" = wire\n"
                + "  \"" + Wire.Ack.class.getName() + "\" = wire\n"
                + "  \"" + Wire.Reset.class.getName() + "\" = wire\n"
                + "}\n"
                + "pekko.loglevel = WARNING\n"
                + "pekko.log-dead-letters = off\n"
                + "pekko.log-dead-letters-during-shutdown = off\n")
                .withFallback(ConfigFactory.load());
    }

    /** The peer: an Artery system on an ephemeral port with the counter, until standard input closes. */
    public static void main(String[] args) throws Exception {
        String dispatcher = new String(Base64.getDecoder().decode(args[0]), java.nio.charset.StandardCharsets.UTF_8);
        ActorSystem system = ActorSystem.create("peer", config(dispatcher));
        system.actorOf(Props.create(Counter.class, Counter::new), "counter");
        int port = ((ExtendedActorSystem) system).provider().getDefaultAddress().getPort().orElseThrow();
        System.out.println("PORT " + port);
        System.out.flush();
        PeerProcess.awaitDriverGone();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Override
    public String system() {
        return "pekko";
    }

    @Override
    public String config() {
        return label;
    }

    @Override
    public long run(int total) throws Exception {
        Patterns.ask(counter, new Wire.Reset(), TIMEOUT).toCompletableFuture().get(60, TimeUnit.SECONDS);
        CompletableFuture<Long> done = new CompletableFuture<>();
        long t0 = System.nanoTime();
        sender.tell(new Go(total, done), ActorRef.noSender());
        return done.get(5, TimeUnit.MINUTES) - t0;
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        peer.close();
    }

    /** Starts a run; {@code done} gets the time the last acknowledgement arrived. */
    record Go(long total, CompletableFuture<Long> done) {
    }

    /** Counts payloads, acknowledging every {@link Wire#BATCH}th to its sender. */
    static final class Counter extends AbstractActor {
        private long count;

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Wire.Payload.class, p -> {
                        if (++count % Wire.BATCH == 0) {
                            getSender().tell(new Wire.Ack(count), getSelf());
                        }
                    })
                    .match(Wire.Reset.class, r -> {
                        count = 0;
                        getSender().tell(new Wire.Ack(0), getSelf());
                    })
                    .build();
        }
    }

    /** Tells payloads to the counter, never more than {@link Wire#WINDOW} unacknowledged. */
    static final class Sender extends AbstractActor {
        private final ActorRef counter;
        private long total;
        private long sent;
        private CompletableFuture<Long> done;

        Sender(ActorRef counter) {
            this.counter = counter;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .match(Go.class, g -> {
                        total = g.total();
                        sent = 0;
                        done = g.done();
                        send(0);
                    })
                    .match(Wire.Ack.class, a -> {
                        if (a.count() >= total) {
                            done.complete(System.nanoTime());
                        } else {
                            send(a.count());
                        }
                    })
                    .build();
        }

        private void send(long acked) {
            for (long n = Wire.toSend(total, sent, acked); n > 0; n--) {
                counter.tell(new Wire.Payload(sent++, Wire.TEXT), getSelf());
            }
        }
    }
}
