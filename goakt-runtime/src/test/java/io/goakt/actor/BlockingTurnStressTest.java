package io.goakt.actor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages hop between actors on the default dispatcher (hand-offs, kept turns, outside senders) while now and then
 * a turn blocks until another actor, just told, counts down its latch: the case the watcher exists for, mixed into
 * ordinary traffic. No actor runs on two threads at once (an in-turn flag never seen set on entry), no blocked turn
 * waits for good, and every message arrives exactly once.
 */
class BlockingTurnStressTest {

    private static final int ACTORS = 16;
    private static final int SENDERS = 3;
    private static final int IDS_PER_SENDER = 2_000;
    private static final int HOPS = 20;

    record Hop(int id, int hopsLeft) {
    }

    record Release(CountDownLatch latch) {
    }

    /** What every relay shares: the actors, the counts, and one permit to block, so blocked turns never wait in a cycle. */
    static final class Shared {
        final List<ActorRef> relays = new ArrayList<>();
        final AtomicIntegerArray arrivals = new AtomicIntegerArray(SENDERS * IDS_PER_SENDER);
        final CountDownLatch done = new CountDownLatch(SENDERS * IDS_PER_SENDER);
        final AtomicLong hopsRun = new AtomicLong();
        final AtomicLong overlaps = new AtomicLong();
        final AtomicLong blocked = new AtomicLong();
        final AtomicLong blockTimeouts = new AtomicLong();
        final Semaphore blockPermit = new Semaphore(1);
    }

    private static final class Relay implements Actor {
        final int index;
        final Shared shared;
        final AtomicBoolean inTurn = new AtomicBoolean();

        Relay(int index, Shared shared) {
            this.index = index;
            this.shared = shared;
        }

        @Override
        public void receive(ReceiveContext ctx) throws InterruptedException {
            if (!inTurn.compareAndSet(false, true)) {
                shared.overlaps.incrementAndGet();
            }
            try {
                if (ctx.message() instanceof Hop hop) {
                    shared.hopsRun.incrementAndGet();
                    if (hop.hopsLeft() == 0) {
                        shared.arrivals.incrementAndGet(hop.id());
                        shared.done.countDown();
                        return;
                    }
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    if (r.nextInt(1_000) == 0 && shared.blockPermit.tryAcquire()) {
                        try {
                            int other = (index + 1 + r.nextInt(ACTORS - 1)) % ACTORS;
                            CountDownLatch latch = new CountDownLatch(1);
                            shared.relays.get(other).tell(new Release(latch), ctx.self());
                            shared.blocked.incrementAndGet();
                            if (!latch.await(60, TimeUnit.SECONDS)) {
                                shared.blockTimeouts.incrementAndGet();
                            }
                        } finally {
                            shared.blockPermit.release();
                        }
                    }
                    shared.relays.get(r.nextInt(ACTORS)).tell(new Hop(hop.id(), hop.hopsLeft() - 1), ctx.self());
                } else if (ctx.message() instanceof Release release) {
                    release.latch().countDown();
                }
            } finally {
                inTurn.set(false);
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {2, 4})
    void blockingTurnsAmongHopsLoseNothingAndNoActorRunsTwiceAtOnce(int parallelism) throws Exception {
        Shared shared = new Shared();
        try (ActorSystem system = ActorSystem.create("blocking-stress",
                ActorSystemConfig.builder().parallelism(parallelism).build())) {
            for (int i = 0; i < ACTORS; i++) {
                int index = i;
                shared.relays.add(system.spawn("relay-" + i, () -> new Relay(index, shared), SpawnOptions.defaults()));
            }
            List<Thread> senders = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                int first = s * IDS_PER_SENDER;
                Thread t = new Thread(() -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int id = first; id < first + IDS_PER_SENDER; id++) {
                        shared.relays.get(r.nextInt(ACTORS)).tell(new Hop(id, HOPS));
                    }
                }, "blocking-stress-sender-" + s);
                senders.add(t);
                t.start();
            }
            for (Thread t : senders) {
                t.join(60_000);
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> shared.done.getCount() == 0);
            assertThat(shared.overlaps.get()).as("turns that found their actor already in a turn").isZero();
            assertThat(shared.blockTimeouts.get()).as("blocked turns that waited a minute").isZero();
            assertThat(shared.blocked.get()).as("blocked turns").isPositive();
            assertThat(shared.hopsRun.get()).isEqualTo((long) SENDERS * IDS_PER_SENDER * (HOPS + 1));
            for (int id = 0; id < SENDERS * IDS_PER_SENDER; id++) {
                assertThat(shared.arrivals.get(id)).as("arrivals of %d", id).isEqualTo(1);
            }
        }
    }
}
