package io.goakt.actor;

import io.goakt.testsupport.Recorder;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Timers run on a {@link ManualScheduler}: time moves only when the test says so. */
class TimerTest {

    private final ManualScheduler time = new ManualScheduler();
    private ActorSystem system;
    private Recorder out;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("timers", ActorSystemConfig.builder().scheduler(time).build());
        out = new Recorder(system, "out");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    record Once(Object key, String msg, long delayMs) {
    }

    record Repeat(Object key, String msg, long intervalMs, TimerMode mode) {
    }

    record Cancel(Object key) {
    }

    private ActorRef timerActor() {
        return system.spawnFromFunction("timed", ctx -> {
            Object m = ctx.message();
            if (m instanceof Once o) {
                ctx.scheduleOnce(o.key(), o.msg(), Duration.ofMillis(o.delayMs()));
                ctx.respond("ok");
            } else if (m instanceof Repeat r) {
                ctx.scheduleRepeatedly(r.key(), r.msg(), Duration.ofMillis(r.intervalMs()),
                        Duration.ofMillis(r.intervalMs()), r.mode());
                ctx.respond("ok");
            } else if (m instanceof Cancel c) {
                ctx.respond(ctx.cancelTimer(c.key()) + "/" + ctx.isTimerActive(c.key()));
            } else if (m instanceof String s) {
                out.ref.tell(s);
            }
        });
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void scheduleOnceDeliversOnceAfterTheDelay() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Once("k", "tick", 1000));
        time.advance(Duration.ofMillis(999));
        out.expectNoMessage(Duration.ofMillis(100));
        time.advance(Duration.ofMillis(1));
        assertThat(out.next()).isEqualTo("tick");
        time.advance(Duration.ofSeconds(10));
        out.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void aTimerWithTheSameKeyReplacesTheOldOne() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Once("k", "old", 1000));
        ask(a, new Once("k", "new", 2000));
        time.advance(Duration.ofSeconds(5));
        assertThat(out.next()).isEqualTo("new");
        out.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void cancelByKeyDeliversNothingMore() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Repeat("r", "rep", 100, TimerMode.FIXED_RATE));
        time.advance(Duration.ofMillis(100));
        assertThat(out.next()).isEqualTo("rep");
        assertThat(ask(a, new Cancel("r"))).isEqualTo("true/false");
        assertThat(ask(a, new Cancel("r"))).isEqualTo("false/false");
        time.advance(Duration.ofSeconds(5));
        out.expectNoMessage(Duration.ofMillis(100));
        assertThat(time.pending()).isZero();
    }

    @Test
    void fixedRateFiresEveryIntervalFromTheStart() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Repeat("r", "rate", 100, TimerMode.FIXED_RATE));
        time.advance(Duration.ofMillis(350));
        assertThat(out.next(3)).containsExactly("rate", "rate", "rate");
        out.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void fixedDelayArmsTheNextFiringOnlyAfterTheActorHandledThePrevious() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Repeat("d", "delay", 100, TimerMode.FIXED_DELAY));
        time.advance(Duration.ofMillis(100));
        assertThat(out.next()).isEqualTo("delay");
        // The next firing is armed by the actor when it handled the first: exactly one pending task.
        assertThat(time.pending()).isEqualTo(1);
        time.advance(Duration.ofMillis(100));
        assertThat(out.next()).isEqualTo("delay");
    }

    @Test
    void timersAreCancelledWhenTheActorStops() throws Exception {
        ActorRef a = timerActor();
        ask(a, new Repeat("r", "rep", 100, TimerMode.FIXED_RATE));
        ask(a, new Once("o", "once", 100));
        assertThat(time.pending()).isEqualTo(2);
        system.stop(a).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(time.pending()).isZero();
    }

    @Test
    void receiveTimeoutFiresAfterIdlenessAndIsPushedBackByMessages() throws Exception {
        ActorRef a = system.spawnFromFunction("idle", ctx -> {
            Object m = ctx.message();
            if (m == PostStart.INSTANCE) {
                ctx.setReceiveTimeout(Duration.ofSeconds(5));
            } else if (m == ReceiveTimeout.INSTANCE) {
                out.ref.tell("timeout");
            } else if ("off".equals(m)) {
                ctx.setReceiveTimeout(null);
                ctx.respond("off");
            } else {
                ctx.respond("seen");
            }
        });
        assertThat(ask(a, "hello")).isEqualTo("seen"); // PostStart has run: the timeout is armed
        time.advance(Duration.ofSeconds(3));
        assertThat(ask(a, "activity")).isEqualTo("seen"); // at t=3s
        time.advance(Duration.ofSeconds(2)); // t=5s: only 2s idle
        out.expectNoMessage(Duration.ofMillis(200));
        time.advance(Duration.ofSeconds(3)); // t=8s: 5s idle
        assertThat(out.next()).isEqualTo("timeout");
        time.advance(Duration.ofSeconds(5)); // keeps firing while idle
        assertThat(out.next()).isEqualTo("timeout");
        assertThat(ask(a, "off")).isEqualTo("off");
        time.advance(Duration.ofSeconds(60));
        out.expectNoMessage(Duration.ofMillis(200));
    }
}
