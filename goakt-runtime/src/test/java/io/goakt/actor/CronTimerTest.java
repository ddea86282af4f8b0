package io.goakt.actor;

import io.goakt.testsupport.ManualScheduler;
import io.goakt.testsupport.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cron timers on a {@link ManualScheduler}: after the first firing, which waits for the next wall-clock minute,
 * every minute of scheduler time delivers exactly one firing of {@code * * * * *}.
 */
class CronTimerTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    private final ManualScheduler time = new ManualScheduler();
    private ActorSystem system;
    private Recorder out;

    @BeforeEach
    void setUp() {
        system = ActorSystem.create("cron", ActorSystemConfig.builder().scheduler(time).build());
        out = new Recorder(system, "out");
    }

    @AfterEach
    void tearDown() {
        system.shutdown(Duration.ofSeconds(10));
    }

    record Cron(Object key, String expression, String msg) {
    }

    record Cancel(Object key) {
    }

    /** Keeps the actor busy until the latch opens. */
    record Busy(CountDownLatch until) {
    }

    private ActorRef cronActor() {
        return system.spawnFromFunction("cron", ctx -> {
            Object m = ctx.message();
            if (m instanceof Cron c) {
                try {
                    ctx.scheduleCron(c.key(), c.expression(), ZoneOffset.UTC, c.msg());
                    ctx.respond("ok");
                } catch (IllegalArgumentException e) {
                    ctx.respond(e.getMessage());
                }
            } else if (m instanceof Busy b) {
                try {
                    b.until().await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (m instanceof Cancel c) {
                ctx.respond(ctx.cancelTimer(c.key()) + "/" + ctx.isTimerActive(c.key()));
            } else if (m instanceof String s) {
                out.ref.tell(s);
            }
        });
    }

    private Object ask(ActorRef ref, Object m) throws Exception {
        return ref.ask(m, Duration.ofMinutes(30)).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void everyMinuteDeliversOneFiringPerMinuteOfSchedulerTime() throws Exception {
        ActorRef a = cronActor();
        assertThat(ask(a, new Cron("c", "* * * * *", "tick"))).isEqualTo("ok");
        for (int i = 0; i < 5; i++) {
            time.advance(MINUTE);
            assertThat(out.next()).isEqualTo("tick");
            out.expectNoMessage(Duration.ofMillis(100));
        }
    }

    @Test
    void cancelByKeyStopsTheFirings() throws Exception {
        ActorRef a = cronActor();
        ask(a, new Cron("c", "* * * * *", "tick"));
        time.advance(MINUTE);
        assertThat(out.next()).isEqualTo("tick");
        assertThat(ask(a, new Cancel("c"))).isEqualTo("true/false");
        time.advance(MINUTE.multipliedBy(10));
        out.expectNoMessage(Duration.ofMillis(200));
        assertThat(time.pending()).isZero();
    }

    @Test
    void aCronTimerWithTheSameKeyAsAnotherTimerReplacesIt() throws Exception {
        ActorRef a = cronActor();
        ask(a, new Cron("c", "* * * * *", "old"));
        ask(a, new Cron("c", "*/1 * * * *", "new"));
        time.advance(MINUTE);
        assertThat(out.next()).isEqualTo("new");
        out.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aFiringTakenLateSkipsTheMissedOnesInsteadOfCatchingUp() throws Exception {
        ActorRef a = cronActor();
        ask(a, new Cron("c", "* * * * *", "tick"));
        CountDownLatch release = new CountDownLatch(1);
        a.tell(new Busy(release));
        time.advance(MINUTE.multipliedBy(5).plusSeconds(30)); // the first firing waits behind the busy message
        release.countDown();
        assertThat(out.next()).isEqualTo("tick");
        out.expectNoMessage(Duration.ofMillis(200));
        time.advance(MINUTE);
        assertThat(out.next()).isEqualTo("tick");
        out.expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void anInvalidOrNeverFiringExpressionFailsTheCallNamingTheProblem() throws Exception {
        ActorRef a = cronActor();
        assertThat((String) ask(a, new Cron("c", "61 * * * *", "x"))).contains("minute");
        assertThat((String) ask(a, new Cron("c", "0 0 30 2 *", "x"))).contains("never fires");
        assertThat(ask(a, new Cancel("c"))).isEqualTo("false/false");
    }
}
