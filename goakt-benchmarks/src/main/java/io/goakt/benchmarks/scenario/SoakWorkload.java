package io.goakt.benchmarks.scenario;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.grain.Grain;
import io.goakt.grain.GrainContext;
import io.goakt.grain.GrainRegistry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The soak's workload: the messages, the actors and grains that count them, and the driver's mix of operations. */
final class SoakWorkload {

    private SoakWorkload() {
    }

    /** The message every workload operation sends; {@code reply} asks the receiver to answer with {@link Done}. */
    record Work(long seq, boolean reply) {
    }

    /** The answer to a {@link Work} with {@code reply} set. */
    record Done(long seq) {
    }

    /** Handles {@link Work}: counts it and answers when asked to. */
    static final class Worker implements Actor {
        private final SoakBooks books;

        Worker(SoakBooks books) {
            this.books = books;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Work w) {
                if (w.seq() >= 0) {
                    books.handled.increment();
                }
                if (w.reply()) {
                    ctx.respond(new Done(w.seq()));
                }
            }
        }
    }

    /** A grain that handles {@link Work} as {@link Worker} does and counts its activations and deactivations. */
    static final class Counted implements Grain {
        private final SoakBooks books;

        Counted(SoakBooks books) {
            this.books = books;
        }

        @Override
        public void onActivate(GrainContext ctx) {
            books.activations.increment();
        }

        @Override
        public void receive(GrainContext ctx) {
            if (ctx.message() instanceof Work w) {
                if (w.seq() >= 0) {
                    books.handled.increment();
                }
                if (w.reply()) {
                    ctx.respond(new Done(w.seq()));
                }
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            books.deactivations.increment();
        }
    }

    /** Picks and issues one operation at a time; only the driver thread calls {@link #next}. */
    static final class Workload {
        private final ActorSystem system;
        private final ActorRef[] workers;
        private final ActorRef[] remote;
        private final GrainRegistry grains;
        private final SoakBooks books;
        private final Duration askTimeout;
        private long seq;
        private long spawned;

        Workload(ActorSystem system, ActorRef[] workers, ActorRef[] remote, GrainRegistry grains, SoakBooks books,
                 Duration askTimeout) {
            this.askTimeout = askTimeout;
            this.system = system;
            this.workers = workers;
            this.remote = remote;
            this.grains = grains;
            this.books = books;
        }

        void next() {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            int pick = random.nextInt(100);
            long s = seq++;
            if (pick < 40) {
                tell(workers[random.nextInt(workers.length)], new Work(s, false));
            } else if (pick < 55) {
                ask(workers[random.nextInt(workers.length)], new Work(s, true));
            } else if (pick < 60) {
                spawnTellStop(s);
            } else if (pick < 80) {
                tellGrain(random.nextInt(SoakDriver.GRAIN_IDS), new Work(s, false));
            } else if (pick < 85) {
                askGrain(random.nextInt(SoakDriver.GRAIN_IDS), new Work(s, true));
            } else if (pick < 95) {
                books.remoteTells.increment();
                tell(remote[random.nextInt(remote.length)], new Work(s, false));
            } else {
                books.remoteAsks.increment();
                ask(remote[random.nextInt(remote.length)], new Work(s, true));
            }
        }

        private void tell(ActorRef to, Work w) {
            try {
                to.tell(w);
                books.accepted.increment();
            } catch (RuntimeException refused) {
                books.refused.increment();
            }
        }

        private void ask(ActorRef to, Work w) {
            try {
                books.asksIssued.increment();
                books.accepted.increment();
                long t0 = System.nanoTime();
                to.ask(w, askTimeout).whenComplete((r, e) -> books.askDone(t0, e));
            } catch (RuntimeException refused) {
                books.accepted.decrement();
                books.asksIssued.decrement();
                books.refused.increment();
            }
        }

        private void spawnTellStop(long s) {
            ActorRef child = system.spawn("short-" + spawned++, () -> new Worker(books), SpawnOptions.defaults());
            books.spawned.increment();
            tell(child, new Work(s, false));
            system.stop(child).whenComplete((ok, error) -> books.stopped.increment());
        }

        private void tellGrain(int id, Work w) {
            try {
                grains.ref(SoakDriver.GRAIN_KIND, "g" + id).tell(w);
                books.accepted.increment();
            } catch (RuntimeException refused) {
                books.refused.increment();
            }
        }

        private void askGrain(int id, Work w) {
            try {
                books.asksIssued.increment();
                books.accepted.increment();
                long t0 = System.nanoTime();
                grains.ref(SoakDriver.GRAIN_KIND, "g" + id).ask(w, askTimeout).whenComplete((r, e) -> books.askDone(t0, e));
            } catch (RuntimeException refused) {
                books.accepted.decrement();
                books.asksIssued.decrement();
                books.refused.increment();
            }
        }
    }
}
