package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.eventstream.ActorPassivated;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MailboxFactory;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The parts of the local toolkit that live in the actor core: bounded tell, passivation, requests, observers. */
class ToolkitCoreTest {

    private ActorSystem system;

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A minimal bounded queue for these tests; the real bounded mailbox has its own suite. */
    static final class SmallQueue implements MessageQueue {
        final ArrayBlockingQueue<Envelope> q;

        SmallQueue(int capacity) {
            q = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public boolean offer(Envelope envelope) {
            return q.offer(envelope);
        }

        @Override
        public boolean offer(Envelope envelope, long timeout, TimeUnit unit) throws InterruptedException {
            return q.offer(envelope, timeout, unit);
        }

        @Override
        public int capacity() {
            return q.remainingCapacity() + q.size();
        }

        @Override
        public Envelope poll() {
            return q.poll();
        }

        @Override
        public boolean hasMessages() {
            return !q.isEmpty();
        }

        @Override
        public int size() {
            return q.size();
        }
    }

    @Test
    void tellToAFullBoundedMailboxFailsFastAndTheTimedTellWaitsForRoom() throws Exception {
        system = ActorSystem.create("bounded");
        CountDownLatch gate = new CountDownLatch(1);
        List<Object> got = new CopyOnWriteArrayList<>();
        MailboxFactory small = () -> new SmallQueue(3);
        ActorRef ref = system.spawn("small", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() == PostStart.INSTANCE) {
                gate.await(10, TimeUnit.SECONDS);
            } else {
                got.add(ctx.message());
            }
        }), SpawnOptions.builder().mailbox(small).build());
        // PostStart is being handled (the actor waits at the gate); the queue has room for three.
        await().atMost(Duration.ofSeconds(10)).until(() -> system.inspect("small").orElseThrow().mailboxSize() == 0);
        ref.tell(1);
        ref.tell(2);
        ref.tell(3);
        assertThatThrownBy(() -> ref.tell(4)).isInstanceOf(MailboxFullException.class)
                .hasMessageContaining("/user/small").hasMessageContaining("capacity 3");
        assertThatThrownBy(() -> ref.tell(5, null, Duration.ofMillis(50))).isInstanceOf(MailboxFullException.class);
        Thread waiter = new Thread(() -> {
            try {
                ref.tell(6, null, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        gate.countDown(); // the actor drains, the waiting tell gets room
        waiter.join(10_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> got.size() == 4);
        assertThat(got).containsExactly(1, 2, 3, 6);
    }

    @Test
    void idlePassivationStopsTheActorAndPublishesAnEvent() throws Exception {
        ManualScheduler time = new ManualScheduler();
        system = ActorSystem.create("passivate", ActorSystemConfig.builder().scheduler(time).build());
        Recorder events = new Recorder(system, "events");
        system.eventStream().subscribe(ActorPassivated.class, events.ref);
        AtomicInteger postStops = new AtomicInteger();
        ActorRef ref = system.spawn("idler", () -> new Actor() {
            @Override
            public void receive(ReceiveContext ctx) {
                ctx.respond("hi");
            }

            @Override
            public void postStop(Context ctx) {
                postStops.incrementAndGet();
            }
        }, SpawnOptions.builder().passivation(Passivation.afterIdle(Duration.ofMinutes(1))).build());
        time.advance(Duration.ofSeconds(40));
        assertThat(ask(ref, "x")).isEqualTo("hi"); // activity at 40s
        time.advance(Duration.ofSeconds(30)); // 70s: only 30s idle
        events.expectNoMessage(Duration.ofMillis(200));
        assertThat(system.lookup("idler")).isPresent();
        time.advance(Duration.ofSeconds(30)); // 100s: 60s idle
        assertThat(events.next(ActorPassivated.class).actor()).isEqualTo(ref);
        await().atMost(Duration.ofSeconds(10)).until(() -> system.lookup("idler").isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> postStops.get() == 1);
    }

    @Test
    void messageCountPassivationStopsAfterTheNthMessage() throws Exception {
        system = ActorSystem.create("passivate-n");
        List<Object> got = new CopyOnWriteArrayList<>();
        ActorRef ref = system.spawn("three", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() != PostStart.INSTANCE) {
                got.add(ctx.message());
            }
        }), SpawnOptions.builder().passivation(Passivation.afterMessages(3)).build());
        for (int i = 1; i <= 5; i++) {
            ref.tell(i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> system.lookup("three").isEmpty());
        assertThat(got).containsExactly(1, 2, 3);
    }

    @Test
    void longLivedActorsAreNeverPassivated() throws Exception {
        ManualScheduler time = new ManualScheduler();
        system = ActorSystem.create("longlived", ActorSystemConfig.builder().scheduler(time).build());
        ActorRef ref = system.spawn("forever", () -> Actors.fromFunction(ctx -> ctx.respond("here")),
                SpawnOptions.builder().passivation(Passivation.longLived()).build());
        time.advance(Duration.ofDays(365));
        assertThat(ask(ref, "?")).isEqualTo("here");
        assertThat(time.pending()).isZero();
    }

    record Get(String key) {
    }

    @Test
    void allowAllRequestsKeepHandlingOtherMessagesAndContinueOnTheActorThread() throws Exception {
        system = ActorSystem.create("reentrant");
        CountDownLatch release = new CountDownLatch(1);
        ActorRef slow = system.spawnFromFunction("slow", ctx -> {
            if (ctx.message() instanceof String s) {
                ActorRef replyTo = ctx.sender();
                ActorRef me = ctx.self();
                new Thread(() -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    replyTo.tell("value-of-" + s, me);
                }).start();
            }
        });
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef front = system.spawn("front", () -> new Actor() {
            Thread actorThread;

            @Override
            public void receive(ReceiveContext ctx) {
                Object m = ctx.message();
                if (m instanceof Get g) {
                    actorThread = Thread.currentThread();
                    ActorRef client = ctx.sender();
                    ctx.request(slow, g.key(), Duration.ofSeconds(30), (c, reply, error) -> {
                        log.add("reply " + reply + " on actor thread: " + (c.sender() == slow));
                        client.tell(reply, c.self());
                    });
                } else if ("ping".equals(m)) {
                    log.add("ping");
                    ctx.respond("pong");
                }
            }
        }, SpawnOptions.defaults());
        var pending = front.ask(new Get("k"), Duration.ofSeconds(30)).toCompletableFuture();
        assertThat(ask(front, "ping")).isEqualTo("pong"); // handled while the request waits
        release.countDown();
        assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo("value-of-k");
        assertThat(log).containsExactly("ping", "reply value-of-k on actor thread: true");
    }

    @Test
    void stashNonReentrantRequestsHoldOtherMessagesUntilTheReply() throws Exception {
        system = ActorSystem.create("nonreentrant");
        CountDownLatch release = new CountDownLatch(1);
        ActorRef slow = system.spawnFromFunction("slow", ctx -> {
            if (ctx.message() instanceof String) {
                ActorRef replyTo = ctx.sender();
                new Thread(() -> {
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    replyTo.tell("done");
                }).start();
            }
        });
        List<Object> log = new CopyOnWriteArrayList<>();
        ActorRef front = system.spawn("front", () -> Actors.fromFunction(ctx -> {
            Object m = ctx.message();
            if ("start".equals(m)) {
                ctx.request(slow, "work", Duration.ofSeconds(30), (c, reply, error) -> log.add(reply));
            } else if (m instanceof Integer) {
                log.add(m);
            }
        }), SpawnOptions.builder().reentrancy(Reentrancy.stashNonReentrant(4)).build());
        front.tell("start");
        front.tell(1);
        front.tell(2);
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() == 3);
        assertThat(log).containsExactly("done", 1, 2);
    }

    @Test
    void requestsAreCappedAndTimeOutsReachTheCallback() throws Exception {
        ManualScheduler time = new ManualScheduler();
        system = ActorSystem.create("capped", ActorSystemConfig.builder().scheduler(time).build());
        Recorder silent = new Recorder(system, "silent");
        Recorder out = new Recorder(system, "out");
        ActorRef front = system.spawn("front", () -> Actors.fromFunction(ctx -> {
            if ("go".equals(ctx.message())) {
                ctx.request(silent.ref, "a", Duration.ofSeconds(1),
                        (c, reply, error) -> out.ref.tell(error.getClass().getSimpleName()));
                ctx.request(silent.ref, "b", Duration.ofSeconds(1), (c, reply, error) -> { });
                try {
                    ctx.request(silent.ref, "c", Duration.ofSeconds(1), (c, reply, error) -> { });
                } catch (RequestLimitException e) {
                    out.ref.tell("limited");
                }
            }
        }), SpawnOptions.builder().reentrancy(Reentrancy.allowAll(2))
                .supervisor(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()).build());
        front.tell("go");
        assertThat(out.next()).isEqualTo("limited");
        silent.next();
        silent.next();
        time.advance(Duration.ofSeconds(1));
        assertThat(out.next()).isEqualTo("AskTimeoutException");
    }

    interface Clock {
        long now();
    }

    @Test
    void dependenciesSurviveRestarts() throws Exception {
        system = ActorSystem.create("deps");
        Clock fixed = () -> 42L;
        ActorRef ref = system.spawn("dep", () -> Actors.fromFunction(ctx -> {
            if ("now".equals(ctx.message())) {
                ctx.respond(ctx.dependency(Clock.class).now());
            } else if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            } else if ("missing".equals(ctx.message())) {
                ctx.respond(ctx.dependency(String.class));
            }
        }), SpawnOptions.builder().dependency(fixed).build());
        assertThat(ask(ref, "now")).isEqualTo(42L);
        ref.tell("boom");
        assertThat(ask(ref, "now")).isEqualTo(42L);
        assertThatThrownBy(() -> SpawnOptions.builder().dependency("a").dependency("b"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void observersHearTheLifeOfSupervisedActorsOffTheActorThread() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        SupervisorObserver systemWide = new SupervisorObserver() {
            @Override
            public void registered(ActorRef actor) {
                calls.add("registered " + actor.name() + " " + Thread.currentThread().getName());
            }

            @Override
            public void started(ActorRef actor) {
                calls.add("started " + actor.name());
            }

            @Override
            public void restarting(ActorRef actor, Throwable cause) {
                calls.add("restarting " + actor.name() + " " + cause.getMessage());
            }

            @Override
            public void terminal(ActorRef actor, Throwable cause) {
                calls.add("terminal " + actor.name());
            }

            @Override
            public void stopped(ActorRef actor) {
                calls.add("stopped " + actor.name());
            }
        };
        SupervisorObserver throwing = new SupervisorObserver() {
            @Override
            public void started(ActorRef actor) {
                throw new IllegalStateException("observer bug");
            }
        };
        system = ActorSystem.create("observed", ActorSystemConfig.builder().observer(systemWide).build());
        ActorRef ref = system.spawn("w", () -> Actors.fromFunction(ctx -> {
            if ("boom".equals(ctx.message())) {
                throw new IllegalStateException("boom");
            }
            if ("fatal".equals(ctx.message())) {
                throw new IllegalArgumentException("fatal");
            }
        }), SpawnOptions.builder().observer(throwing).supervisor(SupervisorStrategy.oneForOne()
                .on(IllegalArgumentException.class, Directive.STOP).build()).build());
        ref.tell("boom");
        ref.tell("fatal");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.contains("stopped w"));
        assertThat(calls).hasSize(5);
        assertThat(calls.get(0)).startsWith("registered w goakt-observed-observers");
        assertThat(calls.subList(1, 5)).containsExactly("started w", "restarting w boom", "terminal w",
                "stopped w");
    }

    @Test
    void aBlockedObserverDoesNotBlockTheActors() throws Exception {
        CountDownLatch blocker = new CountDownLatch(1);
        AtomicInteger stoppedCalls = new AtomicInteger();
        SupervisorObserver stuck = new SupervisorObserver() {
            @Override
            public void started(ActorRef actor) {
                try {
                    blocker.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void stopped(ActorRef actor) {
                stoppedCalls.incrementAndGet();
            }
        };
        system = ActorSystem.create("stuck-observer", ActorSystemConfig.builder().observer(stuck).build());
        for (int i = 0; i < 20; i++) {
            ActorRef ref = system.spawnFromFunction("a" + i, ctx -> ctx.respond("alive"));
            assertThat(ask(ref, "?")).isEqualTo("alive");
            system.stop(ref).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertThat(stoppedCalls).hasValue(0); // still queued behind the stuck callback
        blocker.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stoppedCalls.get() == 20);
    }
}
