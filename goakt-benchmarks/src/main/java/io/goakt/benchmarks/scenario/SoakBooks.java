package io.goakt.benchmarks.scenario;

import io.goakt.actor.DeadLetter;
import io.goakt.benchmarks.scenario.SoakWorkload.Work;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters every thread of the run adds to; {@link #snapshot} reads them one after the other. The driver's
 * books also hold {@code soak-b}'s last {@link SoakPeer.Report}, whose handled work and dead letters count with
 * this JVM's in {@link #lost}, {@link #deadLettered} and the snapshot.
 */
final class SoakBooks {
    final LongAdder accepted = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder handled = new LongAdder();
    final LongAdder asksIssued = new LongAdder();
    final LongAdder asksReplied = new LongAdder();
    final LongAdder asksFailed = new LongAdder();
    final LongAdder spawned = new LongAdder();
    final LongAdder stopped = new LongAdder();
    final LongAdder activations = new LongAdder();
    final LongAdder deactivations = new LongAdder();
    final LongAdder remoteTells = new LongAdder();
    final LongAdder remoteAsks = new LongAdder();
    final AtomicLong otherDeadLetters = new AtomicLong();
    /** {@code soak-b}'s counts as last reported; only the driver thread writes it. */
    volatile SoakPeer.Report peer = SoakPeer.Report.NONE;
    /** Ask round trips in microseconds, replied or failed. */
    private final Recorder askLatency = new Recorder(3);
    private final Histogram askLatencyTotal = new Histogram(3);

    /** The ask latencies recorded since the previous call, added to the run's total too; driver thread only. */
    Histogram askLatencyInterval() {
        Histogram h = askLatency.getIntervalHistogram();
        askLatencyTotal.add(h);
        return h;
    }

    /** Every ask latency handed out by {@link #askLatencyInterval}. */
    Histogram askLatencyTotal() {
        return askLatencyTotal;
    }
    private final Map<DeadLetter.Reason, LongAdder> deadLetters = new EnumMap<>(DeadLetter.Reason.class);

    SoakBooks() {
        for (DeadLetter.Reason r : DeadLetter.Reason.values()) {
            deadLetters.put(r, new LongAdder());
        }
    }

    void deadLetter(DeadLetter d) {
        if (d.message() instanceof Work w && w.seq() >= 0) {
            deadLetters.get(d.reason()).increment();
        } else {
            otherDeadLetters.incrementAndGet();
        }
    }

    void askDone(long startNanos, Throwable error) {
        askLatency.recordValue(Math.max(0, System.nanoTime() - startNanos) / 1000);
        if (error == null) {
            asksReplied.increment();
        } else {
            asksFailed.increment();
        }
    }

    /** This JVM's dead letters of the workload's messages, by reason, leaving out reasons never seen. */
    Map<DeadLetter.Reason, Long> deadLetterCounts() {
        Map<DeadLetter.Reason, Long> byReason = new EnumMap<>(DeadLetter.Reason.class);
        deadLetters.forEach((r, n) -> {
            if (n.sum() > 0) {
                byReason.put(r, n.sum());
            }
        });
        return byReason;
    }

    long deadLettered() {
        return deadLetters.values().stream().mapToLong(LongAdder::sum).sum() + peer.deadLettered();
    }

    long open() {
        return asksIssued.sum() - asksReplied.sum() - asksFailed.sum();
    }

    long lost() {
        return accepted.sum() - handled.sum() - peer.handled() - deadLettered();
    }

    Snapshot snapshot() {
        SoakPeer.Report p = peer;
        Map<DeadLetter.Reason, Long> byReason = deadLetterCounts();
        p.deadLetters().forEach((r, n) -> byReason.merge(r, n, Long::sum));
        long dead = byReason.values().stream().mapToLong(Long::longValue).sum();
        return new Snapshot(accepted.sum(), refused.sum(), handled.sum() + p.handled(), dead, byReason,
                otherDeadLetters.get() + p.otherDeadLetters(), asksIssued.sum(), asksReplied.sum(),
                asksFailed.sum(), open(), spawned.sum(), stopped.sum(), activations.sum(), deactivations.sum(),
                remoteTells.sum(), remoteAsks.sum(), p.handled());
    }

    /** The counters at one moment (read one after the other). */
    record Snapshot(long accepted, long refused, long handled, long deadLettered,
                    Map<DeadLetter.Reason, Long> deadLetters, long otherDeadLetters, long asksIssued,
                    long asksReplied, long asksFailed, long asksOpen, long spawned, long stopped,
                    long activations, long deactivations, long remoteTells, long remoteAsks,
                    long peerHandled) {

        /** Accepted work neither handled nor dead-lettered. */
        long lost() {
            return accepted - handled - deadLettered;
        }
    }
}
