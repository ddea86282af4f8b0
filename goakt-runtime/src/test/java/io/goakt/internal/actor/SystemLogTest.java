package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystemConfig;
import io.goakt.actor.Context;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.LogLevel;
import io.goakt.actor.PostStart;
import io.goakt.actor.ReceiveContext;
import io.goakt.actor.SpawnOptions;
import io.goakt.supervision.Backoff;
import io.goakt.supervision.Directive;
import io.goakt.supervision.RestartPolicy;
import io.goakt.supervision.SupervisorStrategy;
import io.goakt.testsupport.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What an actor system writes to the operator's log: one line per failure with the supervisor's decision, paced by a
 * token bucket; dead letters with a count of those not written; a line at start and at stop.
 */
class SystemLogTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The message the test actors fail on. */
    record Deposit(int amount) {
    }

    private final RecordingLogSink sink = new RecordingLogSink();
    private final List<LocalActorSystem> systems = new ArrayList<>();

    @AfterEach
    void shutdown() {
        systems.forEach(s -> s.shutdown(WAIT));
    }

    private LocalActorSystem start(ActorSystemConfig config) {
        LocalActorSystem s = new LocalActorSystem("bank", config, sink, null);
        systems.add(s);
        return s;
    }

    /** Fails on {@link Deposit}, stops itself on "stop", answers anything else but {@code PostStart} with "pong". */
    static final class Account implements Actor {
        @Override
        public void receive(ReceiveContext ctx) {
            if (ctx.message() instanceof Deposit) {
                throw new IllegalStateException("boom");
            }
            if ("stop".equals(ctx.message())) {
                ctx.stop();
                return;
            }
            if (!(ctx.message() instanceof PostStart)) {
                ctx.respond("pong");
            }
        }
    }

    private static SpawnOptions supervised(SupervisorStrategy s) {
        return SpawnOptions.builder().supervisor(s).build();
    }

    private static SupervisorStrategy restartUpTo(int max) {
        return SupervisorStrategy.oneForOne().otherwise(Directive.RESTART).maxRestarts(max, Duration.ofMinutes(1))
                .build();
    }

    /** Answers once every earlier message, failures included, was handled and decided on. */
    private static void ping(LocalActorSystem system, ActorRef ref) throws Exception {
        assertThat(system.ask(ref, "ping", WAIT).toCompletableFuture().get(30, TimeUnit.SECONDS)).isEqualTo("pong");
    }

    private List<String> failureTexts() {
        return sink.failures().stream().map(RecordingLogSink.Line::text).toList();
    }

    @Test
    void failuresLogAtErrorAndDeadLettersAreOnByDefaultAndEachIsSetOnce() {
        ActorSystemConfig defaults = ActorSystemConfig.defaults();
        assertThat(defaults.failureLogLevel()).isEqualTo(LogLevel.ERROR);
        assertThat(defaults.logDeadLetters()).isTrue();
        assertThatThrownBy(() -> ActorSystemConfig.builder().failureLogLevel(LogLevel.WARN)
                .failureLogLevel(LogLevel.OFF)).isInstanceOf(IllegalStateException.class)
                .hasMessage("failureLogLevel is already set to WARN");
        assertThatThrownBy(() -> ActorSystemConfig.builder().logDeadLetters(false).logDeadLetters(true))
                .isInstanceOf(IllegalStateException.class).hasMessage("logDeadLetters is already set to false");
    }

    @Test
    void aRestartIsOneErrorLineWithPathMessageTypeDecisionAndStackTrace() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new, supervised(restartUpTo(10)));
        acc.tell(new Deposit(5), null);
        ping(system, acc);

        List<RecordingLogSink.Line> lines = sink.failures();
        assertThat(lines).hasSize(1);
        RecordingLogSink.Line line = lines.get(0);
        assertThat(line.level()).isEqualTo(LogLevel.ERROR);
        assertThat(line.text()).isEqualTo("goakt://bank/user/acc-1 failed on Deposit: "
                + "java.lang.IllegalStateException: boom; restarting (1 of 10 in 1m)");
        assertThat(line.cause()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).as("the failed message is in the failure line")
                .allSatisfy(l -> assertThat(l.level()).isEqualTo(LogLevel.DEBUG));
    }

    @Test
    void passingTheRestartLimitStopsAndSaysWhy() {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new, supervised(restartUpTo(2)));
        for (int i = 0; i < 3; i++) {
            acc.tell(new Deposit(i), null);
        }
        await().atMost(WAIT).until(() -> sink.failures().size() == 3);
        assertThat(failureTexts()).extracting(t -> t.substring(t.lastIndexOf("; ") + 2)).containsExactly(
                "restarting (1 of 2 in 1m)", "restarting (2 of 2 in 1m)", "stopping: 2 restarts within 1m exceeded");
    }

    @Test
    void aResumeSaysResuming() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new,
                supervised(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()));
        acc.tell(new Deposit(1), null);
        ping(system, acc);
        assertThat(failureTexts()).containsExactly(
                "goakt://bank/user/acc-1 failed on Deposit: java.lang.IllegalStateException: boom; resuming");
    }

    @Test
    void aTemporaryActorIsStoppedInsteadOfRestarted() {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new,
                SpawnOptions.builder().restartPolicy(RestartPolicy.TEMPORARY).build());
        acc.tell(new Deposit(1), null);
        await().atMost(WAIT).until(() -> sink.failures().size() == 1);
        assertThat(failureTexts().get(0)).endsWith("; stopping (temporary)");
    }

    @Test
    void aPermanentActorThatStopsItselfIsRestartedWithoutAStackTrace() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new,
                SpawnOptions.builder().restartPolicy(RestartPolicy.PERMANENT).build());
        acc.tell("stop", null);
        await().atMost(WAIT).until(() -> sink.failures().size() == 1);
        RecordingLogSink.Line line = sink.failures().get(0);
        assertThat(line.text()).isEqualTo("goakt://bank/user/acc-1 stopped itself and is permanent; "
                + "restarting (restart 1)");
        assertThat(line.cause()).isNull();
    }

    @Test
    void aBackoffShowsItsDelay() {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        ActorRef acc = system.spawn("acc-1", Account::new, supervised(SupervisorStrategy.oneForOne()
                .otherwise(Directive.RESTART).maxRestarts(5, Duration.ofMinutes(1))
                .backoff(Backoff.fixed(Duration.ofMillis(50))).build()));
        acc.tell(new Deposit(1), null);
        await().atMost(WAIT).until(() -> sink.failures().size() == 1);
        assertThat(failureTexts().get(0)).endsWith("; restarting in 50ms (1 of 5 in 1m)");
    }

    @Test
    void allForOneNamesTheSiblingsItRestarts() {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        SupervisorStrategy all = SupervisorStrategy.allForOne().otherwise(Directive.RESTART)
                .maxRestarts(5, Duration.ofMinutes(1)).build();
        system.spawn("bank", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("acc-1", Account::new, supervised(all));
                ctx.spawnChild("acc-2", Account::new, supervised(all));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.defaults());
        system.actorOf("bank/acc-1").tell(new Deposit(1), null);
        await().atMost(WAIT).until(() -> sink.failures().size() == 1);
        assertThat(failureTexts().get(0)).isEqualTo("goakt://bank/user/bank/acc-1 failed on Deposit: "
                + "java.lang.IllegalStateException: boom; restarting with its 1 sibling (1 of 5 in 1m)");
    }

    @Test
    void anEscalationLogsTheFailureOnceWithItsTraceAndEachDecisionAfter() {
        LocalActorSystem system = start(ActorSystemConfig.defaults());
        system.spawn("bank", () -> new Actor() {
            @Override
            public void preStart(Context ctx) {
                ctx.spawnChild("acc-1", Account::new,
                        supervised(SupervisorStrategy.oneForOne().otherwise(Directive.ESCALATE).build()));
            }

            @Override
            public void receive(ReceiveContext ctx) {
            }
        }, SpawnOptions.defaults());
        system.actorOf("bank/acc-1").tell(new Deposit(1), null);
        await().atMost(WAIT).until(() -> sink.failures().size() == 2);
        List<RecordingLogSink.Line> lines = sink.failures();
        assertThat(lines.get(0).text()).isEqualTo("goakt://bank/user/bank/acc-1 failed on Deposit: "
                + "java.lang.IllegalStateException: boom; escalating to goakt://bank/user");
        assertThat(lines.get(0).cause()).isInstanceOf(IllegalStateException.class);
        assertThat(lines.get(1).text()).isEqualTo("goakt://bank/user/bank failed by escalation from "
                + "goakt://bank/user/bank/acc-1: java.lang.IllegalStateException: boom; restarting (restart 1)");
        assertThat(lines.get(1).cause()).as("the stack trace is in the first line").isNull();
    }

    @Test
    void theConfiguredLevelApplies() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.builder().failureLogLevel(LogLevel.WARN).build());
        ActorRef acc = system.spawn("acc-1", Account::new, SpawnOptions.defaults());
        acc.tell(new Deposit(1), null);
        ping(system, acc);
        assertThat(sink.failures()).extracting(RecordingLogSink.Line::level).containsExactly(LogLevel.WARN);
    }

    @Test
    void offLogsNoFailure() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.builder().failureLogLevel(LogLevel.OFF).build());
        ActorRef acc = system.spawn("acc-1", Account::new, SpawnOptions.defaults());
        acc.tell(new Deposit(1), null);
        ping(system, acc);
        system.shutdown(WAIT);
        assertThat(sink.lines(SystemLog.Kind.FAILURE)).isEmpty();
    }

    @Test
    void aCrashLoopWritesTheBurstThenASummaryOfTheRest() throws Exception {
        ManualScheduler time = new ManualScheduler();
        LocalActorSystem system = start(ActorSystemConfig.builder().scheduler(time).build());
        ActorRef acc = system.spawn("acc-1", Account::new,
                supervised(SupervisorStrategy.oneForOne().otherwise(Directive.RESUME).build()));
        for (int i = 0; i < SystemLog.FAILURE_BURST + 5; i++) {
            acc.tell(new Deposit(i), null);
        }
        ping(system, acc);
        assertThat(sink.failures()).hasSize(SystemLog.FAILURE_BURST);
        assertThat(sink.suppressedFailures()).isZero();

        time.advance(Duration.ofSeconds(1));
        assertThat(sink.lines(SystemLog.Kind.FAILURE).get(SystemLog.FAILURE_BURST).text())
                .isEqualTo("suppressed 5 failure log lines in the last 1s");
        acc.tell(new Deposit(99), null);
        ping(system, acc);
        assertThat(sink.failures()).as("a second earned one line").hasSize(SystemLog.FAILURE_BURST + 1);
    }

    @Test
    void deadLettersAreCountedAndSummedUp() {
        ManualScheduler time = new ManualScheduler();
        LocalActorSystem system = start(ActorSystemConfig.builder().scheduler(time).build());
        ActorRef nobody = system.actorOf("acc-9");
        for (int i = 0; i < SystemLog.DEAD_LETTER_BURST + 41; i++) {
            nobody.tell(new Deposit(i), null);
        }
        await().atMost(WAIT).until(() -> system.deadLetterCount() == SystemLog.DEAD_LETTER_BURST + 41);
        List<RecordingLogSink.Line> lines = sink.lines(SystemLog.Kind.DEAD_LETTER);
        assertThat(lines).hasSize(SystemLog.DEAD_LETTER_BURST).allSatisfy(l -> {
            assertThat(l.level()).isEqualTo(LogLevel.INFO);
            assertThat(l.text()).isEqualTo("dead letter: Deposit from no sender to goakt://bank/user/acc-9 "
                    + "(no such actor)");
        });
        time.advance(Duration.ofSeconds(10));
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).last().extracting(RecordingLogSink.Line::text)
                .isEqualTo("dead letters: 41 more dead letters in the last 10s not logged");
    }

    @Test
    void deadLettersCanBeSwitchedOff() {
        LocalActorSystem system = start(ActorSystemConfig.builder().logDeadLetters(false).build());
        system.actorOf("acc-9").tell(new Deposit(1), null);
        await().atMost(WAIT).until(() -> system.deadLetterCount() == 1);
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).isEmpty();
    }

    @Test
    void theNextDeadLetterLineCarriesTheCountOfThoseNotLogged() {
        AtomicLong clock = new AtomicLong();
        SystemLog log = new SystemLog(LogLevel.ERROR, true, sink, clock::get, null);
        for (int i = 0; i < SystemLog.DEAD_LETTER_BURST + 3; i++) {
            log.deadLetter(new Deposit(i), null, null, DeadLetter.Reason.MAILBOX_FULL, false);
        }
        clock.addAndGet(TimeUnit.SECONDS.toNanos(10));
        log.deadLetter(new Deposit(0), null, null, DeadLetter.Reason.MAILBOX_FULL, false);
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).hasSize(SystemLog.DEAD_LETTER_BURST + 1).last()
                .extracting(RecordingLogSink.Line::text).isEqualTo("dead letter: Deposit from no sender to nobody "
                        + "(mailbox full); 3 more dead letters in the last 10s not logged");
    }

    @Test
    void deadLettersWhileStoppingAreDebugOnlyAndNotCounted() {
        AtomicLong clock = new AtomicLong();
        SystemLog log = new SystemLog(LogLevel.ERROR, true, sink, clock::get, null);
        for (int i = 0; i < SystemLog.DEAD_LETTER_BURST + 3; i++) {
            log.deadLetter(new Deposit(i), null, null, DeadLetter.Reason.ACTOR_STOPPED, true);
        }
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).hasSize(SystemLog.DEAD_LETTER_BURST + 3)
                .allSatisfy(l -> assertThat(l.level()).isEqualTo(LogLevel.DEBUG));
        log.flush();
        assertThat(sink.lines(SystemLog.Kind.DEAD_LETTER)).hasSize(SystemLog.DEAD_LETTER_BURST + 3);
    }

    @Test
    void startAndStopEachWriteOneInfoLine() throws Exception {
        LocalActorSystem system = start(ActorSystemConfig.builder().parallelism(2).build());
        assertThat(sink.lines(SystemLog.Kind.LIFECYCLE)).extracting(RecordingLogSink.Line::text)
                .containsExactly("actor system bank started: dispatcher default (parallelism 2, throughput 64)");
        ping(system, system.spawn("acc-1", Account::new, SpawnOptions.defaults()));
        system.shutdown(WAIT);
        List<RecordingLogSink.Line> lines = sink.lines(SystemLog.Kind.LIFECYCLE);
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l.level()).isEqualTo(LogLevel.INFO));
        assertThat(lines.get(1).text()).matches("actor system bank stopped: drained 1 actor in \\d+ ms");
    }
}
