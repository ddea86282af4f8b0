package io.goakt.actor;

import io.goakt.eventstream.ActorPassivated;
import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Passivation: an actor that stops itself after being idle, or after a number of messages. */
class PassivationTest {

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
        ActorPassivated event = events.next(ActorPassivated.class);
        assertThat(event.actor()).isEqualTo(ref);
        assertThat(event.reason()).isEqualTo(ActorPassivated.Reason.IDLE);
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
}
