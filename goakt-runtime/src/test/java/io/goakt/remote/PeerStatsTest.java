package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.remote.Messages.Ping;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Remoting traffic by peer: each peer's own sends and reads, summing to the totals, dropped with their connection. */
class PeerStatsTest {

    private final List<ActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        for (ActorSystem s : systems) {
            s.shutdown(Duration.ofSeconds(10));
        }
    }

    private Remoting node(String name) {
        ActorSystem system = ActorSystem.create(name);
        systems.add(system);
        return Remoting.start(system, RemotingConfig.builder().serialization(Messages.serialization()).build());
    }

    private static Optional<PeerStats> peer(Remoting node, Endpoint peer) {
        return node.stats().peers().stream().filter(p -> p.peer().equals(peer)).findFirst();
    }

    private static void tell(Remoting from, Remoting to, int times) {
        ActorRef sink = from.actorRef(to.endpoint(), to.system().name(), "sink");
        for (int i = 0; i < times; i++) {
            sink.tell(new Ping("silent"), null);
        }
    }

    @Test
    void eachPeersTrafficIsCountedOnItsOwnAndSumsToTheTotals() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        Remoting c = node("gamma");
        b.system().spawnFromFunction("sink", ctx -> { });
        c.system().spawnFromFunction("sink", ctx -> { });
        tell(a, b, 5);
        tell(a, c, 3);

        await().atMost(30, TimeUnit.SECONDS).until(() -> peer(b, a.endpoint()).map(PeerStats::messagesReceived)
                .orElse(0L) >= 5 && peer(c, a.endpoint()).map(PeerStats::messagesReceived).orElse(0L) >= 3);
        PeerStats toB = peer(a, b.endpoint()).orElseThrow();
        PeerStats toC = peer(a, c.endpoint()).orElseThrow();
        assertThat(toB.messagesSent()).isGreaterThanOrEqualTo(5);
        assertThat(toC.messagesSent()).isGreaterThanOrEqualTo(3);
        assertThat(toB.bytesSent()).isPositive();
        assertThat(toB.messagesReceived()).isZero(); // beta never sent alpha anything
        RemoteStats sender = a.stats();
        assertThat(sender.messagesSent()).isEqualTo(sender.peers().stream().mapToLong(PeerStats::messagesSent).sum());
        assertThat(sender.bytesSent()).isEqualTo(sender.peers().stream().mapToLong(PeerStats::bytesSent).sum());

        PeerStats fromA = peer(b, a.endpoint()).orElseThrow();
        assertThat(fromA.bytesReceived()).isPositive();
        assertThat(fromA.messagesSent()).isZero();
        assertThat(peer(b, c.endpoint())).isEmpty(); // beta and gamma never talked
        RemoteStats receiver = b.stats();
        assertThat(receiver.messagesReceived())
                .isEqualTo(receiver.peers().stream().mapToLong(PeerStats::messagesReceived).sum());
    }

    @Test
    void aPeersReadsLeaveThePerPeerViewWithItsConnectionAndStayInTheTotals() {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawnFromFunction("sink", ctx -> { });
        tell(a, b, 4);
        await().atMost(30, TimeUnit.SECONDS).until(() -> peer(b, a.endpoint()).map(PeerStats::messagesReceived)
                .orElse(0L) >= 4);
        long received = b.stats().messagesReceived();

        a.system().shutdown(Duration.ofSeconds(10));
        await().atMost(30, TimeUnit.SECONDS).until(() -> peer(b, a.endpoint()).isEmpty());
        assertThat(b.stats().messagesReceived()).isGreaterThanOrEqualTo(received);
    }

    @Test
    void senderThreadsCountEveryMessageOnceWhileReadersSeeTheCountsOnlyGrow() throws Exception {
        Remoting a = node("alpha");
        Remoting b = node("beta");
        b.system().spawnFromFunction("sink", ctx -> { });
        int threads = 4;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            AtomicBoolean sending = new AtomicBoolean(true);
            Future<Boolean> reader = pool.submit(() -> {
                long sent = 0;
                long received = 0;
                boolean grew = true;
                while (sending.get()) {
                    long s = peer(a, b.endpoint()).map(PeerStats::messagesSent).orElse(0L);
                    long r = peer(b, a.endpoint()).map(PeerStats::messagesReceived).orElse(0L);
                    grew &= s >= sent && r >= received;
                    sent = s;
                    received = r;
                    Thread.onSpinWait();
                }
                return grew;
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                senders.add(pool.submit(() -> {
                    start.await();
                    tell(a, b, each);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : senders) {
                f.get(30, TimeUnit.SECONDS);
            }
            long total = (long) threads * each;
            await().atMost(30, TimeUnit.SECONDS).until(() -> peer(b, a.endpoint()).map(PeerStats::messagesReceived)
                    .orElse(0L) == total);
            sending.set(false);
            assertThat(reader.get(30, TimeUnit.SECONDS)).as("counts never went back").isTrue();
            assertThat(peer(a, b.endpoint()).orElseThrow().messagesSent()).isEqualTo(total);
            assertThat(a.stats().messagesSent()).isEqualTo(total);
        } finally {
            pool.shutdownNow();
        }
    }
}
