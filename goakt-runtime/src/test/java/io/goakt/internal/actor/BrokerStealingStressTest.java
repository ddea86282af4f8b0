package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.ReceiveContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker workload that keeps the workers stealing from each other, with twice as many workers as processors and
 * a busy thread beside them so that workers are descheduled mid-turn and mid-steal: a hundred clients ask one broker
 * for a partner, play a few round trips with it and ask again. Every run of that workload completes: no actor's turn
 * is lost or stranded while the same actors go through the slots, the kept turns and the pool's queues hundreds of
 * thousands of times. (The pool's own hazard with resubmitted task objects needs a thief descheduled within a few
 * instructions and is rarely met here; {@code PoolSubmissionTest} checks what rules it out.)
 */
class BrokerStealingStressTest {

    private static final int CLIENTS = 100;
    private static final int ROUND_TRIPS = 10;
    private static final int PAIRINGS = 100_000;
    private static final int RUNS = 12;

    record Ask() {
    }

    record Partner(ActorRef partner, boolean serves) {
    }

    record Ball(int n) {
    }

    /** Pairs two waiting clients; opens {@code done} once it has made {@code PAIRINGS} pairings. */
    static final class Broker implements Actor {
        private final CountDownLatch done;
        private ActorRef waiting;
        private int paired;

        Broker(CountDownLatch done) {
            this.done = done;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof Ask) || paired >= PAIRINGS) {
                return;
            }
            ActorRef client = ctx.sender();
            if (waiting == null) {
                waiting = client;
                return;
            }
            ctx.tell(waiting, new Partner(client, false));
            ctx.tell(client, new Partner(waiting, true));
            waiting = null;
            if (++paired == PAIRINGS) {
                done.countDown();
            }
        }
    }

    static final class Client implements Actor {
        private final ActorRef broker;
        private ActorRef partner;

        Client(ActorRef broker) {
            this.broker = broker;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Ball b) {
                int next = b.n() + 1;
                if (next < 2 * ROUND_TRIPS) {
                    ctx.tell(partner, new Ball(next));
                }
                if (next >= 2 * ROUND_TRIPS - 1) {
                    ctx.tell(broker, new Ask());
                }
            } else if (m instanceof Partner p) {
                partner = p.partner();
                if (p.serves()) {
                    ctx.tell(partner, new Ball(0));
                }
            } else if (m instanceof Ask) {
                ctx.tell(broker, m);
            }
        }
    }

    @Test
    void everyRunOfABrokerWorkloadCompletesWhileWorkersStealFromEachOther() throws Exception {
        int parallelism = 2 * Runtime.getRuntime().availableProcessors();
        ActorSystem system = ActorSystem.create("broker-stealing",
                ActorSystemConfig.builder().parallelism(parallelism).build());
        AtomicBoolean busy = new AtomicBoolean(true);
        Thread hog = new Thread(() -> {
            while (busy.get()) {
                Thread.onSpinWait();
            }
        }, "broker-stealing-hog");
        hog.setDaemon(true);
        hog.start();
        try {
            for (int run = 0; run < RUNS; run++) {
                CountDownLatch done = new CountDownLatch(1);
                ActorRef broker = system.spawn("broker-" + run, () -> new Broker(done));
                List<ActorRef> actors = new ArrayList<>(List.of(broker));
                for (int c = 0; c < CLIENTS; c++) {
                    actors.add(system.spawn("client-" + run + "-" + c, () -> new Client(broker)));
                }
                for (ActorRef client : actors.subList(1, actors.size())) {
                    client.tell(new Ask());
                }
                assertThat(done.await(120, TimeUnit.SECONDS))
                        .as("run %d made all its pairings", run).isTrue();
                for (ActorRef a : actors) {
                    system.stop(a).toCompletableFuture().get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            busy.set(false);
            system.shutdown(Duration.ofSeconds(30));
        }
    }
}
