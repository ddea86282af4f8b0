package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.dispatch.Dispatchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How turns are cut: {@code throughput} messages per turn, and system messages ahead of user messages. */
class DispatchOrderTest {

    private ActorSystem system;
    private final ExecutorService single = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "single");
        t.setDaemon(true);
        return t;
    });

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
        single.shutdownNow();
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anActorYieldsItsThreadAfterThroughputMessages() throws Exception {
        system = ActorSystem.create("throughput", ActorSystemConfig.builder().throughput(2)
                .dispatcher(Dispatchers.fromExecutor("one", single, false)).build());
        List<String> order = new CopyOnWriteArrayList<>();
        SpawnOptions onOne = SpawnOptions.builder().dispatcher("one").build();
        ActorRef a = system.spawn("a", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof Integer) {
                order.add("a");
            } else if ("ready?".equals(ctx.message())) {
                ctx.respond("ready");
            }
        }), onOne);
        ActorRef b = system.spawn("b", () -> Actors.fromFunction(ctx -> {
            if (ctx.message() instanceof Integer) {
                order.add("b");
            } else if ("ready?".equals(ctx.message())) {
                ctx.respond("ready");
            }
        }), onOne);
        ask(a, "ready?");
        ask(b, "ready?");
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        single.execute(() -> {
            holding.countDown(); // the thread is ours: no turn of a or b is still running
            try {
                gate.await(10, TimeUnit.SECONDS); // hold the only thread while both mailboxes fill
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 6; i++) {
            a.tell(i);
        }
        for (int i = 0; i < 6; i++) {
            b.tell(i);
        }
        gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> order.size() == 12);
        assertThat(order).containsExactly("a", "a", "b", "b", "a", "a", "b", "b", "a", "a", "b", "b");
    }

    @Test
    void aStopOvertakesQueuedUserMessages() throws Exception {
        system = ActorSystem.create("system-first");
        Recorder dead = new Recorder(system, "dead");
        system.eventStream().subscribe(DeadLetter.class, dead.ref);
        List<Object> handled = new CopyOnWriteArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        CountDownLatch inFirst = new CountDownLatch(1);
        ActorRef ref = system.spawnFromFunction("busy", ctx -> {
            if (ctx.message() instanceof Integer i) {
                handled.add(i);
                if (i == 0) {
                    inFirst.countDown();
                    gate.await(10, TimeUnit.SECONDS);
                }
            }
        });
        for (int i = 0; i < 5; i++) {
            ref.tell(i);
        }
        assertThat(inFirst.await(10, TimeUnit.SECONDS)).isTrue();
        var stopped = system.stop(ref).toCompletableFuture(); // enqueued behind 1..4, handled before them
        gate.countDown();
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(handled).containsExactly(0);
        assertThat(List.of(dead.next(DeadLetter.class).message(), dead.next(DeadLetter.class).message(),
                dead.next(DeadLetter.class).message(), dead.next(DeadLetter.class).message()))
                .containsExactly(1, 2, 3, 4);
    }
}
