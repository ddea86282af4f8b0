package io.goakt.actor;

import io.goakt.dispatch.Dispatchers;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Context#watchWith}: the watcher receives its own message instead of {@link Terminated}, exactly once, also
 * for an actor already dead; {@code unwatch} cancels it; the latest {@code watch} or {@code watchWith} of a ref
 * decides what arrives. Each test ends with a marker sent after the expected message, so a duplicate would arrive
 * before the marker.
 */
class WatchWithTest {

    private static final Duration ASK = Duration.ofSeconds(30);
    private static final String MARK = "mark";
    private static final String BLOCKING = "blocking";

    private ActorSystem system;

    @BeforeEach
    void setUp() {
        // A watcher that a test keeps busy blocks a thread: that belongs on a dispatcher of its own, never on a
        // worker of the default one (with one processor the default pool has one worker).
        system = ActorSystem.create("watch-with", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor(BLOCKING, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "watch-with-blocking");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private record Gone(String what) {
    }

    /** A watcher that runs one watch step per message on its own thread. */
    private interface Step {
        void run(Context ctx);
    }

    private ActorRef stepper(String name, Recorder rec) {
        return stepper(name, rec, SpawnOptions.defaults());
    }

    private ActorRef stepper(String name, Recorder rec, SpawnOptions options) {
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof Step s) {
                s.run(ctx);
                ctx.respond("done");
            } else {
                rec.ref.tell(ctx.message(), ctx.sender());
            }
        }, options);
    }

    private static void await(CompletionStage<?> stage) throws Exception {
        stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void run(ActorRef stepper, Step step) throws Exception {
        await(stepper.ask(step, ASK));
    }

    @Test
    void watchWithDeliversTheGivenMessageInsteadOfTerminated() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        ActorRef w = stepper("watcher", rec);
        run(w, ctx -> ctx.watchWith(target, new Gone("target")));
        await(system.stop(target));
        Recorder.Received r = rec.nextReceived();
        assertThat(r.message()).isEqualTo(new Gone("target"));
        assertThat(r.sender()).isEqualTo(target);
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void watchWithAnActorThatIsAlreadyDeadDeliversTheMessageAtOnce() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef dead = system.spawnFromFunction("dead", ctx -> { });
        await(system.stop(dead));
        ActorRef w = stepper("watcher", rec);
        run(w, ctx -> {
            ctx.watchWith(dead, new Gone("dead"));
            ctx.watchWith(system.actorOf("never-existed"), new Gone("never"));
        });
        assertThat(List.of(rec.next(), rec.next())).containsExactlyInAnyOrder(new Gone("dead"), new Gone("never"));
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void unwatchCancelsWatchWith() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        ActorRef w = stepper("watcher", rec);
        run(w, ctx -> ctx.watchWith(target, new Gone("target")));
        run(w, ctx -> ctx.unwatch(target));
        await(system.stop(target));
        // The stop's notification reaches the watcher before any later user message.
        run(w, ctx -> { });
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void unwatchAfterTheDeathIsQueuedStillCancelsWatchWith() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef dead = system.spawnFromFunction("dead", ctx -> { });
        await(system.stop(dead));
        ActorRef w = stepper("watcher", rec);
        run(w, ctx -> {
            ctx.watchWith(dead, new Gone("dead"));
            ctx.unwatch(dead);
        });
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void theLatestWatchOrWatchWithOfARefDecidesWhatArrives() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef a = system.spawnFromFunction("a", ctx -> { });
        ActorRef b = system.spawnFromFunction("b", ctx -> { });
        ActorRef c = system.spawnFromFunction("c", ctx -> { });
        ActorRef w = stepper("watcher", rec);
        run(w, ctx -> {
            ctx.watch(a);
            ctx.watchWith(a, new Gone("a"));
            ctx.watchWith(b, new Gone("b"));
            ctx.watch(b);
            ctx.watchWith(c, new Gone("c1"));
            ctx.watchWith(c, new Gone("c2"));
        });
        await(system.stop(a));
        await(system.stop(b));
        await(system.stop(c));
        assertThat(List.of(rec.next(), rec.next(), rec.next()))
                .containsExactlyInAnyOrder(new Gone("a"), new Terminated(b), new Gone("c2"));
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void aWatchWithWhileTheDeathIsAlreadyQueuedChangesTheOneMessageThatArrives() throws Exception {
        Recorder rec = new Recorder(system, "rec");
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        CountDownLatch release = new CountDownLatch(1);
        ActorRef w = stepper("watcher", rec, SpawnOptions.builder().dispatcher(BLOCKING).build());
        run(w, ctx -> ctx.watchWith(target, new Gone("first")));
        // The watcher is busy while the target stops; its notification waits behind this step, then queues the
        // delivery behind the re-watch step sent before the stop.
        CompletableFuture<Object> busy = w.ask((Step) ctx -> {
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, ASK).toCompletableFuture();
        CompletableFuture<Object> rewatch = w.ask((Step) ctx -> ctx.watchWith(target, new Gone("second")), ASK)
                .toCompletableFuture();
        await(system.stop(target));
        release.countDown();
        busy.get(60, TimeUnit.SECONDS);
        rewatch.get(60, TimeUnit.SECONDS);
        assertThat(rec.next()).isEqualTo(new Gone("second"));
        w.tell(MARK);
        assertThat(rec.next()).isEqualTo(MARK);
    }

    @Test
    void watchWithRefusesANullMessage() throws Exception {
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        ActorRef w = system.spawnFromFunction("watcher", ctx -> {
            try {
                ctx.watchWith(target, null);
                ctx.respond("accepted");
            } catch (NullPointerException e) {
                ctx.respond("refused");
            }
        });
        assertThat(w.ask("go", ASK).toCompletableFuture().get(60, TimeUnit.SECONDS)).isEqualTo("refused");
    }

    private record Gone2(int watcher, int target) {
    }

    @Test
    void manyWatchersOfActorsStoppingConcurrentlyEachGetTheirMessageExactlyOnce() throws Exception {
        int watchers = 100;
        int targets = 50;
        List<ActorRef> targetRefs = new ArrayList<>();
        for (int t = 0; t < targets; t++) {
            targetRefs.add(system.spawnFromFunction("t" + t, ctx -> { }));
        }
        ConcurrentHashMap<Gone2, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicInteger terminated = new AtomicInteger();
        CountDownLatch all = new CountDownLatch(watchers * targets);
        List<ActorRef> watcherRefs = new ArrayList<>();
        for (int w = 0; w < watchers; w++) {
            int wi = w;
            watcherRefs.add(system.spawn("w" + w, () -> new Actor() {
                @Override
                public void preStart(Context ctx) {
                    for (int t = 0; t < targets; t++) {
                        // Half watch first and switch to watchWith: the latest call decides.
                        if ((wi + t) % 2 == 0) {
                            ctx.watch(targetRefs.get(t));
                        }
                        ctx.watchWith(targetRefs.get(t), new Gone2(wi, t));
                    }
                }

                @Override
                public void receive(ReceiveContext ctx) {
                    if (ctx.message() instanceof Gone2 g) {
                        counts.computeIfAbsent(g, k -> new AtomicInteger()).incrementAndGet();
                        all.countDown();
                    } else if (ctx.message() instanceof Terminated) {
                        terminated.incrementAndGet();
                    } else {
                        ctx.respond("quiet");
                    }
                }
            }, SpawnOptions.defaults()));
        }
        // Stop the targets from several threads at once.
        List<Thread> stoppers = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int s = 0; s < 4; s++) {
            int from = s;
            Thread th = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int t = from; t < targets; t += 4) {
                    system.stop(targetRefs.get(t));
                }
            });
            th.start();
            stoppers.add(th);
        }
        go.countDown();
        for (Thread th : stoppers) {
            th.join(TimeUnit.SECONDS.toMillis(60));
        }
        assertThat(all.await(120, TimeUnit.SECONDS)).as("every watcher heard of every target").isTrue();
        // A duplicate would have been queued before the watchers answer this.
        for (ActorRef w : watcherRefs) {
            assertThat(w.ask("ping", ASK).toCompletableFuture().get(60, TimeUnit.SECONDS)).isEqualTo("quiet");
        }
        assertThat(counts).hasSize(watchers * targets);
        assertThat(counts.values()).allMatch(c -> c.get() == 1);
        assertThat(terminated).as("Terminated after a later watchWith").hasValue(0);
        for (ActorRef w : watcherRefs) {
            assertThat(system.inspect(w.name())).isPresent();
        }
    }
}
