package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.Terminated;
import io.goakt.dispatch.WheelScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every name- or ref-keyed table of an actor returns to its starting size once the actors of a long churn (children
 * named from a counter, never reused, each stopping itself after one message) have stopped: the children table, both
 * death-watch sets, the pending {@code Terminated} deliveries, the timers (the actor's own and the scheduler's), the system's live count and the user
 * guardian's children. A table that kept an entry per stopped actor would grow with history.
 */
class ChurnLeavesNoEntriesTest {

    private static final int ROUNDS = 5;
    private static final int PER_ROUND = 20_000;

    private LocalActorSystem system;

    @BeforeEach
    void startSystem() {
        system = new LocalActorSystem("churn", ActorSystemConfig.defaults());
    }

    @AfterEach
    void stopSystem() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private record Round(int count, boolean watch, CountDownLatch done) {
    }

    private record Work(int n) {
    }

    private record Done(int n) {
    }

    /** What a parent's tables hold, read on the parent's own thread. */
    private record Tables(int children, int watching, int terminatedQueued, int timers, int watchers) {
    }

    private static final Object INSPECT = new Object();

    /**
     * A parent that spawns {@code count} children per round named {@code "w" + n} from one counter; each child
     * handles one message, replies and stops itself. A round ends on the last reply, or with {@code watch} on the last
     * {@code Terminated}.
     */
    private static final class Parent implements Actor {
        private int next;
        private int left;
        private CountDownLatch done;
        private boolean watch;

        @Override
        public void receive(ReceiveContext ctx) {
            Object m = ctx.message();
            if (m instanceof Round r) {
                left = r.count();
                done = r.done();
                watch = r.watch();
                for (int i = 0; i < r.count(); i++) {
                    int n = next++;
                    ActorRef child = ctx.spawnChild("w" + n, Child::new);
                    if (watch) {
                        ctx.watch(child);
                    }
                    child.tell(new Work(n), ctx.self());
                }
            } else if (m instanceof Done) {
                if (!watch && --left == 0) {
                    done.countDown();
                }
            } else if (m instanceof Terminated) {
                if (watch && --left == 0) {
                    done.countDown();
                }
            } else if (m == INSPECT) {
                ctx.respond(tables((ActorCell) ctx));
            }
        }
    }

