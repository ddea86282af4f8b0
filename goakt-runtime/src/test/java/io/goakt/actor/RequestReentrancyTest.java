package io.goakt.actor;

import io.goakt.supervision.Directive;
import io.goakt.supervision.SupervisorStrategy;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link ReceiveContext#request}: what an actor handles while its requests wait, as {@link Reentrancy} sets it. */
class RequestReentrancyTest {

    private ActorSystem system;
    private final ManualScheduler scheduler = new ManualScheduler();

    @AfterEach
    void tearDown() {
        if (system != null) {
            system.shutdown(Duration.ofSeconds(10));
        }
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private long processed(ActorRef ref) {
        return system.inspect(ref.path()).map(ActorInfo::processedCount).orElse(-1L);
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

    /**
     * "Other messages wait (in arrival order) until the request's reply has been handled": that includes a timer's
     * message, a ReceiveTimeout and Terminated, which travel as internal messages; they reach the actor after the
     * reply.
     */
    @Test
    void timerAndTerminatedWaitForAStashNonReentrantRequest() {
        system = ActorSystem.create("reentrancy-timers", ActorSystemConfig.builder().scheduler(scheduler).build());
        AtomicReference<ActorRef> asker = new AtomicReference<>();
        ActorRef target = system.spawnFromFunction("target", ctx -> {
            if ("q".equals(ctx.message())) {
                asker.set(ctx.sender());
            } else if ("release".equals(ctx.message())) {
                asker.get().tell("answer");
            }
        });
        ActorRef doomed = system.spawnFromFunction("doomed", ctx -> { });
        List<String> log = new CopyOnWriteArrayList<>();
        ActorRef requester = system.spawnFromFunction("requester", ctx -> {
            Object m = ctx.message();
            if ("start".equals(m)) {
                ctx.watch(doomed);
                ctx.request(target, "q", Duration.ofHours(1), (c, reply, error) -> log.add("reply:" + reply));
                ctx.scheduleOnce("key", "tick", Duration.ofSeconds(1));
            } else if (m instanceof Terminated) {
                log.add("terminated");
            } else if (m instanceof String s) {
                log.add(s);
            }
        }, SpawnOptions.builder().reentrancy(Reentrancy.stashNonReentrant(8)).build());

        requester.tell("start");
        // "start" has run (PostStart is not counted)
        await().atMost(Duration.ofSeconds(10)).until(() -> asker.get() != null && processed(requester) >= 1);

        scheduler.advance(Duration.ofSeconds(2)); // the timer fires; its firing is queued at the requester
        system.stop(doomed).toCompletableFuture().join(); // Terminated is on its way too
        // both reached the requester and are held: "start", the firing, the Terminated delivery
        await().atMost(Duration.ofSeconds(10)).until(() -> processed(requester) >= 3);

        target.tell("release");
        await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 3);
        assertThat(log).containsExactly("reply:answer", "tick", "terminated");
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
}
