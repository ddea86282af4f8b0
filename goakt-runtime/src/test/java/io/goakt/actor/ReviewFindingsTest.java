package io.goakt.actor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import io.goakt.supervision.Directive;
import io.goakt.dispatch.WheelScheduler;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.SupervisorStrategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Regression tests for runtime-core bugs found in review; each names the bug it pins down. */
class ReviewFindingsTest {

    private ActorSystem system;
    private ReviewManualDispatcher manual;

    @AfterEach
    void tearDown() {
        if (system == null) {
            return;
        }
        // Shut down on another thread while this one runs the manual dispatcher's turns.
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> system.shutdown(Duration.ofSeconds(10)),
                r -> new Thread(r, "review-shutdown").start());
        while (!done.isDone()) {
            manual.pump(1_000);
            Thread.onSpinWait();
        }
        done.join();
    }

    private void start() {
        manual = new ReviewManualDispatcher("manual");
        system = ActorSystem.create("review", ActorSystemConfig.builder().dispatcher(manual).build());
    }

    private SpawnOptions onManual() {
        return SpawnOptions.builder().dispatcher("manual").build();
    }

    /**
     * A stopping actor waits for its children; user messages queued meanwhile can never run. The turn's re-check
     * used to count them as work all the same and resubmit the mailbox, which then did nothing and resubmitted
     * itself again: a busy loop on a dispatcher thread for as long as a child takes to stop.
     */
    @Test
    void stoppingActorWithQueuedMessagesDoesNotSpinWhileChildrenStop() throws Exception {
        start();
        CountDownLatch childInPostStop = new CountDownLatch(1);
        CountDownLatch releaseChild = new CountDownLatch(1);
        ActorRef parent = system.spawn("parent", new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("slow", new Actor() {
                    @Override
                    public void receive(ReceiveContext c) {
                    }

                    @Override
                    public void postStop(Context c) throws Exception {
                        childInPostStop.countDown();
                        releaseChild.await(10, TimeUnit.SECONDS);
                    }
                }, SpawnOptions.defaults());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, onManual());
        assertThat(manual.pump(1_000)).isTrue();

        var stopped = system.stop(parent);
        assertThat(manual.pump(1_000)).isTrue(); // the parent takes the stop and asks its child to stop
        assertThat(childInPostStop.await(10, TimeUnit.SECONDS)).isTrue();

        long deadBefore = system.deadLetterCount();
        parent.tell("late", null);
        boolean idle;
        try {
            idle = manual.pump(1_000);
        } finally {
            releaseChild.countDown();
        }
        assertThat(idle).as("the stopping parent must go idle, not reschedule itself for ever").isTrue();

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            manual.pump(1_000);
            return stopped.toCompletableFuture().isDone();
        });
        assertThat(system.deadLetterCount()).isEqualTo(deadBefore + 1); // "late" is reported, not lost
    }

    /**
     * Two children of one parent escalate before the grandparent answers. The parent remembered only the last
     * escalated child and sent a second Failed; the grandparent's first Resume resumed that child, the second was
     * ignored (no failure pending any more), and the first child stayed suspended for good.
     */
    @Test
    void everyEscalatedChildIsResumed() {
        start();
        SupervisorStrategy escalate = SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build();
        SupervisorStrategy resume = SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build();
        List<String> handled = new CopyOnWriteArrayList<>();
        AtomicReference<ActorRef> c1 = new AtomicReference<>();
        AtomicReference<ActorRef> c2 = new AtomicReference<>();
        AtomicInteger parentFailures = new AtomicInteger();
        Actor child = new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                if ("boom".equals(ctx.message())) {
                    throw new IllegalStateException("boom");
                }
                if (ctx.message() instanceof String s) {
                    handled.add(ctx.self().name() + ":" + s);
                }
            }
        };
        system.spawn("grand", new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("parent", new Actor() {
                    @Override
                    public void preStart(Context p) {
                        SpawnOptions o = SpawnOptions.builder().dispatcher("manual").supervisor(escalate).build();
                        c1.set(p.spawnChild("c1", child, o));
                        c2.set(p.spawnChild("c2", child, o));
                    }

                    @Override
                    public void receive(ReceiveContext p) {
                    }
                }, SpawnOptions.builder().dispatcher("manual").supervisor(SupervisorStrategy.oneForOne()
                        .decider(t -> {
                            parentFailures.incrementAndGet();
                            return Directive.RESUME;
                        }).build()).build());
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.builder().dispatcher("manual").supervisor(resume).build());
        assertThat(manual.pump(1_000)).isTrue();

        c1.get().tell("boom", null);
        c2.get().tell("boom", null);
        assertThat(manual.pump(1_000)).isTrue();
        c1.get().tell("ping", null);
        c2.get().tell("ping", null);
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(handled).containsExactlyInAnyOrder("c1:ping", "c2:ping");
        assertThat(parentFailures.get()).as("one decision for the one pending failure of the parent").isEqualTo(1);
        stopAll();
    }

    /**
     * An operator restart ({@code ActorSystem.restart}) of a running actor with children: while the restart waits
     * for the children to stop, the old instance kept handling user messages; a child it spawned then was never
     * asked to stop, so the restart waited for it for ever.
     */
    @Test
    void operatorRestartIsNotBlockedByChildrenSpawnedWhileItWaits() {
        start();
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger spawned = new AtomicInteger();
        ActorRef parent = system.spawn("parent", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                starts.incrementAndGet();
                ctx.spawnChild("c", ctx2 -> { }, onManual());
            }

            @Override
            public void receive(ReceiveContext ctx) {
                if ("spawn".equals(ctx.message())) {
                    ctx.spawnChild("k" + spawned.incrementAndGet(), c -> { }, onManual());
                }
            }
        }, onManual());
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(system.restart(parent)).isTrue();
        parent.tell("spawn", null);
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(starts.get()).as("the restart completed").isEqualTo(2);
        assertThat(spawned.get()).as("the message is handled, by the new instance").isEqualTo(1);
        stopAll();
    }

    /**
     * An ask whose send throws (a full bounded mailbox) left its timeout armed in the scheduler until it ran out,
     * although the caller got the exception and nothing could ever complete the ask.
     */
    @Test
    void askThatCannotBeSentLeavesNoTimeoutBehind() {
        start();
        MessageQueue full = new MessageQueue() {
            @Override
            public boolean offer(Envelope envelope) {
                return false;
            }

            @Override
            public Envelope poll() {
                return null;
            }

            @Override
            public boolean hasMessages() {
                return false;
            }

            @Override
            public int size() {
                return 0;
            }
        };
        ActorRef ref = system.spawn("full", c -> { }, SpawnOptions.builder().mailbox(() -> full).build());
        WheelScheduler wheel = (WheelScheduler) system.scheduler();
        await().atMost(Duration.ofSeconds(10)).until(() -> wheel.pending() == 0);

        assertThatThrownBy(() -> ref.ask("hello", Duration.ofHours(1))).isInstanceOf(MailboxFullException.class);

        await().atMost(Duration.ofSeconds(10)).until(() -> wheel.pending() == 0);
    }

    /**
     * A message that reaches an actor whose preStart failed, while the spawning thread still owns the mailbox
     * (after failStart drained it), must become a dead letter. failStart let go with a bare setIdle and no
     * re-check, so such a message was silently lost: here an ask that then hangs until its timeout instead of
     * failing with ActorNotAliveException.
     */
    @Test
    void messageArrivingWhileAFailedStartLetsGoIsReported() throws Exception {
        start();
        AtomicReference<CompletionStage<Object>> late = new AtomicReference<>();
        assertThatThrownBy(() -> system.spawn("failing", new Actor() {
            @Override
            public void preStart(Context ctx) {
                ActorRef self = ctx.self();
                // Runs on this thread inside failStart, after the drain: the stop completes there.
                ctx.system().stop(self).thenRun(() -> late.set(self.ask("late", Duration.ofHours(1))));
                throw new IllegalStateException("preStart fails");
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.defaults())).isInstanceOf(ActorInitializationException.class);

        assertThat(late.get()).isNotNull();
        assertThatThrownBy(() -> late.get().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ActorNotAliveException.class);
    }

    /**
     * PostStart is "the first message every actor instance receives", once. A restart before the first instance
     * handled its PostStart (an operator restart, or an all-for-one restart of a sibling spawned a moment ago)
     * put the new instance's PostStart in front and left the old one queued, so the new instance got two.
     */
    @Test
    void restartBeforeTheFirstTurnDeliversOnePostStart() {
        start();
        List<String> log = new CopyOnWriteArrayList<>();
        AtomicInteger instances = new AtomicInteger();
        ActorRef ref = system.spawn("fresh", () -> {
            int n = instances.incrementAndGet();
            return ctx -> {
                if (ctx.message() == PostStart.INSTANCE) {
                    log.add("PostStart#" + n);
                } else {
                    log.add(ctx.message() + "#" + n);
                }
            };
        }, onManual());
        ref.tell("hello", null);
        assertThat(system.restart(ref)).isTrue();
        assertThat(manual.pump(1_000)).isTrue();

        assertThat(log).containsExactly("PostStart#2", "hello#2");
        stopAll();
    }

    /**
     * The user guardian is never started, so its instance stayed null: a message to it (a top-level actor telling
     * {@code ctx.parent()}) threw NullPointerException inside the guardian, which logged "the root guardian
     * failed" and kept the message as its failed envelope, instead of the unhandled dead letter GuardianActor
     * intends.
     */
    @Test
    void messageToTheGuardianIsAnUnhandledDeadLetter() {
        start();
        List<DeadLetter> letters = new CopyOnWriteArrayList<>();
        system.eventStream().subscribe(DeadLetter.class, letters::add);
        ActorRef top = system.spawnFromFunction("top", ctx -> {
            if ("tell-parent".equals(ctx.message())) {
                ctx.parent().tell("hello guardian", ctx.self());
            }
        });
        top.tell("tell-parent");
        await().atMost(Duration.ofSeconds(10)).until(() -> letters.stream()
                .anyMatch(d -> "hello guardian".equals(d.message())));
        assertThat(letters).filteredOn(d -> "hello guardian".equals(d.message()))
                .singleElement().extracting(DeadLetter::reason).isEqualTo(DeadLetter.Reason.UNHANDLED);
    }

    /**
     * An actor that leaves its thread's interrupt flag set (re-interrupting after catching InterruptedException is
     * the usual idiom) must not hand it to the next actor that runs on that thread. With the hand-off slot the next
     * actor runs right after it on the same worker, whose flag nothing cleared: that actor's first blocking call
     * then failed with InterruptedException it never caused.
     */
    @Test
    void interruptFlagDoesNotLeakIntoTheNextActorsTurn() throws Exception {
        start();
        CompletableFuture<Boolean> seenInterrupted = new CompletableFuture<>();
        ActorRef b = system.spawnFromFunction("b", ctx -> {
            if ("check".equals(ctx.message())) {
                seenInterrupted.complete(Thread.currentThread().isInterrupted());
            }
        });
        ActorRef a = system.spawnFromFunction("a", ctx -> {
            if ("go".equals(ctx.message())) {
                b.tell("check");
                Thread.currentThread().interrupt();
            }
        });
        a.tell("go");
        assertThat(seenInterrupted.get(10, TimeUnit.SECONDS)).isFalse();
    }

    /** Stops every top-level actor while pumping the manual dispatcher, so that tearDown's shutdown is quick. */
    private void stopAll() {
        List<CompletableFuture<Void>> all = new java.util.ArrayList<>();
        for (ActorInfo info : system.actors()) {
            if (info.ref().path().chars().filter(ch -> ch == '/').count() == 2) {
                all.add(system.stop(info.ref()).toCompletableFuture());
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            manual.pump(1_000);
            return all.stream().allMatch(CompletableFuture::isDone);
        });
    }
}