    /** Handles one message: schedules a timer it never sees fire, replies, stops itself. */
    private static final class Child implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Work w) {
                ctx.scheduleOnce("never", "late", Duration.ofHours(1));
                ctx.respond(new Done(w.n()));
                ctx.stop();
            }
        }
    }

    private static Tables tables(ActorCell cell) {
        CellState.Extras x = cell.extras();
        return new Tables(cell.childCells().size(),
                x == null || x.watching == null ? 0 : x.watching.size(),
                x == null || x.terminatedQueued == null ? 0 : x.terminatedQueued.size(),
                x == null || x.timers == null ? 0 : x.timers.size(),
                cell.watcherCount());
    }

    private Tables inspect(ActorRef parent) throws Exception {
        return parent.ask(INSPECT, Tables.class, Duration.ofSeconds(30)).toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private void churnChildren(boolean watch) throws Exception {
        ActorRef parent = system.spawn("parent", Parent::new);
        int live = system.actorCount();
        Tables before = inspect(parent);
        long pendingBefore = ((WheelScheduler) system.scheduler()).pending();
        assertThat(before).isEqualTo(new Tables(0, 0, 0, 0, 0));
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch done = new CountDownLatch(1);
            parent.tell(new Round(PER_ROUND, watch, done));
            assertThat(done.await(120, TimeUnit.SECONDS)).as("round %d ended", r).isTrue();
        }
        // A child's last reply precedes its stop: wait for the stops to reach the parent.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Tables after = inspect(parent);
        while (after.children() != 0 && System.nanoTime() < deadline) {
            after = inspect(parent);
        }
        assertThat(after).as("the parent's tables after %d children", ROUNDS * PER_ROUND).isEqualTo(before);
        assertThat(system.actorCount()).isEqualTo(live);
        // Each child cancelled an hour-long timer when it stopped: the wheel unlinks a cancelled timeout within a tick.
        WheelScheduler wheel = (WheelScheduler) system.scheduler();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> wheel.pending() <= pendingBefore);
    }

    @Test
    void childrenThatStopThemselvesLeaveTheParentsTablesAsTheyWere() throws Exception {
        churnChildren(false);
    }

    @Test
    void watchedChildrenThatStopLeaveNoWatchEntriesBehind() throws Exception {
        churnChildren(true);
    }

    @Test
    void actorsThatWatchALongLivedActorAndStopLeaveItNoWatchers() throws Exception {
        ActorRef target = system.spawnFromFunction("target", ctx -> {
            if (ctx.message() == INSPECT) {
                ctx.respond(tables((ActorCell) ctx));
            }
        });
        for (int r = 0; r < ROUNDS; r++) {
            CountDownLatch stopped = new CountDownLatch(PER_ROUND / 4);
            ArrayDeque<CompletableFuture<Void>> stops = new ArrayDeque<>();
            for (int i = 0; i < PER_ROUND / 4; i++) {
                ActorRef watcher = system.spawn("watcher-" + r + "-" + i, () -> new Actor() {
                    @Override
                    public void preStart(io.goakt.actor.Context ctx) {
                        ctx.watch(target);
                    }

                    @Override
                    public void receive(ReceiveContext ctx) {
                    }
                });
                stops.add(system.stop(watcher).toCompletableFuture().whenComplete((v, e) -> stopped.countDown()));
            }
            assertThat(stopped.await(120, TimeUnit.SECONDS)).isTrue();
        }
        // Each watcher withdrew its watch when it stopped; the withdrawals are system messages to the target.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Tables t = inspect(target);
        while (t.watchers() != 0 && System.nanoTime() < deadline) {
            t = inspect(target);
        }
        assertThat(t.watchers()).as("watchers of a target whose watchers all stopped").isZero();
    }

    @Test
    void actorsThatSubscribeToTheEventStreamAndStopLeaveOnlyTheOtherSubscriptions() throws Exception {
        system.eventStream().subscribe(DeadLetter.class, d -> { });
        int before = system.eventStream().subscriptionCount();
        for (int r = 0; r < ROUNDS; r++) {
            ArrayDeque<CompletableFuture<Void>> stops = new ArrayDeque<>();
            for (int i = 0; i < 1_000; i++) {
                ActorRef subscriber = system.spawn("subscriber-" + r + "-" + i, () -> new Actor() {
                    @Override
                    public void preStart(io.goakt.actor.Context ctx) {
                        ctx.system().eventStream().subscribe(DeadLetter.class, ctx.self());
                    }

                    @Override
                    public void receive(ReceiveContext ctx) {
                    }
                });
                stops.add(system.stop(subscriber).toCompletableFuture());
            }
            for (CompletableFuture<Void> f : stops) {
                f.get(60, TimeUnit.SECONDS);
            }
            // A stop completes after the stopped actor left the event stream.
            assertThat(system.eventStream().subscriptionCount()).as("subscriptions after round %d", r)
                    .isEqualTo(before);
        }
    }

    @Test
    void namedActorsSpawnedAndStoppedAtTheSystemLevelLeaveTheGuardianAsItWas() throws Exception {
        ActorRef probe = system.spawnFromFunction("probe", ctx -> { });
        ActorCell guardian = ((LocalActorRef) probe).cell.parent;
        int children = guardian.childCells().size();
        int live = system.actorCount();
        int n = 0;
        for (int r = 0; r < ROUNDS; r++) {
            ArrayDeque<CompletableFuture<Void>> window = new ArrayDeque<>();
            for (int i = 0; i < PER_ROUND; i++) {
                ActorRef ref = system.spawnFromFunction("w" + n++, ctx -> { });
                ref.tell(new Work(i));
                window.add(system.stop(ref).toCompletableFuture());
                if (window.size() >= 1_000) {
                    window.poll().get(60, TimeUnit.SECONDS);
                }
            }
            for (CompletableFuture<Void> f : window) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        // A stop completes after the child left the guardian's table (finishTerminate frees the name first).
        assertThat(guardian.childCells()).hasSize(children);
        assertThat(system.actorCount()).isEqualTo(live);
        assertThat(system.lookup("w0")).isEmpty();
    }
}
