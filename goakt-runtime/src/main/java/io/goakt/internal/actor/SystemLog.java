package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ActorSystem;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.LogLevel;
import io.goakt.dispatch.Scheduler;
import io.goakt.supervision.SupervisorStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What one actor system tells the operator's log: each actor failure with its supervisor's decision, dead letters,
 * start and stop. Failure and dead-letter lines each pass their own {@link LogBucket}, so a crash loop or a flood of
 * dead letters writes a few lines and then a count of the ones it did not write; nothing is lost from the count.
 *
 * <p>Lines go to a {@link Sink}: {@link Sink#slf4j()} in production, an in-memory one in tests. The loggers are
 * {@code io.goakt.supervision.SupervisorStrategy} (failures), {@code io.goakt.actor.DeadLetter} and
 * {@code io.goakt.actor.ActorSystem} (start and stop).
 *
 * <h2>Threading</h2>
 * Any thread. Failure lines come from the failing actor's parent, dead letters from any sender; neither path is the
 * message hot path. A dead letter whose line is refused allocates nothing.
 */
public final class SystemLog {

    /** Failure lines written at once after a quiet time. */
    static final int FAILURE_BURST = 10;
    /** One more failure line per second after the burst. */
    static final long FAILURE_REFILL_NANOS = 1_000_000_000L;
    /** Dead-letter lines written at once after a quiet time. */
    static final int DEAD_LETTER_BURST = 10;
    /** One more dead-letter line per ten seconds after the burst. */
    static final long DEAD_LETTER_REFILL_NANOS = 10_000_000_000L;

    /** What a line is about; the SLF4J sink picks its logger by it. */
    public enum Kind {
        /** An actor failed; the line carries the supervisor's decision. */
        FAILURE,
        /** A message could not be delivered. */
        DEAD_LETTER,
        /** The system started or stopped. */
        LIFECYCLE
    }

    /** Where lines go. Implementations are called from any thread. */
    public interface Sink {

        /** Whether a line of {@code kind} at {@code level} would be written; false spares building it. */
        boolean isEnabled(Kind kind, LogLevel level);

        /** Writes one line; {@code cause}, when not null, is written with its stack trace. */
        void log(Kind kind, LogLevel level, String line, Throwable cause);

        /** The production sink: SLF4J, one logger per {@link Kind}. */
        static Sink slf4j() {
            return Slf4jSink.INSTANCE;
        }
    }

    private final LogLevel failureLevel;
    private final boolean deadLetters;
    private final Sink sink;
    private final LogBucket failureBucket;
    private final LogBucket deadLetterBucket;
    private final Scheduler scheduler;

    /**
     * @param scheduler runs the summary of refused lines once their bucket refills; null for none (then only the
     *                  next written line or {@link #flush()} reports them)
     */
    SystemLog(LogLevel failureLevel, boolean deadLetters, Sink sink, LongSupplier clock, Scheduler scheduler) {
        this(failureLevel, deadLetters, sink, clock, scheduler,
                new LogBucket(FAILURE_BURST, FAILURE_REFILL_NANOS, clock),
                new LogBucket(DEAD_LETTER_BURST, DEAD_LETTER_REFILL_NANOS, clock));
    }

    SystemLog(LogLevel failureLevel, boolean deadLetters, Sink sink, LongSupplier clock, Scheduler scheduler,
              LogBucket failureBucket, LogBucket deadLetterBucket) {
        this.failureLevel = failureLevel;
        this.deadLetters = deadLetters;
        this.sink = sink;
        this.scheduler = scheduler;
        this.failureBucket = failureBucket;
        this.deadLetterBucket = deadLetterBucket;
    }

    // ------------------------------------------------------------------ failures

    /** Whether failure lines are written at all; callers skip building the line when not. */
    boolean logsFailures() {
        return failureLevel != LogLevel.OFF && sink.isEnabled(Kind.FAILURE, failureLevel);
    }

    /**
     * One failure and what its supervisor decided: {@code "<path> failed on <message>: <decision>"} with the stack
     * trace of {@code cause} (null for none), subject to the failure bucket.
     */
    void failure(String line, Throwable cause) {
        if (!logsFailures()) {
            return;
        }
        LogBucket.Grant g = failureBucket.acquire();
        if (!g.granted()) {
            if (g == LogBucket.REFUSED_FIRST) {
                scheduleSummary(this::flushFailures, failureBucket);
            }
            return;
        }
        if (g.suppressed() > 0) {
            failureSummary(g);
        }
        sink.log(Kind.FAILURE, failureLevel, line, cause);
    }

    private void flushFailures() {
        LogBucket.Grant g = failureBucket.drain();
        if (g != null) {
            failureSummary(g);
        }
    }

    private void failureSummary(LogBucket.Grant g) {
        sink.log(Kind.FAILURE, failureLevel, "suppressed " + g.suppressed() + " failure log "
                + (g.suppressed() == 1 ? "line" : "lines") + " in the last " + span(g.sinceNanos()), null);
    }

    // ------------------------------------------------------------------ dead letters

    /**
     * A dead letter: an {@code INFO} line, subject to the dead-letter bucket, or a {@code DEBUG} one outside the
     * bucket while the system stops and for the message an actor failed on (its failure line already names it).
     */
    void deadLetter(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason, boolean stopping) {
        if (!deadLetters) {
            return;
        }
        if (stopping || reason == DeadLetter.Reason.FAILED) {
            if (sink.isEnabled(Kind.DEAD_LETTER, LogLevel.DEBUG)) {
                sink.log(Kind.DEAD_LETTER, LogLevel.DEBUG, deadLetterLine(message, sender, receiver, reason), null);
            }
            return;
        }
        if (!sink.isEnabled(Kind.DEAD_LETTER, LogLevel.INFO)) {
            return;
        }
        LogBucket.Grant g = deadLetterBucket.acquire();
        if (!g.granted()) {
            if (g == LogBucket.REFUSED_FIRST) {
                scheduleSummary(this::flushDeadLetters, deadLetterBucket);
            }
            return;
        }
        String line = deadLetterLine(message, sender, receiver, reason);
        if (g.suppressed() > 0) {
            line = line + "; " + deadLetterCount(g);
        }
        sink.log(Kind.DEAD_LETTER, LogLevel.INFO, line, null);
    }

    private void flushDeadLetters() {
        LogBucket.Grant g = deadLetterBucket.drain();
        if (g != null) {
            sink.log(Kind.DEAD_LETTER, LogLevel.INFO, "dead letters: " + deadLetterCount(g), null);
        }
    }

    private static String deadLetterCount(LogBucket.Grant g) {
        return g.suppressed() + " more dead " + (g.suppressed() == 1 ? "letter" : "letters") + " in the last "
                + span(g.sinceNanos()) + " not logged";
    }

    private static String deadLetterLine(Object message, ActorRef sender, ActorRef receiver, DeadLetter.Reason reason) {
        return "dead letter: " + typeName(WithHeaders.unwrap(message)) + " from "
                + (sender == null ? "no sender" : sender.address()) + " to "
                + (receiver == null ? "nobody" : receiver.address()) + " (" + reasonText(reason) + ")";
    }

    static String reasonText(DeadLetter.Reason reason) {
        return switch (reason) {
            case ACTOR_STOPPED -> "actor stopped";
            case UNKNOWN_ACTOR -> "no such actor";
            case UNHANDLED -> "unhandled";
            case FAILED -> "the receiver failed on it";
            case NO_SENDER -> "reply without a sender";
            case ASK_COMPLETED -> "ask already completed";
            case MAILBOX_FULL -> "mailbox full";
        };
    }

    // ------------------------------------------------------------------ start and stop

    /** An {@code INFO} line about the system's start or stop; never rate-limited. */
    void lifecycle(String line) {
        if (sink.isEnabled(Kind.LIFECYCLE, LogLevel.INFO)) {
            sink.log(Kind.LIFECYCLE, LogLevel.INFO, line, null);
        }
    }

    /** Writes the counts of refused lines now; the system calls it as it stops. */
    void flush() {
        flushFailures();
        flushDeadLetters();
    }

    private void scheduleSummary(Runnable summary, LogBucket bucket) {
        if (scheduler == null) {
            return;
        }
        try {
            scheduler.schedule(Duration.ofNanos(bucket.refillNanos()), summary);
        } catch (RuntimeException e) {
            // The scheduler has stopped with the system; flush() at the stop reports the count.
        }
    }

    // ------------------------------------------------------------------ text

    /** The simple class name, or the full one for a class without one (anonymous, lambda). */
    static String typeName(Object message) {
        if (message == null) {
            return "null";
        }
        Class<?> c = message.getClass();
        String simple = c.getSimpleName();
        return simple.isEmpty() || c.isSynthetic() ? c.getName() : simple;
    }

    /** A duration as an operator reads it: {@code 250ms}, {@code 10s}, {@code 1m}, {@code 2h}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms > 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        }
        if (ms > 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        }
        if (ms > 0 && ms % 1_000L == 0) {
            return ms / 1_000L + "s";
        }
        return ms + "ms";
    }

    /** Elapsed time for a summary, whole seconds from one second on. */
    static String span(long nanos) {
        long ms = Math.max(0, nanos / 1_000_000L);
        return ms < 1_000 ? ms + "ms" : (ms + 500) / 1_000 + "s";
    }

    /** SLF4J, one logger per kind: the class whose behaviour the line reports. */
    private static final class Slf4jSink implements Sink {
        static final Slf4jSink INSTANCE = new Slf4jSink();
        private final Logger failures = LoggerFactory.getLogger(SupervisorStrategy.class);
        private final Logger deadLetters = LoggerFactory.getLogger(DeadLetter.class);
        private final Logger lifecycle = LoggerFactory.getLogger(ActorSystem.class);

        private Logger logger(Kind kind) {
            return switch (kind) {
                case FAILURE -> failures;
                case DEAD_LETTER -> deadLetters;
                case LIFECYCLE -> lifecycle;
            };
        }

        @Override
        public boolean isEnabled(Kind kind, LogLevel level) {
            Logger l = logger(kind);
            return switch (level) {
                case ERROR -> l.isErrorEnabled();
                case WARN -> l.isWarnEnabled();
                case INFO -> l.isInfoEnabled();
                case DEBUG -> l.isDebugEnabled();
                case OFF -> false;
            };
        }

        @Override
        public void log(Kind kind, LogLevel level, String line, Throwable cause) {
            Logger l = logger(kind);
            switch (level) {
                case ERROR -> l.error(line, cause);
                case WARN -> l.warn(line, cause);
                case INFO -> l.info(line, cause);
                case DEBUG -> l.debug(line, cause);
                case OFF -> { }
            }
        }
    }
}
