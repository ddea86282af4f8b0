package io.goakt.benchmarks.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.goakt.benchmarks.remote.PekkoDispatcher;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.pattern.Patterns;

/**
 * The scenarios on Apache Pekko classic ({@code AbstractActor}, {@code tell}, {@code Patterns.ask}), with its
 * default dispatcher or one configured by {@link #coresDispatcher}.
 */
final class PekkoContender implements Contender {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String GO = "go";

    private final String label;
    private final ActorSystem system;

    private PekkoContender(String label, String overrides) {
        this.label = label;
        Config config = ConfigFactory.parseString(overrides + "\npekko.loglevel = WARNING\n"
                + "pekko.log-dead-letters = off\npekko.log-dead-letters-during-shutdown = off")
                .withFallback(ConfigFactory.load());
        this.system = ActorSystem.create("harness", config);
    }

    /** Pekko's default dispatcher, untouched. */
    static PekkoContender defaultDispatcher() {
        return new PekkoContender(PekkoDispatcher.defaults().label(), PekkoDispatcher.defaults().overrides());
    }

    /** The default dispatcher sized to one thread per core, with {@code throughput} messages per turn. */
    static PekkoContender coresDispatcher(int cores, int throughput) {
        PekkoDispatcher d = PekkoDispatcher.cores(cores, throughput);
        return new PekkoContender(d.label(), d.overrides());
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
    public long pingPong(int pairs, int roundTrips) throws Exception {
        CountDownLatch done = new CountDownLatch(pairs);
        List<ActorRef> spawned = new ArrayList<>();
        List<ActorRef> pings = new ArrayList<>();
        Props pongProps = Props.create(Pong.class, Pong::new);
        for (int p = 0; p < pairs; p++) {
            ActorRef pong = system.actorOf(pongProps);
            ActorRef ping = system.actorOf(Props.create(Ping.class, () -> new Ping(pong, 2 * roundTrips, done)));
            spawned.add(pong);
            spawned.add(ping);
            pings.add(ping);
        }
        long t0 = System.nanoTime();
        for (ActorRef ping : pings) {
            ping.tell(new Ball(0), ActorRef.noSender());
        }
        GoaktContender.await(done);
        long t = System.nanoTime() - t0;
        stopAll(spawned);
        return t;
    }

    @Override
    public long fanIn(int threads, int perThread) throws Exception {
        long expected = (long) threads * perThread;
        CountDownLatch done = new CountDownLatch(1);
        ActorRef counter = system.actorOf(Props.create(Counter.class, () -> new Counter(expected, done)));
        OutsideSenders senders = new OutsideSenders(threads, i -> {
            for (int j = 0; j < perThread; j++) {
                counter.tell(new Ball(j), ActorRef.noSender());
            }
        });
        long t0 = senders.release();
        GoaktContender.await(done);
        long t = System.nanoTime() - t0;
        senders.join();
        stopAll(List.of(counter));
        return t;
    }

    @Override
    public long manyActors(int actors, int threads, int perThread) throws Exception {
        long share = (long) threads * perThread / actors;
        CountDownLatch done = new CountDownLatch(actors);
        Props props = Props.create(Counter.class, () -> new Counter(share, done));
        List<ActorRef> refs = new ArrayList<>(actors);
        for (int i = 0; i < actors; i++) {
            refs.add(system.actorOf(props));
        }
        ActorRef[] targets = refs.toArray(new ActorRef[0]);
        OutsideSenders senders = new OutsideSenders(threads, t -> {
            int offset = t * (actors / threads);
            for (int j = 0; j < perThread; j++) {
                targets[(j + offset) % actors].tell(new Ball(j), ActorRef.noSender());
            }
        });
        long t0 = senders.release();
        GoaktContender.await(done);
        long t = System.nanoTime() - t0;
        senders.join();
        stopAll(refs);
        return t;
    }

    @Override
    public long ask(int asks, Histogram latenciesNanos) throws Exception {
        ActorRef echo = system.actorOf(Props.create(Echo.class, Echo::new));
        long t0 = System.nanoTime();
        for (int i = 0; i < asks; i++) {
            long s = System.nanoTime();
            Patterns.ask(echo, new Ball(i), TIMEOUT).toCompletableFuture().get();
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
        ActorRef parent = system.actorOf(Props.create(Parent.class, () -> new Parent(count, handled)));
        parent.tell(GO, ActorRef.noSender());
        GoaktContender.await(handled);
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
        ActorRef parent = system.actorOf(Props.create(ChurnParent.class, () -> new ChurnParent(perRound, ends)));
        long[] nanos = new long[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            parent.tell(new ChurnRound(r), ActorRef.noSender());
            GoaktContender.await(ends[r]);
            nanos[r] = System.nanoTime() - t0;
        }
        stopAll(List.of(parent));
        return nanos;
    }

    @Override
    public long matchmaker(int clients, int roundTrips, int pairings) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ActorRef matchmaker = system.actorOf(Props.create(Matchmaker.class,
                () -> new Matchmaker(clients, pairings, done)));
        Props clientProps = Props.create(Client.class, () -> new Client(matchmaker, roundTrips));
        List<ActorRef> spawned = new ArrayList<>(clients + 1);
        spawned.add(matchmaker);
        for (int i = 0; i < clients; i++) {
            spawned.add(system.actorOf(clientProps));
        }
        long t0 = System.nanoTime();
        for (int i = 1; i <= clients; i++) {
            spawned.get(i).tell(GO, ActorRef.noSender());
        }
        GoaktContender.await(done);
        long t = System.nanoTime() - t0;
        stopAll(spawned);
        return t;
    }

    private static void stopAll(List<ActorRef> refs) throws Exception {
        List<CompletableFuture<Boolean>> stops = new ArrayList<>(refs.size());
        for (ActorRef ref : refs) {
            stops.add(Patterns.gracefulStop(ref, TIMEOUT).toCompletableFuture());
        }
        for (CompletableFuture<Boolean> s : stops) {
            s.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Sends the ball to its pong until it has seen {@code last}. */
    static final class Ping extends AbstractActor {
        private final ActorRef pong;
        private final int last;
        private final CountDownLatch done;

        Ping(ActorRef pong, int last, CountDownLatch done) {
            this.pong = pong;
            this.last = last;
            this.done = done;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> {
                if (b.n() >= last) {
                    done.countDown();
                } else {
                    pong.tell(new Ball(b.n() + 1), getSelf());
                }
            }).build();
        }
    }

    /** Returns every ball to its sender. */
    static final class Pong extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> getSender().tell(new Ball(b.n() + 1), getSelf()))
                    .build();
        }
    }

    /** Replies with the ball it got. */
    static final class Echo extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> getSender().tell(b, getSelf())).build();
        }
    }

    /** Counts balls; opens {@code done} once when it has counted {@code expected}. */
    static final class Counter extends AbstractActor {
        private final long expected;
        private final CountDownLatch done;
        private long count;

        Counter(long expected, CountDownLatch done) {
            this.expected = expected;
            this.done = done;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> {
                if (++count == expected) {
                    done.countDown();
                }
            }).build();
        }
    }

    /** On "go", spawns {@code count} children and sends each one ball. */
    static final class Parent extends AbstractActor {
        private final int count;
        private final CountDownLatch handled;

        Parent(int count, CountDownLatch handled) {
            this.count = count;
            this.handled = handled;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().matchEquals(GO, s -> {
                Props child = Props.create(Child.class, () -> new Child(handled));
                for (int i = 0; i < count; i++) {
                    getContext().actorOf(child, "c" + i).tell(new Ball(i), ActorRef.noSender());
                }
            }).build();
        }
    }

    /** Handles one ball. */
    static final class Child extends AbstractActor {
        private final CountDownLatch handled;

        Child(CountDownLatch handled) {
            this.handled = handled;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> handled.countDown()).build();
        }
    }

    /** The churn scenario's parent: see {@link Contender#churn}. */
    static final class ChurnParent extends AbstractActor {
        private final int perRound;
        private final CountDownLatch[] ends;
        private final Props worker = Props.create(ChurnWorker.class, ChurnWorker::new);
        private long counter;
        private int round;
        private int replies;
        private int stopped;

        ChurnParent(int perRound, CountDownLatch[] ends) {
            this.perRound = perRound;
            this.ends = ends;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> {
                replies++;
                endOfRound();
            }).match(Terminated.class, t -> {
                stopped++;
                endOfRound();
            }).match(ChurnRound.class, start -> {
                round = start.index();
                replies = 0;
                stopped = 0;
                for (int i = 0; i < perRound; i++) {
                    ActorRef child = getContext().actorOf(worker, "w" + counter++);
                    getContext().watch(child);
                    child.tell(new Ball(i), getSelf());
                }
            }).build();
        }

        private void endOfRound() {
            if (replies == perRound && stopped == perRound) {
                ends[round].countDown();
            }
        }
    }

    /** Replies to its parent and stops. */
    static final class ChurnWorker extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> {
                getContext().getParent().tell(new Ball(b.n()), getSelf());
                getContext().stop(getSelf());
            }).build();
        }
    }

    /** Pairs requesters two by two; see {@link Pairing}. */
    static final class Matchmaker extends AbstractActor {
        private final Pairing<ActorRef> pairing;

        Matchmaker(int clients, int pairings, CountDownLatch done) {
            this.pairing = new Pairing<>(clients, pairings, done);
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(MatchRequest.class, request -> {
                ActorRef client = getSender();
                ActorRef waiting = pairing.request(client);
                if (waiting != null) {
                    // The waiting client hears first: its introduction is queued before the server's first ball.
                    waiting.tell(new Introduction<>(client, false), getSelf());
                    client.tell(new Introduction<>(waiting, true), getSelf());
                }
            }).build();
        }
    }

    /** Asks the matchmaker for a partner, plays {@code roundTrips} round trips with it, asks again. */
    static final class Client extends AbstractActor {
        private final ActorRef matchmaker;
        private final int lastBall;
        private ActorRef partner;
        private int games;

        Client(ActorRef matchmaker, int roundTrips) {
            this.matchmaker = matchmaker;
            this.lastBall = 2 * roundTrips - 1;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ball.class, b -> {
                int next = b.n() + 1;
                if (next <= lastBall) {
                    partner.tell(new Ball(next), getSelf());
                }
                if (next >= lastBall) {
                    partner = null;
                    matchmaker.tell(new MatchRequest(++games), getSelf());
                }
            }).match(Introduction.class, intro -> {
                partner = (ActorRef) intro.partner();
                if (intro.serves()) {
                    partner.tell(new Ball(0), getSelf());
                }
            }).matchEquals(GO, s -> matchmaker.tell(new MatchRequest(games), getSelf())).build();
        }
    }
}
