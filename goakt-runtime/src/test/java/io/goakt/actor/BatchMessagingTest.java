package io.goakt.actor;

import io.goakt.dispatch.Dispatchers;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link ActorRef#tellAll} and {@link ActorRef#askAll}: each message of a batch is received by itself and in order;
 * a batch to a stopped or stopping actor ends in dead letters, none lost; a bounded mailbox takes a prefix of the
 * batch and reports the rest; {@code askAll} gives the replies in the order of the messages under one timeout, and
 * fails with a failure reply's cause, a dead target's {@link ActorNotAliveException}, or a full mailbox. The stress
 * test of batches among concurrent tells is {@code io.goakt.internal.actor.BatchTellStressTest}.
 */
class BatchMessagingTest {

    private static final Duration ASK = Duration.ofSeconds(30);
    private static final String BLOCKING = "blocking";

    private ActorSystem system;

    @BeforeEach
    void setUp() {
        // The actor a test holds busy blocks a thread: a dispatcher of its own, never a worker of the default one.
        system = ActorSystem.create("batch", ActorSystemConfig.builder()
                .dispatcher(Dispatchers.fromExecutor(BLOCKING, Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "batch-blocking");
                    t.setDaemon(true);
                    return t;
                }), true)).build());
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(30));
    }

    private static <T> T get(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletionStage<?> stage) {
        assertThatThrownBy(() -> get(stage)).isInstanceOf(ExecutionException.class);
        try {
            get(stage);
            throw new AssertionError("completed normally");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<Object> numbers(int from, int to) {
        return new ArrayList<>(IntStream.range(from, to).boxed().toList());
    }

    private Recorder deadLetters() {
        Recorder dead = new Recorder(system, "dead-letters");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        return dead;
    }

    @Test
    void tellAllDeliversEachMessageByItselfInOrderWithTheSender() {
        Recorder rec = new Recorder(system, "rec");
        Recorder from = new Recorder(system, "from");
        rec.ref.tellAll(numbers(0, 500), from.ref);
        for (int i = 0; i < 500; i++) {
            Recorder.Received r = rec.nextReceived();
            assertThat(r.message()).isEqualTo(i);
            assertThat(r.sender()).isEqualTo(from.ref);
        }
        rec.ref.tellAll(List.of("a", "b"));
        Recorder.Received a = rec.nextReceived();
        assertThat(a.message()).isEqualTo("a");
        assertThat(a.sender()).isNull();
        assertThat(rec.next()).isEqualTo("b");
    }

    @Test
    void aBatchHoldingANullIsRefusedWholeAndAnEmptyBatchSendsNothing() {
        Recorder rec = new Recorder(system, "rec");
        assertThatThrownBy(() -> rec.ref.tellAll(Arrays.asList("a", null, "c")))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("message 1");
        assertThatThrownBy(() -> rec.ref.askAll(Arrays.asList("a", null), ASK))
                .isInstanceOf(NullPointerException.class);
        rec.ref.tellAll(List.of());
        rec.ref.tell("marker");
        assertThat(rec.next()).as("nothing of the refused batches arrived").isEqualTo("marker");
    }

    @Test
    void aBatchToAStoppedActorBecomesDeadLetters() throws Exception {
        Recorder dead = deadLetters();
        ActorRef target = system.spawnFromFunction("target", ctx -> { });
        get(system.stop(target));
        target.tellAll(List.of("a", "b", "c"));
        for (String m : List.of("a", "b", "c")) {
            DeadLetter d = dead.next(DeadLetter.class);
            assertThat(d.message()).isEqualTo(m);
            assertThat(d.reason()).isEqualTo(DeadLetter.Reason.ACTOR_STOPPED);
        }
    }

    /**
     * A batch that holds a {@link PoisonPill}, and one whose actor stops itself on one of its messages: the messages
     * before the stop are handled, every message after it becomes a dead letter, in order; none is lost.
     */
    @Test
    void anActorStoppingInTheMiddleOfABatchTurnsTheRestIntoDeadLetters() {
        Recorder dead = deadLetters();
        Recorder rec = new Recorder(system, "rec");
        // Both actors forward their PostStart too; the recorder drops it.
        ActorRef pilled = system.spawnFromFunction("pilled", ctx -> rec.ref.tell(ctx.message()));
        List<Object> batch = numbers(0, 50);
        batch.add(PoisonPill.INSTANCE);
        batch.addAll(numbers(50, 100));
        pilled.tellAll(batch);
        assertThat(rec.next(50)).isEqualTo(numbers(0, 50));
        for (int i = 50; i < 100; i++) {
            DeadLetter d = dead.next(DeadLetter.class);
            assertThat(d.message()).isEqualTo(i);
            assertThat(d.receiver()).isEqualTo(pilled);
            assertThat(d.reason()).isEqualTo(DeadLetter.Reason.ACTOR_STOPPED);
        }

        ActorRef stopping = system.spawnFromFunction("stopping", ctx -> {
            if ("stop".equals(ctx.message())) {
                ctx.stop();
            } else {
                rec.ref.tell(ctx.message());
            }
        });
        List<Object> second = numbers(0, 10);
        second.add("stop");
        second.addAll(numbers(10, 20));
        stopping.tellAll(second);
        assertThat(rec.next(10)).isEqualTo(numbers(0, 10));
        for (int i = 10; i < 20; i++) {
            assertThat(dead.next(DeadLetter.class).message()).isEqualTo(i);
        }
        rec.expectNoMessage(Duration.ofMillis(200));
    }

    /**
     * Capacity is checked message by message: with a bounded mailbox of 3 and the actor busy, a batch of 6 queues
     * its first 3, reports the other 3 as {@link DeadLetter.Reason#MAILBOX_FULL} dead letters and throws; the actor
     * then receives exactly the 3, in order. An {@code askAll} cut the same way fails with the exception too.
     */
    @Test
    void aBoundedMailboxTakesTheBatchUpToItsCapacityAndReportsTheRest() throws Exception {
        Recorder dead = deadLetters();
        Recorder rec = new Recorder(system, "rec");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ActorRef small = system.spawnFromFunction("small", ctx -> {
            if ("hold".equals(ctx.message())) {
                holding.countDown();
                release.await(60, TimeUnit.SECONDS); // on the test's own dispatcher thread
            } else if (ctx.message() != PostStart.INSTANCE) {
                rec.ref.tell(ctx.message());
            }
        }, SpawnOptions.builder().mailbox(MailboxFactory.bounded(3)).dispatcher(BLOCKING).build());
        small.tell("hold");
        assertThat(holding.await(60, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> small.tellAll(List.of(1, 2, 3, 4, 5, 6)))
                .isInstanceOf(MailboxFullException.class).hasMessageContaining("capacity 3");
        for (int i = 4; i <= 6; i++) {
            DeadLetter d = dead.next(DeadLetter.class);
            assertThat(d.message()).isEqualTo(i);
            assertThat(d.reason()).isEqualTo(DeadLetter.Reason.MAILBOX_FULL);
            assertThat(d.detail()).contains("messages 4 to 6 of a batch of 6");
        }
        assertThatThrownBy(() -> small.askAll(List.of("x", "y"), ASK))
                .isInstanceOf(MailboxFullException.class);
        assertThat(dead.next(DeadLetter.class).message()).isEqualTo("x");
        assertThat(dead.next(DeadLetter.class).message()).isEqualTo("y");

        release.countDown();
        assertThat(rec.next(3)).containsExactly(1, 2, 3);
        rec.expectNoMessage(Duration.ofMillis(200));
    }

    /** Answers each message with its double, but only once it has them all, last message first. */
    private ActorRef reverseReplier(String name, int batchSize) {
        List<ActorRef> senders = new ArrayList<>();
        List<Integer> got = new ArrayList<>();
        return system.spawnFromFunction(name, ctx -> {
            if (ctx.message() instanceof Integer n) {
                senders.add(ctx.sender());
                got.add(n);
                if (got.size() == batchSize) {
                    for (int i = batchSize - 1; i >= 0; i--) {
                        senders.get(i).tell(got.get(i) * 2, ctx.self());
                    }
                    senders.clear();
                    got.clear();
                }
            }
        });
    }

    @Test
    void askAllGivesTheRepliesInTheOrderOfTheMessagesWhateverOrderTheyArriveIn() throws Exception {
        ActorRef doubler = reverseReplier("doubler", 100);
        List<Object> replies = get(doubler.askAll(numbers(0, 100), ASK));
        assertThat(replies).isEqualTo(numbers(0, 100).stream().map(n -> (Integer) n * 2).toList());
        assertThatThrownBy(() -> replies.add(1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(get(doubler.askAll(List.of(), ASK))).isEmpty();
    }

    @Test
    void askAllFailsWithTheCauseOfAFailureReply() {
        ActorRef replier = system.spawnFromFunction("replier", ctx -> {
            if ("bad".equals(ctx.message())) {
                ctx.respond(new Status.Failure(new IllegalStateException("bad message")));
            } else if (ctx.message() instanceof String s) {
                ctx.respond(s);
            }
        });
        Throwable cause = failureOf(replier.askAll(List.of("a", "bad", "c"), ASK));
        assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("bad message");
    }

    /**
     * One timeout covers the batch and names the first message still unanswered; the reply that comes after it
     * becomes an {@link DeadLetter.Reason#ASK_COMPLETED} dead letter, as for {@code ask}.
     */
    @Test
    void askAllTimesOutOnceForTheWholeBatchAndALateReplyBecomesADeadLetter() throws Exception {
        Recorder dead = deadLetters();
        ActorRef[] held = new ActorRef[1];
        ActorRef slow = system.spawnFromFunction("slow", ctx -> {
            if ("late".equals(ctx.message())) {
                held[0] = ctx.sender(); // answered when told "answer now"
            } else if ("answer now".equals(ctx.message())) {
                held[0].tell("late reply", ctx.self());
                ctx.respond("answered");
            } else if (ctx.message() instanceof String s) {
                ctx.respond(s);
            }
        });
        Throwable cause = failureOf(slow.askAll(List.of("a", "late", "c"), Duration.ofMillis(300)));
        assertThat(cause).isInstanceOf(AskTimeoutException.class)
                .hasMessageContaining("message 2 of a batch of 3");
        assertThat(((AskTimeoutException) cause).timeout()).isEqualTo(Duration.ofMillis(300));

        assertThat(get(slow.ask("answer now", ASK))).isEqualTo("answered");
        DeadLetter d = dead.next(DeadLetter.class);
        assertThat(d.message()).isEqualTo("late reply");
        assertThat(d.reason()).isEqualTo(DeadLetter.Reason.ASK_COMPLETED);
    }

    @Test
    void askAllOfAStoppedActorFailsWithActorNotAlive() throws Exception {
        ActorRef target = system.spawnFromFunction("target", ctx -> ctx.respond("ok"));
        get(system.stop(target));
        assertThat(failureOf(target.askAll(List.of("a", "b"), ASK))).isInstanceOf(ActorNotAliveException.class);
        assertThat(failureOf(system.actorOf("nobody").askAll(List.of("a"), ASK)))
                .isInstanceOf(ActorNotAliveException.class);
    }

    /** The actor stops on the third message: the messages behind it become dead letters, which fail the batch. */
    @Test
    void askAllOfAnActorThatStopsInTheMiddleOfTheBatchFailsWithActorNotAlive() {
        Recorder dead = deadLetters();
        ActorRef target = system.spawnFromFunction("target", ctx -> {
            if ("stop".equals(ctx.message())) {
                ctx.stop();
            } else if (ctx.message() instanceof Integer n) {
                ctx.respond(n);
            }
        });
        assertThat(failureOf(target.askAll(List.of(1, 2, "stop", 3, 4), ASK)))
                .isInstanceOf(ActorNotAliveException.class);
        assertThat(dead.next(DeadLetter.class).message()).isEqualTo(3);
        assertThat(dead.next(DeadLetter.class).message()).isEqualTo(4);
    }

    /** A fair or priority mailbox is offered the batch message by message: all of it arrives, in its order. */
    @Test
    void otherMailboxKindsTakeABatchMessageByMessage() {
        Recorder rec = new Recorder(system, "rec");
        ActorRef fair = system.spawnFromFunction("fair", ctx -> rec.ref.tell(ctx.message()),
                SpawnOptions.builder().mailbox(MailboxFactory.fair()).build());
        fair.tellAll(numbers(0, 300));
        assertThat(rec.next(300)).isEqualTo(numbers(0, 300));
        ActorRef priority = system.spawnFromFunction("priority", ctx -> rec.ref.tell(ctx.message()),
                SpawnOptions.builder().mailbox(MailboxFactory.priority((a, b) -> 0)).build());
        priority.tellAll(numbers(0, 300));
        assertThat(rec.next(300)).as("equal priorities keep arrival order").isEqualTo(numbers(0, 300));
    }

    @Test
    void askAllRejectsATimeoutThatIsNotPositive() {
        ActorRef target = system.spawnFromFunction("target", ctx -> ctx.respond("ok"));
        assertThatThrownBy(() -> target.askAll(List.of("a"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A ref kind without a batch path of its own (here, one that forwards) asks message by message, same result. */
    @Test
    void aRefKindWithoutABatchPathAsksMessageByMessageWithTheSameResult() throws Exception {
        ActorRef doubler = reverseReplier("doubler", 20);
        ActorRef forwarding = new ActorRef() {
            @Override
            public Address address() {
                return doubler.address();
            }

            @Override
            public long uid() {
                return doubler.uid();
            }

            @Override
            public void tell(Object message, ActorRef sender) {
                doubler.tell(message, sender);
            }

            @Override
            public CompletionStage<Object> ask(Object message, Duration timeout) {
                return doubler.ask(message, timeout);
            }

            @Override
            protected Duration askTimeout() {
                return ASK;
            }
        };
        assertThat(get(forwarding.askAll(numbers(0, 20))))
                .isEqualTo(numbers(0, 20).stream().map(n -> (Integer) n * 2).toList());
        Recorder rec = new Recorder(system, "rec");
        ActorRef toRec = new ActorRef() {
            @Override
            public Address address() {
                return rec.ref.address();
            }

            @Override
            public long uid() {
                return rec.ref.uid();
            }

            @Override
            public void tell(Object message, ActorRef sender) {
                rec.ref.tell(message, sender);
            }

            @Override
            public CompletionStage<Object> ask(Object message, Duration timeout) {
                return rec.ref.ask(message, timeout);
            }

            @Override
            protected Duration askTimeout() {
                return ASK;
            }
        };
        toRec.tellAll(numbers(0, 10));
        assertThat(rec.next(10)).isEqualTo(numbers(0, 10));
    }

    /** Inside an actor: {@code ctx.tellAll} sends with the actor as the sender; {@code ctx.askAll} pipes back. */
    @Test
    void anActorSendsAndAsksBatchesThroughItsContext() {
        Recorder rec = new Recorder(system, "rec");
        ActorRef doubler = reverseReplier("doubler", 3);
        ActorRef worker = system.spawnFromFunction("worker", ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.tellAll(rec.ref, List.of("x", "y"));
                ctx.pipeTo(ctx.askAll(doubler, List.of(1, 2, 3), ASK), rec.ref);
            }
        });
        worker.tell("go");
        Recorder.Received x = rec.nextReceived();
        assertThat(x.message()).isEqualTo("x");
        assertThat(x.sender()).isEqualTo(worker);
        assertThat(rec.next()).isEqualTo("y");
        assertThat(rec.next()).isEqualTo(List.of(2, 4, 6));
    }
}
