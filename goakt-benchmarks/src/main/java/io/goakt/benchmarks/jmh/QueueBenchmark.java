package io.goakt.benchmarks.jmh;

import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jctools.queues.MpscUnboundedXaddArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;

/**
 * The mailbox queue in its real shape: {@value #PRODUCERS} producer threads offer envelopes while one consumer
 * polls (JMH group {@code mpsc}; change the split with {@code -tg P,1}). It compares goakt's intrusive
 * {@link MessageQueue#unbounded()} with JCTools' {@link MpscUnboundedXaddArrayQueue}. Both offer a freshly allocated
 * {@link Envelope} per message, since the runtime needs one to carry message and sender whichever queue holds it.
 *
 * <p>The queues are unbounded, so producers that outrun the consumer would fill the heap and measure the GC. Each
 * producer therefore waits while the backlog it can attribute to itself exceeds {@value #MAX_BACKLOG} envelopes;
 * the consumer publishes its count only every 1024 polls so that this check adds no shared write per message.
 *
 * <p>Scores: {@code offer} and {@code poll} are calls per second per role; the {@code polled} counter is the
 * messages that actually came out (the consumer's calls that found the queue empty are in {@code empty}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class QueueBenchmark {

    static final int PRODUCERS = 2;
    static final int MAX_BACKLOG = 64 * 1024;
    private static final Object MESSAGE = "m";

    /** The queue under test, one per group and iteration. */
    @State(Scope.Group)
    public static class Queues {
        /** Which queue: {@code goakt} or {@code jctools}. */
        @Param({"goakt", "jctools"})
        public String impl;

        /** Chunk size of the JCTools queue (ignored for goakt). */
        @Param({"128"})
        public int chunk;

        private boolean useGoakt;
        private MessageQueue goakt;
        private MpscUnboundedXaddArrayQueue<Envelope> jctools;
        private final AtomicLong consumed = new AtomicLong();

        /** A fresh, empty queue for each iteration. */
        @Setup(Level.Iteration)
        public void setUp() {
            useGoakt = "goakt".equals(impl);
            goakt = MessageQueue.unbounded();
            jctools = new MpscUnboundedXaddArrayQueue<>(chunk);
            consumed.set(0);
        }

        boolean offer(Envelope e) {
            return useGoakt ? goakt.offer(e) : jctools.offer(e);
        }

        Envelope poll() {
            return useGoakt ? goakt.poll() : jctools.poll();
        }
    }

    /** Per producer: how many it has sent, to bound the backlog. */
    @State(Scope.Thread)
    public static class ProducerState {
        long sent;

        /** Resets the count with the queue. */
        @Setup(Level.Iteration)
        public void setUp() {
            sent = 0;
        }
    }

    /** Per consumer: messages polled and empty polls. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ConsumerCounters {
        /** Polls that returned an envelope. */
        public long polled;
        /** Polls that found the queue empty. */
        public long empty;

        /** Resets the counters. */
        @Setup(Level.Iteration)
        public void setUp() {
            polled = 0;
            empty = 0;
        }
    }

    /** A producer: one new envelope offered. */
    @Benchmark
    @Group("mpsc")
    @GroupThreads(PRODUCERS)
    public boolean offer(Queues q, ProducerState p, Control control) {
        // Symmetric producers: my share of the backlog is sent - consumed / producers.
        while (p.sent - q.consumed.getOpaque() / PRODUCERS > MAX_BACKLOG && !control.stopMeasurement) {
            Thread.yield();
        }
        p.sent++;
        return q.offer(new Envelope(MESSAGE, null));
    }

    /** The consumer: one poll. */
    @Benchmark
    @Group("mpsc")
    @GroupThreads(1)
    public Envelope poll(Queues q, ConsumerCounters c) {
        Envelope e = q.poll();
        if (e == null) {
            c.empty++;
            Thread.onSpinWait();
        } else if ((++c.polled & 1023) == 0) {
            // Opaque store: producers read it with an opaque load; staleness only delays them a little.
            q.consumed.setOpaque(c.polled);
        }
        return e;
    }
}
