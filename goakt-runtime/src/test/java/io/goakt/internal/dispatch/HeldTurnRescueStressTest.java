package io.goakt.internal.dispatch;

import io.goakt.dispatch.KeepableTurn;
import org.junit.jupiter.api.RepeatedTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The slot and kept turns are taken by their worker and by the watcher with CASes; this races them as hard as it
 * can. Tasks shaped like mailboxes (scheduled with a CAS, handed to the dispatcher only by whoever won it, kept when
 * the worker allows) make each other runnable through the slot, some turns run long, and besides the dispatcher's
 * own watcher a test thread takes held tasks from every worker in a tight loop. Invariants, checked on every run: a
 * task never runs while it is not scheduled, never runs on two threads at once (an in-turn flag never seen set on
 * entry), and each schedule ends exactly once (a turn that lets go, or a release of a kept turn); at the end every
 * hop was run and nothing is left scheduled.
 */
class HeldTurnRescueStressTest {

    private static final int TASKS = 24;
    private static final long HOPS = 200_000;

    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong schedules = new AtomicLong();
    private final AtomicLong ends = new AtomicLong();
    private final AtomicLong hopsRun = new AtomicLong();
    private final AtomicLong hopsLeft = new AtomicLong(HOPS);

    /** A task with a mailbox's scheduling: runnable only by the holder of {@code scheduled}. */
    final class Task implements KeepableTurn {
        final ForkJoinDispatcher dispatcher;
        final List<Task> all;
        final AtomicInteger scheduled = new AtomicInteger();
        final AtomicBoolean inTurn = new AtomicBoolean();
        /** Hops sent to this task and not yet run; a turn runs them all. */
        final AtomicInteger pending = new AtomicInteger();

        Task(ForkJoinDispatcher dispatcher, List<Task> all) {
            this.dispatcher = dispatcher;
            this.all = all;
        }

        /** A hop to this task: enqueue, then schedule if idle (as a mailbox's send). */
        void send() {
            pending.incrementAndGet();
            if (scheduled.get() == 0 && scheduled.compareAndSet(0, 1)) {
                schedules.incrementAndGet();
                dispatcher.execute(this);
            }
        }

        /** As a mailbox's {@code exec}: from the pool a turn starts a chain; from the slot it runs in the chain. */
        @Override
        public void run() {
            dispatcher.runTurn(this::turn);
        }

        private void turn() {
            if (!inTurn.compareAndSet(false, true)) {
                violations.incrementAndGet(); // runs on two threads at once
            }
            if (scheduled.get() != 1) {
                violations.incrementAndGet(); // runs without being scheduled
            }
            ThreadLocalRandom r = ThreadLocalRandom.current();
            boolean worked = false;
            for (int p; (p = pending.get()) > 0; ) {
                pending.addAndGet(-p);
                worked = true;
                for (int i = 0; i < p; i++) {
                    hopsRun.incrementAndGet();
                    if (r.nextInt(500) == 0) {
                        long until = System.nanoTime() + r.nextLong(3_000_000);
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait(); // a long turn: the watcher sees this worker stand still
                        }
                    }
                    if (hopsLeft.decrementAndGet() >= 0) {
                        all.get(r.nextInt(all.size())).send();
                    }
                }
            }
            inTurn.set(false);
            if (worked && dispatcher.keepDryTurn(this)) {
                return; // still scheduled: run again or released by whoever holds it
            }
            letGo();
        }

        @Override
        public void releaseKept() {
            if (inTurn.get()) {
                violations.incrementAndGet(); // released while running
            }
            letGo();
        }

        /** Ends the schedule, then re-checks for a hop sent meanwhile (the mailbox's lost wake-up rule). */
        private void letGo() {
            if (scheduled.get() != 1) {
                violations.incrementAndGet();
            }
            ends.incrementAndGet();
            scheduled.set(0);
            if (pending.get() > 0 && scheduled.compareAndSet(0, 1)) {
                schedules.incrementAndGet();
                dispatcher.execute(this);
            }
        }
    }

    @RepeatedTest(5)
    void everyScheduleEndsOnceAndNoTaskRunsTwiceAtOnceWhileHeldTasksAreTaken() throws Exception {
        ForkJoinDispatcher dispatcher = new ForkJoinDispatcher("rescue-stress", 3, null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong taken = new AtomicLong();
        Thread thief = new Thread(() -> {
            List<ForkJoinDispatcher.Worker> workers = List.of();
            while (!stop.get()) {
                if (workers.size() < 3) {
                    workers = dispatcher.watchedWorkers();
                }
                for (ForkJoinDispatcher.Worker w : workers) {
                    // Twice in a row: the second look finds the worker where the first left it unless a turn began
                    // in between, so it takes held tasks at the very moment their worker is about to take them.
                    taken.addAndGet(w.rescueHeld() + w.rescueHeld());
                }
            }
        }, "rescue-stress-thief");
        try {
            List<Task> all = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                all.add(new Task(dispatcher, all));
            }
            thief.start();
            for (int i = 0; i < 8; i++) {
                all.get(i).send();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> hopsRun.get() == HOPS + 8
                    && all.stream().allMatch(t -> t.scheduled.get() == 0));
            assertThat(violations.get()).as("violations").isZero();
            assertThat(taken.get()).as("held tasks the test thread took").isPositive();
            assertThat(ends.get()).as("schedule ends").isEqualTo(schedules.get());
            assertThat(all).allMatch(t -> t.pending.get() == 0 && !t.inTurn.get());
        } finally {
            stop.set(true);
            thief.join(30_000);
            dispatcher.shutdown(Duration.ofSeconds(10));
        }
    }
}
