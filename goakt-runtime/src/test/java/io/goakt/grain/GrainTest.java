package io.goakt.grain;

import io.goakt.actor.ActorInfo;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.DeadLetter;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GrainTest {

    private static final Duration IDLE = Duration.ofSeconds(10);
    private static final Duration ASK = Duration.ofSeconds(10);

    private final ManualScheduler time = new ManualScheduler();
    private final ActorSystem system = ActorSystem.create("grains",
            ActorSystemConfig.builder().scheduler(time).build());
    private final GrainRegistry grains = Grains.of(system);

    /** What the counters did, in order: "activate kind/id", "deactivate kind/id". */
    private final List<String> lifecycle = new CopyOnWriteArrayList<>();
    private final List<GrainEvent> events = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

    GrainTest() {
        system.eventStream().subscribe(GrainEvent.class, events::add);
        system.eventStream().subscribe(DeadLetter.class, deadLetters::add);
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    /** A counter: "inc" adds one and answers the count, "get" answers it, "fail" throws, "bye" deactivates. */
    private class Counter implements Grain {
        private int count;

        @Override
        public void onActivate(GrainContext ctx) {
            lifecycle.add("activate " + ctx.identity());
        }

        @Override
        public void receive(GrainContext ctx) {
            Object m = ctx.message();
            if ("inc".equals(m)) {
                ctx.respond(++count);
            } else if ("get".equals(m)) {
                ctx.respond(count);
            } else if ("fail".equals(m)) {
                throw new IllegalStateException("boom at " + count);
            } else if ("bye".equals(m)) {
                ctx.deactivate();
                ctx.respond("bye");
            }
        }

        @Override
        public void onDeactivate(GrainContext ctx) {
            lifecycle.add("deactivate " + ctx.identity());
        }
    }

    private GrainRef counter(String id) {
        if (!grains.kinds().contains("counter")) {
            grains.register("counter", Counter::new, GrainOptions.builder().idleTimeout(IDLE).build());
        }
        return grains.ref("counter", id);
    }

    private static Object ask(GrainRef ref, Object message) throws Exception {
        return ref.ask(message, ASK).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Throwable askFailure(GrainRef ref, Object message) {
        CompletionStage<Object> stage = ref.ask(message, ASK);
        try {
            Object reply = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected the ask to fail, but got " + reply);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long count(String entry) {
        return lifecycle.stream().filter(entry::equals).count();
    }

    @Test
    void theFirstMessageActivatesTheGrainAsAChildOfTheGrainsParent() throws Exception {
        GrainRef a = counter("a");
        GrainIdentity id = GrainIdentity.of("counter", "a");
        assertThat(grains.isActive(id)).isFalse();
        assertThat(lifecycle).isEmpty();

        assertThat(ask(a, "inc")).isEqualTo(1);

        assertThat(lifecycle).containsExactly("activate counter/a");
        assertThat(grains.isActive(id)).isTrue();
        assertThat(grains.activeGrains()).containsExactly(id);
        assertThat(system.actors()).extracting(ActorInfo::path).contains("/user/goakt-grains/counter!a");
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains(new GrainActivated(id)));
    }

    @Test
    void stateIsKeptAcrossMessagesWhileActive() throws Exception {
        GrainRef a = counter("a");
        assertThat(ask(a, "inc")).isEqualTo(1);
        time.advance(IDLE.minusSeconds(1));
        assertThat(ask(a, "inc")).isEqualTo(2);
        time.advance(IDLE.minusSeconds(1)); // idle counts from the last message: still active
        assertThat(ask(a, "inc")).isEqualTo(3);
        assertThat(count("activate counter/a")).isEqualTo(1);
        assertThat(count("deactivate counter/a")).isZero();
    }

    @Test
    void anIdleGrainDeactivatesAndTheNextMessageActivatesAFreshInstance() throws Exception {
        GrainRef a = counter("a");
        GrainIdentity id = a.identity();
        assertThat(ask(a, "inc")).isEqualTo(1);
        assertThat(ask(a, "inc")).isEqualTo(2);

        time.advance(IDLE);

        await().atMost(Duration.ofSeconds(10)).until(() -> count("deactivate counter/a") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !grains.isActive(id));
        assertThat(events).contains(new GrainDeactivated(id, GrainDeactivated.Reason.IDLE));
        assertThat(ask(a, "inc")).isEqualTo(1);
        assertThat(lifecycle).containsExactly("activate counter/a", "deactivate counter/a", "activate counter/a");
    }

    @Test
    void refsStayValidAcrossReactivationAndAreEqualByIdentity() throws Exception {
        GrainRef a1 = counter("a");
        ask(a1, "inc");
        grains.deactivate(a1.identity()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        GrainRef a2 = grains.ref("counter", "a");
        assertThat(a2).isEqualTo(a1).hasSameHashCodeAs(a1).isNotEqualTo(grains.ref("counter", "b"));
        assertThat(ask(a1, "inc")).isEqualTo(1);
        assertThat(a1.toString()).contains("counter/a");
    }

    @Test
    void askHasATypedVariant() throws Exception {
        GrainRef a = counter("a");
        Integer n = a.ask("inc", Integer.class, ASK).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(n).isEqualTo(1);
        assertThatThrownBy(() -> a.ask("inc", String.class, ASK).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ClassCastException.class);
    }

    @Test
    void registryDeactivateRunsOnDeactivateAndCompletesWhenDone() throws Exception {
        GrainRef a = counter("a");
        ask(a, "inc");
        grains.deactivate(a.identity()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(lifecycle).containsExactly("activate counter/a", "deactivate counter/a");
        assertThat(grains.isActive(a.identity())).isFalse();
        assertThat(events).contains(new GrainDeactivated(a.identity(), GrainDeactivated.Reason.REQUESTED));
        // deactivating a grain that is not active is done at once
        assertThat(grains.deactivate(GrainIdentity.of("counter", "never")).toCompletableFuture())
                .succeedsWithin(Duration.ofSeconds(10));
    }

    @Test
    void aGrainCanDeactivateItselfAfterTheCurrentMessage() throws Exception {
        GrainRef a = counter("a");
        assertThat(ask(a, "inc")).isEqualTo(1);
        assertThat(ask(a, "bye")).isEqualTo("bye");
        await().atMost(Duration.ofSeconds(10)).until(() -> count("deactivate counter/a") == 1);
        assertThat(ask(a, "inc")).isEqualTo(1);
        assertThat(events).contains(new GrainDeactivated(a.identity(), GrainDeactivated.Reason.REQUESTED));
    }

    @Test
    void aPoisonPillDeactivatesTheGrainWithoutReachingReceive() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        grains.register("seen", () -> ctx -> {
            seen.add(ctx.message());
            ctx.respond("ok");
        }, GrainOptions.builder().idleTimeout(IDLE).build());
        GrainRef g = grains.ref("seen", "a");
        assertThat(ask(g, "before")).isEqualTo("ok");
        g.tell(io.goakt.actor.PoisonPill.INSTANCE);
        await().atMost(Duration.ofSeconds(30)).until(() -> events.contains(
                new GrainDeactivated(g.identity(), GrainDeactivated.Reason.REQUESTED)));
        assertThat(ask(g, "after")).isEqualTo("ok");
        assertThat(seen).containsExactly("before", "after");
    }

    @Test
    void maxMessagesDeactivatesAfterThatManyAndQueuedMessagesGoToTheNextActivation() throws Exception {
        grains.register("two", Counter::new, GrainOptions.builder().maxMessages(2).build());
        GrainRef g = grains.ref("two", "x");
        List<CompletionStage<Object>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            replies.add(g.ask("inc", ASK));
        }
        List<Object> values = new ArrayList<>();
        for (CompletionStage<Object> r : replies) {
            values.add(r.toCompletableFuture().get(10, TimeUnit.SECONDS));
        }
        assertThat(values).containsExactly(1, 2, 1, 2, 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("activate two/x") == 3);
        assertThat(events).contains(new GrainDeactivated(g.identity(), GrainDeactivated.Reason.MAX_MESSAGES));
    }

    @Test
    void aFailureFailsTheAskAndTheGrainResumesWithItsStateByDefault() throws Exception {
        GrainRef a = counter("a");
        assertThat(ask(a, "inc")).isEqualTo(1);
        Throwable failure = askFailure(a, "fail");
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("boom at 1");
        assertThat(ask(a, "inc")).isEqualTo(2);
        assertThat(count("activate counter/a")).isEqualTo(1);

        a.tell("fail");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
                .anyMatch(d -> d.reason() == DeadLetter.Reason.FAILED && "fail".equals(d.message())));
        assertThat(ask(a, "get")).isEqualTo(2);
    }

    @Test
    void withDeactivateOnFailureTheNextMessageGetsAFreshInstance() throws Exception {
        grains.register("fragile", Counter::new,
                GrainOptions.builder().onFailure(GrainOptions.OnFailure.DEACTIVATE).build());
        GrainRef f = grains.ref("fragile", "1");
        assertThat(ask(f, "inc")).isEqualTo(1);
        assertThat(askFailure(f, "fail")).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> count("deactivate fragile/1") == 1);
        assertThat(events).contains(new GrainDeactivated(f.identity(), GrainDeactivated.Reason.FAILURE));
        assertThat(ask(f, "inc")).isEqualTo(1);
    }

    @Test
    void aFailedActivationFailsTheWaitingMessagesAndTheNextMessageRetries() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        grains.register("flaky", () -> new Counter() {
            @Override
            public void onActivate(GrainContext ctx) {
                if (attempts.incrementAndGet() <= 2) {
                    throw new IllegalStateException("cannot load attempt " + attempts.get());
                }
            }
        });
        GrainRef g = grains.ref("flaky", "1");

        Throwable failure = askFailure(g, "inc");
        assertThat(failure).isInstanceOf(GrainActivationException.class).hasMessageContaining("flaky/1")
                .hasRootCauseMessage("cannot load attempt 1");
        assertThat(((GrainActivationException) failure).identity()).isEqualTo(g.identity());

        g.tell("inc"); // the second attempt fails too: the tell becomes a dead letter
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
                .anyMatch(d -> d.reason() == DeadLetter.Reason.FAILED && d.detail().contains("cannot load attempt 2")));

        assertThat(ask(g, "inc")).isEqualTo(1);
        assertThat(attempts).hasValue(3);
        // an activation that never started is not reported as activated or deactivated
        await().atMost(Duration.ofSeconds(10)).until(() -> events.contains(new GrainActivated(g.identity())));
        assertThat(events).filteredOn(e -> e instanceof GrainActivated).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof GrainDeactivated).isEmpty();
    }

    @Test
    void unknownKindsAndDuplicateRegistrationsAreTypedErrors() {
        counter("a");
        grains.register("other", Counter::new);
        assertThatThrownBy(() -> grains.ref("nope", "1")).isInstanceOfSatisfying(UnknownGrainKindException.class,
                e -> {
                    assertThat(e.kind()).isEqualTo("nope");
                    assertThat(e.registeredKinds()).containsExactly("counter", "other");
                    assertThat(e).hasMessageContaining("nope").hasMessageContaining("[counter, other]");
                });
        assertThatThrownBy(() -> grains.register("counter", Counter::new))
                .isInstanceOfSatisfying(GrainKindAlreadyRegisteredException.class,
                        e -> assertThat(e.kind()).isEqualTo("counter"));
        assertThatThrownBy(() -> grains.register("a/b", Counter::new)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> grains.register(" ", Counter::new)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentFirstMessagesToOneIdentityActivateExactlyOneInstance() throws Exception {
        AtomicInteger instances = new AtomicInteger();
        grains.register("single", () -> {
            instances.incrementAndGet();
            return new Counter();
        });
        GrainRef g = grains.ref("single", "1");
        int threads = 16;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    g.tell("inc");
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ask(g, "get")).isEqualTo(threads);
        assertThat(instances).hasValue(1);
        assertThat(count("activate single/1")).isEqualTo(1);
    }

    record Ping(GrainRef replyTo) {
    }

    record Relay(GrainRef to) {
    }

    /** Tells a ping to another grain on "relay", remembers the pong that comes back. */
    private static final class Caller implements Grain {
        private Object lastReply = "none";

        @Override
        public void receive(GrainContext ctx) {
            Object m = ctx.message();
            if (m instanceof Relay r) {
                ctx.tell(r.to(), "ping");
            } else if ("last".equals(m)) {
                ctx.respond(lastReply);
            } else if (m instanceof Ping p) {
                ctx.forward(p.replyTo());
            } else {
                lastReply = m + " from " + ctx.sender();
            }
        }
    }

    /** Answers "ping" with "pong", and anything else with its own id. */
    private static final class Ponger implements Grain {
        @Override
        public void receive(GrainContext ctx) {
            ctx.respond("ping".equals(ctx.message()) ? "pong" : "ponger " + ctx.identity().id()
                    + " got " + ctx.message().getClass().getSimpleName());
        }
    }

    @Test
    void grainsCallGrainsAndRepliesComeBackByIdentity() throws Exception {
        grains.register("caller", Caller::new);
        grains.register("ponger", Ponger::new);
        GrainRef caller = grains.ref("caller", "c");
        GrainRef ponger = grains.ref("ponger", "p");

        caller.tell(new Relay(ponger));
        await().atMost(Duration.ofSeconds(10)).until(() -> ask(caller, "last").toString().startsWith("pong"));
        assertThat(ask(caller, "last").toString()).isEqualTo("pong from ActorRef[grain ponger/p]");

        // forward keeps the asker as the sender: the ask gets the ponger's reply
        assertThat(ask(caller, new Ping(ponger))).isEqualTo("ponger p got Ping");
    }

    /** Keeps the sender of "ping" and answers it only on "release". */
    private static final class LatePonger implements Grain {
        private io.goakt.actor.ActorRef waiting;

        @Override
        public void receive(GrainContext ctx) {
            if ("ping".equals(ctx.message())) {
                waiting = ctx.sender();
                ctx.respond("held");
            } else if ("release".equals(ctx.message())) {
                waiting.tell("late pong", null);
                ctx.respond("released");
            }
        }
    }

    @Test
    void aReplyReachesAGrainThatWasDeactivatedMeanwhile() throws Exception {
        grains.register("caller", Caller::new);
        grains.register("late", LatePonger::new);
        GrainRef caller = grains.ref("caller", "c");
        GrainRef late = grains.ref("late", "p");
        caller.tell(new Relay(late));
        await().atMost(Duration.ofSeconds(10)).until(() -> ask(caller, "last").toString().startsWith("held"));
        grains.deactivate(caller.identity()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(grains.isActive(caller.identity())).isFalse();

        assertThat(ask(late, "release")).isEqualTo("released");

        await().atMost(Duration.ofSeconds(10)).until(() -> ask(caller, "last").toString().startsWith("late pong"));
        // the reply reactivated the caller
        assertThat(events).filteredOn(new GrainActivated(caller.identity())::equals).hasSize(2);
    }

    @Test
    void messagesSentWhileTheGrainDeactivatesGoToTheNextActivationInOrder() throws Exception {
        CountDownLatch inOnDeactivate = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger activation = new AtomicInteger();
        grains.register("gate", () -> new Grain() {
            private final int number = activation.incrementAndGet();

            @Override
            public void receive(GrainContext ctx) {
                seen.add(number + ":" + ctx.message());
                ctx.respond(number + ":" + ctx.message());
            }

            @Override
            public void onDeactivate(GrainContext ctx) throws InterruptedException {
                if (number == 1) {
                    inOnDeactivate.countDown();
                    assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
                }
            }
        });
        GrainRef g = grains.ref("gate", "1");
        assertThat(ask(g, "a")).isEqualTo("1:a");
        CompletionStage<Void> deactivated = grains.deactivate(g.identity());
        assertThat(inOnDeactivate.await(10, TimeUnit.SECONDS)).isTrue();

        // the first activation is stuck in onDeactivate: these wait for the next one
        g.tell("b");
        g.tell("c");
        CompletionStage<Object> d = g.ask("d", ASK);
        assertThat(grains.isActive(g.identity())).isFalse();
        assertThat(d.toCompletableFuture()).isNotDone();

        release.countDown();
        assertThat(d.toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo("2:d");
        assertThat(deactivated.toCompletableFuture()).isDone();
        assertThat(seen).containsExactly("1:a", "2:b", "2:c", "2:d");
        assertThat(deadLetters).filteredOn(l -> l.reason() != DeadLetter.Reason.NO_SENDER).isEmpty();
    }

    @Test
    void anActivationStoppedByAnOperatorEndsWithReasonStoppedAndTheNextMessageReactivates() throws Exception {
        GrainRef a = counter("a");
        assertThat(ask(a, "inc")).isEqualTo(1);
        io.goakt.actor.ActorRef actor = system.lookup("/user/goakt-grains/counter!a").orElseThrow();

        actor.tell("not through a GrainRef"); // not a grain message: unhandled
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
                .anyMatch(l -> l.reason() == DeadLetter.Reason.UNHANDLED));

        system.stop(actor).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(events).contains(new GrainDeactivated(a.identity(), GrainDeactivated.Reason.STOPPED));
        assertThat(count("deactivate counter/a")).isEqualTo(1);
        assertThat(ask(a, "inc")).isEqualTo(1);
    }

    @Test
    void theKindsMailboxIsUsedAndAFullBoundedOneRefusesATell() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Object> seen = new CopyOnWriteArrayList<>();
        grains.register("narrow", () -> ctx -> {
            if ("block".equals(ctx.message())) {
                entered.countDown();
                assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
            }
            seen.add(ctx.message());
        }, GrainOptions.builder().mailbox(io.goakt.mailbox.MailboxFactory.bounded(1)).build());
        GrainRef g = grains.ref("narrow", "1");
        g.tell("block");
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        g.tell("queued"); // takes the one slot
        assertThatThrownBy(() -> g.tell("refused")).isInstanceOf(io.goakt.actor.MailboxFullException.class);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("block", "queued");
    }

    @Test
    void shutdownDeactivatesEveryGrainAndRunsOnDeactivate() throws Exception {
        GrainRef a = counter("a");
        GrainRef b = counter("b");
        GrainRef c = counter("c");
        ask(a, "inc");
        ask(b, "inc");
        ask(c, "inc");

        system.shutdown(Duration.ofSeconds(10));

        assertThat(lifecycle).filteredOn(s -> s.startsWith("deactivate"))
                .containsExactlyInAnyOrder("deactivate counter/a", "deactivate counter/b", "deactivate counter/c");
        assertThat(events).filteredOn(e -> e instanceof GrainDeactivated)
                .extracting(e -> ((GrainDeactivated) e).reason()).containsOnly(GrainDeactivated.Reason.SHUTDOWN);
        // after shutdown a send is a dead letter and an ask fails at once
        assertThat(askFailure(a, "inc")).isInstanceOf(io.goakt.actor.ActorNotAliveException.class);
    }

    @Test
    void identitiesThatLookAlikeGetTheirOwnActivations() throws Exception {
        GrainRef x = counter("b!c");
        grains.register("counter!b", Counter::new);
        GrainRef y = grains.ref("counter!b", "c");
        GrainRef long1 = counter("x".repeat(400) + "1");
        GrainRef long2 = counter("x".repeat(400) + "2");
        GrainRef odd = counter("$/~ é ✓");
        for (GrainRef r : List.of(x, y, long1, long2, odd)) {
            assertThat(ask(r, "inc")).as("first inc of %s", r).isEqualTo(1);
        }
        assertThat(ask(long1, "inc")).isEqualTo(2);
        assertThat(grains.activeGrains()).hasSize(5);
        assertThat(system.actors()).extracting(ActorInfo::path).filteredOn(p -> p.startsWith("/user/goakt-grains/"))
                .hasSize(5).doesNotHaveDuplicates();
    }

    @Test
    void aReplyWithoutASenderIsADeadLetter() throws Exception {
        GrainRef a = counter("a");
        a.tell("inc");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.stream()
                .anyMatch(d -> d.reason() == DeadLetter.Reason.NO_SENDER && Integer.valueOf(1).equals(d.message())));
    }

    @Test
    void theRegistryIsOnePerSystem() {
        assertThat(Grains.of(system)).isSameAs(grains);
        try (ActorSystem other = ActorSystem.create("grains-other")) {
            assertThat(Grains.of(other)).isNotSameAs(grains);
        }
    }

    @Test
    void onDeactivateRunsAfterTheLastMessageOfItsActivation() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch deactivated = new CountDownLatch(1);
        grains.register("log", () -> new Grain() {
            @Override
            public void receive(GrainContext ctx) {
                seen.add(String.valueOf(ctx.message()));
            }

            @Override
            public void onDeactivate(GrainContext ctx) {
                seen.add("onDeactivate");
                deactivated.countDown();
            }
        }, GrainOptions.builder().idleTimeout(IDLE).build());
        GrainRef g = grains.ref("log", "1");
        g.tell("m1");
        g.tell("m2");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        time.advance(IDLE);
        assertThat(deactivated.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(seen).containsExactly("m1", "m2", "onDeactivate");
    }
}
