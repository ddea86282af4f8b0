package io.goakt.benchmarks.scenario;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.dispatch.Spinning;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * The scenarios on goakt, with {@link io.goakt.actor.ActorSystemConfig#defaults()}; {@code -Dgoakt.bench.spin=off}
 * (or {@code reduced}, {@code adaptive}) sets {@link Spinning} alone, to compare the settings on one machine.
 */
final class GoaktContender implements Contender {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final String GO = "go";

    private final ActorSystem system = ActorSystem.create("harness", spinConfig(System.getProperty("goakt.bench.spin")));
    private int run;

    @Override
    public String system() {
        return "goakt";
    }

    @Override
    public String config() {
        return "defaults(throughput=" + system.config().throughput() + ",parallelism="
                + system.config().parallelism() + ",spinning=" + system.config().spinning() + ")";
    }

    /** The defaults, or the defaults with the spinning setting {@code spin} names. */
    private static ActorSystemConfig spinConfig(String spin) {
        return spin == null ? ActorSystemConfig.defaults()
                : ActorSystemConfig.builder().spinning(Spinning.valueOf(spin.trim().toUpperCase(Locale.ROOT))).build();
    }

    @Override
    public long pingPong(int pairs, int roundTrips) throws Exception {
        int r = ++run;
        CountDownLatch done = new CountDownLatch(pairs);
        List<ActorRef> spawned = new ArrayList<>();
        List<ActorRef> pings = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            ActorRef pong = system.spawn("pong-" + r + "-" + p, () -> new Actor() {
                @Override
                public void receive(ReceiveContext ctx) {
                    if (ctx.message() instanceof Ball b) {
                        ctx.respond(new Ball(b.n() + 1));
                    }
                }
            });
            ActorRef ping = system.spawn("ping-" + r + "-" + p, () -> new Actor() {
                @Override
                public void receive(ReceiveContext ctx) {
                    if (ctx.message() instanceof Ball b) {
                        if (b.n() >= 2 * roundTrips) {
                            done.countDown();
                        } else {
                            pong.tell(new Ball(b.n() + 1), ctx.self());
                        }
                    }
                }
            });
            spawned.add(pong);
            spawned.add(ping);
            pings.add(ping);
        }
        long t0 = System.nanoTime();
        for (ActorRef ping : pings) {
            ping.tell(new Ball(0));
        }
        await(done);
        long t = System.nanoTime() - t0;
        stopAll(spawned);
        return t;
    }

    @Override
    public long fanIn(int threads, int perThread) throws Exception {
        long expected = (long) threads * perThread;
        CountDownLatch done = new CountDownLatch(1);
        ActorRef counter = system.spawn("counter-" + ++run, () -> new Counter(expected, done));
        OutsideSenders senders = new OutsideSenders(threads, i -> {
            for (int j = 0; j < perThread; j++) {
                counter.tell(new Ball(j));
            }
        });
        long t0 = senders.release();
        await(done);
        long t = System.nanoTime() - t0;
        senders.join();
        stopAll(List.of(counter));
        return t;
    }

    @Override
    public long manyActors(int actors, int threads, int perThread) throws Exception {
        int r = ++run;
        long share = (long) threads * perThread / actors;
        CountDownLatch done = new CountDownLatch(actors);
        List<ActorRef> refs = new ArrayList<>(actors);
        for (int i = 0; i < actors; i++) {
            refs.add(system.spawn("many-" + r + "-" + i, () -> new Counter(share, done)));
        }
        ActorRef[] targets = refs.toArray(new ActorRef[0]);
        OutsideSenders senders = new OutsideSenders(threads, t -> {
            int offset = t * (actors / threads);
            for (int j = 0; j < perThread; j++) {
                targets[(j + offset) % actors].tell(new Ball(j));
            }
        });
        long t0 = senders.release();
        await(done);
        long t = System.nanoTime() - t0;
        senders.join();
        stopAll(refs);
        return t;
    }

    @Override
    public long ask(int asks, Histogram latenciesNanos) throws Exception {
        ActorRef echo = system.spawn("echo-" + ++run, () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if (ctx.message() instanceof Ball) {
                    ctx.respond(ctx.message());
                }
            }
        });
        long t0 = System.nanoTime();
        for (int i = 0; i < asks; i++) {
            long s = System.nanoTime();
            echo.ask(new Ball(i), ASK_TIMEOUT).toCompletableFuture().get();
            latenciesNanos.recordValue(System.nanoTime() - s);
        }
        long t = System.nanoTime() - t0;
        stopAll(List.of(echo));
        return t;
    }

    @Override
    public SpawnResult spawn(int count) throws Exception {
        CountDownLatch handled = new CountDownLatch(count);
        long before = Heap.usedAfterGc();
        long t0 = System.nanoTime();
        ActorRef parent = system.spawn("parent-" + ++run, () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if (GO.equals(ctx.message())) {
                    // One factory for every child, as Pekko's side shares one Props: each cell keeps its factory for
                    // restarts, and a lambda made per child would be counted in the bytes per actor on one side only.
                    Supplier<Actor> child = () -> new SpawnChild(handled);
                    for (int i = 0; i < count; i++) {
                        ctx.spawnChild("c" + i, child).tell(new Ball(i));
                    }
                }
            }
        });
        parent.tell(GO);
        await(handled);
        long t = System.nanoTime() - t0;
        long after = Heap.usedAfterGc();
        stopAll(List.of(parent));
        return new SpawnResult(t, (after - before) / (double) count);
    }

    @Override
    public long[] churn(int rounds, int perRound) throws Exception {
        CountDownLatch[] ends = new CountDownLatch[rounds];
        for (int r = 0; r < rounds; r++) {
            ends[r] = new CountDownLatch(1);
        }
        ActorRef parent = system.spawn("churn-" + ++run, () -> new ChurnParent(perRound, ends));
        long[] nanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            parent.tell(new ChurnRound(r));
            await(ends[r]);
            nanos[r] = System.nanoTime() - t0;
        }
        stopAll(List.of(parent));
        return nanos;
    }

    @Override
    public long matchmaker(int clients, int roundTrips, int pairings) throws Exception {
        int r = ++run;
        CountDownLatch done = new CountDownLatch(1);
        ActorRef matchmaker = system.spawn("matchmaker-" + r, () -> new Matchmaker(clients, pairings, done));
        List<ActorRef> spawned = new ArrayList<>(clients + 1);
        spawned.add(matchmaker);
        for (int i = 0; i < clients; i++) {
            spawned.add(system.spawn("client-" + r + "-" + i, () -> new Client(matchmaker, roundTrips)));
        }
        long t0 = System.nanoTime();
        for (int i = 1; i <= clients; i++) {
            spawned.get(i).tell(GO);
        }
        await(done);
        long t = System.nanoTime() - t0;
        stopAll(spawned);
        return t;
    }

    private void stopAll(List<ActorRef> refs) throws Exception {
        List<java.util.concurrent.CompletableFuture<Void>> stops = new ArrayList<>(refs.size());
        for (ActorRef ref : refs) {
            stops.add(system.stop(ref).toCompletableFuture());
        }
        for (var s : stops) {
            s.get(60, TimeUnit.SECONDS);
        }
    }

    static void await(CountDownLatch latch) throws InterruptedException {
        if (!latch.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("scenario did not complete in 120 s: " + latch.getCount() + " left");
        }
    }

    @Override
    public void close() {
        system.shutdown();
    }

    /** The spawn scenario's child: handles one ball. One field, as Pekko's {@code Child}. */
    private static final class SpawnChild implements Actor {
        private final CountDownLatch handled;

        SpawnChild(CountDownLatch handled) {
            this.handled = handled;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ball) {
                handled.countDown();
            }
        }
    }

    /** Counts balls; opens {@code done} once when it has counted {@code expected}. */
    private static final class Counter implements Actor {
        private final long expected;
        private final CountDownLatch done;
        private long count;

        Counter(long expected, CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ball && ++count == expected) {
                done.countDown();
            }
        }
    }

    /** The churn scenario's parent: see {@link Contender#churn}. */
    private static final class ChurnParent implements Actor {
        private final int perRound;
        private final CountDownLatch[] ends;
        private long counter;
        private int round;
        private int replies;
        private int stopped;

        ChurnParent(int perRound, CountDownLatch[] ends) {
            this.perRound = perRound;
            this.ends = ends;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Ball) {
                replies++;
                endOfRound();
            } else if (m instanceof Terminated) {
                stopped++;
                endOfRound();
            } else if (m instanceof ChurnRound start) {
                round = start.index();
                replies = 0;
                stopped = 0;
                for (int i = 0; i < perRound; i++) {
                    ActorRef child = ctx.spawnChild("w" + counter++, ChurnWorker::new);
                    ctx.watch(child);
                    ctx.tell(child, new Ball(i));
                }
            }
        }

        private void endOfRound() {
            if (replies == perRound && stopped == perRound) {
                ends[round].countDown();
            }
        }
    }

    /** Replies to its parent and stops. */
    private static final class ChurnWorker implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Ball b) {
                ctx.tell(ctx.parent(), new Ball(b.n()));
                ctx.stop();
            }
        }
    }

    /** Pairs requesters two by two; see {@link Pairing}. */
    private static final class Matchmaker implements Actor {
        private final Pairing<ActorRef> pairing;

        Matchmaker(int clients, int pairings, CountDownLatch done) {
            this.pairing = new Pairing<>(clients, pairings, done);
        }

        @Override
        public void receive(ReceiveContext ctx) {
            if (!(ctx.message() instanceof MatchRequest)) {
                return;
            }
            ActorRef client = ctx.sender();
            ActorRef waiting = pairing.request(client);
            if (waiting != null) {
                // The waiting client hears first: its introduction is queued before the server's first ball.
                ctx.tell(waiting, new Introduction<>(client, false));
                ctx.tell(client, new Introduction<>(waiting, true));
            }
        }
    }

    /** Asks the matchmaker for a partner, plays {@code roundTrips} round trips with it, asks again. */
    private static final class Client implements Actor {
        private final ActorRef matchmaker;
        private final int lastBall;
        private ActorRef partner;
        private int games;

        Client(ActorRef matchmaker, int roundTrips) {
            this.matchmaker = matchmaker;
            this.lastBall = 2 * roundTrips - 1;
        }

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Ball b) {
                int next = b.n() + 1;
                if (next <= lastBall) {
                    ctx.tell(partner, new Ball(next));
                }
                if (next >= lastBall) {
                    partner = null;
                    ctx.tell(matchmaker, new MatchRequest(++games));
                }
            } else if (m instanceof Introduction<?> intro) {
                partner = (ActorRef) intro.partner();
                if (intro.serves()) {
                    ctx.tell(partner, new Ball(0));
                }
            } else if (GO.equals(m)) {
                ctx.tell(matchmaker, new MatchRequest(games));
            }
        }
    }
}
