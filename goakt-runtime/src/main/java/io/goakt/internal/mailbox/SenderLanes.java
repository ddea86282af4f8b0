package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The default queue of a mailbox that several threads keep sending to at once, spread over lanes: one linked queue
 * per group of sending threads, each on its own cache lines.
 *
 * <h2>The problem</h2>
 * Every send to the default queue exchanges the same {@code tail} reference. Senders on different cores then take
 * turns owning that one cache line, and a send costs a cross-core transfer: on two cores with four outside threads
 * telling one actor, JFR put 95% of the senders' samples right after that exchange (about 195 ns a send), and the
 * senders' share of the CPU starved the actor.
 *
 * <h2>The approach</h2>
 * A mailbox whose base queue keeps seeing contention switches, once and for good, to lanes: a sending thread picks
 * its lane from its thread id, so senders on different lanes write different lines, and each thread's messages stay
 * in one lane, in the order sent. Per sender is the only order an actor promises, so the consumer may take the lanes
 * round-robin, a burst of up to {@value #BURST} from each. The mailbox keeps its base queue (an idle or uncontended
 * actor pays nothing for any of this).
 *
 * <h2>The switch</h2>
 * A sender that read the mailbox as not yet switched may still add one message to the base queue after the switch;
 * its next message goes to its lane. So the consumer takes the base queue first, and before it takes a message from
 * a lane it looks at the base queue again: a message it sees in a lane was added after everything that same thread
 * had put in the base queue (the thread's program order, and the lane's tail exchange publishes it), so a base
 * message of that thread is visible by then and goes first. So lanes are served only while the base queue is empty:
 * a base message still being added (its sender between its two stores) holds the lanes up too, because other
 * threads' complete messages may wait behind it there. The base queue only ever gets the few messages sent across
 * the switch, so this costs nothing after it.
 *
 * <h2>Threading</h2>
 * {@link #offer} from any thread; {@link #pollNoWait}, {@link #pollWaiting} and {@link #hasMessages} by the mailbox's
 * consumer only; {@link #size} from any thread, an estimate.
 */
public final class SenderLanes extends SenderLanesCursorPad {

    // A lane is the default queue with its head and its tail on different cache lines, and padded from its
    // neighbours: the sender exchanges the tail on every send, the consumer moves the head on every take, and with
    // both on one line every take would pull the line from the sender's core. The fields are spread over a class
    // chain because the JVM lays out a class's own fields by size, but a superclass's fields before a subclass's.
    // Each pad is PAD_LONGS longs, one CACHE_LINE_BYTES line: Java cannot size fields by a constant, so the pads
    // spell the count out and these constants name it.

    /** The cache line the padding assumes (x86-64 and most ARM cores; Apple's M-series lines are 128 bytes). */
    static final int CACHE_LINE_BYTES = 64;
    /** Longs in one pad: one {@link #CACHE_LINE_BYTES} line. */
    static final int PAD_LONGS = CACHE_LINE_BYTES / Long.BYTES;

    /** The consumer's end of a lane, after a pad of {@link #PAD_LONGS} longs. */
    abstract static class LaneHead {
        @SuppressWarnings("unused")
        private long h1, h2, h3, h4, h5, h6, h7, h8;
        /** Reached through {@link Lane#HEAD} only. */
        @SuppressWarnings("unused")
        Envelope head;
    }

    /** Padding between the two ends: {@link #PAD_LONGS} longs. */
    @SuppressWarnings("unused")
    abstract static class LanePad extends LaneHead {
        private long p1, p2, p3, p4, p5, p6, p7, p8;
    }

    /** The senders' end of a lane. */
    abstract static class LaneTail extends LanePad {
        /** Reached through {@link Lane#TAIL} only. */
        @SuppressWarnings("unused")
        Envelope tail;
    }

    /** A lane: the default queue's algorithm on the fields above. */
    @SuppressWarnings("unused")
    static final class Lane extends LaneTail implements LinkedEnvelopeQueue {
        private static final VarHandle HEAD;
        private static final VarHandle TAIL;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                HEAD = l.findVarHandle(LaneHead.class, "head", Envelope.class);
                TAIL = l.findVarHandle(LaneTail.class, "tail", Envelope.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private long t1, t2, t3, t4, t5, t6, t7, t8;

        @Override
        public Envelope headAcquire() {
            return (Envelope) HEAD.getAcquire(this);
        }

        @Override
        public void headRelease(Envelope h) {
            HEAD.setRelease(this, h);
        }

        @Override
        public Envelope tailVolatile() {
            return (Envelope) TAIL.getVolatile(this);
        }

        @Override
        public Envelope tailGetAndSet(Envelope t) {
            return (Envelope) TAIL.getAndSet(this, t);
        }

        @Override
        public boolean tailCompareAndSet(Envelope expect, Envelope update) {
            return TAIL.compareAndSet(this, expect, update);
        }
    }

    /** Most envelopes the consumer takes from one lane before it serves the next busy one. */
    static final int BURST = 16;

    // The consumer's cursor, written on every take; off the senders' line (see SenderLanesCursorPad). Longs, so that
    // the JVM cannot put them in the 4-byte gap it leaves among the superclass's fields.
    private long next;
    private long burst;

    /** {@code count} lanes, a power of two. */
    public SenderLanes(int count) {
        super(count);
    }

    /** Fewest lanes a mailbox spreads its senders over. */
    static final int MIN_LANES = 4;
    /** Most lanes a mailbox spreads its senders over: more only cost the consumer a longer scan. */
    static final int MAX_LANES = 16;

    /**
     * The lane count for a machine of {@code cores}: the next power of two, between {@value #MIN_LANES} and
     * {@value #MAX_LANES}.
     */
    public static int countFor(int cores) {
        int n = Integer.highestOneBit(Math.max(1, cores - 1)) << 1;
        return Math.max(MIN_LANES, Math.min(MAX_LANES, n));
    }

    /** The lanes themselves, for tests in this package. */
    Lane[] lanes() {
        return lanes;
    }

    /**
     * The lane of the calling thread. Consecutive thread ids (threads started together) land on different lanes.
     * Thread ids are never reused within a JVM's life, so a thread keeps its lane.
     */
    int laneOfCurrentThread() {
        return (int) Thread.currentThread().getId() & mask;
    }

    /** Adds to the calling thread's lane; any thread. The tail exchange is a full fence, as for the base queue. */
    public void offer(Envelope envelope) {
        lanes[laneOfCurrentThread()].offerLinked(envelope);
    }

    /**
     * Adds {@code envelopes}, in their order, to the calling thread's lane with one exchange (see
     * {@link LinkedEnvelopeQueue#offerChain}); any thread. The envelopes must be new and held by nobody else.
     */
    public void offerAll(Envelope[] envelopes) {
        if (envelopes.length == 0) {
            return;
        }
        LinkedEnvelopeQueue.linkChain(envelopes);
        lanes[laneOfCurrentThread()].offerChain(envelopes[0], envelopes[envelopes.length - 1]);
    }

    /**
     * The next envelope: from {@code base} while it has any (see the class comment), else from the lanes
     * round-robin; null when nothing can be taken now. Never waits for a sender in the middle of adding a message:
     * such a message stays for a later call, and {@link #hasMessages()} (or the base queue's) says true meanwhile.
     * Consumer only.
     */
    public Envelope pollNoWait(ConsumerEnd base) {
        Envelope e = base.pollNoWait();
        if (e != null || base.hasQueued()) {
            return e; // the base queue goes first, even when its next message is still being added
        }
        for (int i = 0, n = lanes.length; i < n; i++) {
            int k = ((int) next + i) & mask;
            Lane lane = lanes[k];
            if (!lane.hasLinked()) {
                continue;
            }
            // The lane's tail, just read, was exchanged after everything its senders had put in the base queue, so
            // an empty base queue now means none of that is left there.
            if (base.hasQueued()) {
                return base.pollNoWait();
            }
            e = lane.pollLinkedNoWait();
            if (e != null) {
                // Stay on this lane for a burst: its envelopes were allocated one after the other by the same
                // thread, and its head line is already here.
                if (k != next) {
                    next = k;
                    burst = 1;
                } else if (++burst >= BURST) {
                    next = (k + 1) & mask;
                    burst = 0;
                }
                return e;
            }
        }
        return null;
    }

    /** The next envelope from the lanes, waiting for one a sender is adding; for draining a stopped actor. */
    public Envelope pollWaiting() {
        for (Lane lane : lanes) {
            Envelope e = lane.pollLinked();
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    /** True when a lane holds an envelope or one is being added. Consumer side. */
    public boolean hasMessages() {
        for (Lane lane : lanes) {
            if (lane.hasLinked()) {
                return true;
            }
        }
        return false;
    }

    /** Envelopes in the lanes; an estimate, linear in the size. Any thread. */
    public int size() {
        long total = 0;
        for (Lane lane : lanes) {
            total += lane.sizeLinked();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }
}
