package io.goakt.internal.mailbox;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A block of {@link SlotQueue} positions: each slot holds a message and its sender, so a queued message costs two
 * references here instead of an envelope object. Segments of one epoch form a singly linked list; the first is
 * {@value #FIRST_CAPACITY} slots and each next one doubles, up to {@value #MAX_CAPACITY}, so that an actor that
 * rarely has more than a couple of messages waiting allocates little, and a long backlog costs about 9 bytes a message
 * besides the message itself.
 *
 * <p>Threading: a slot is written once, by the producer that claimed its position (sender with a plain store, then
 * message with a release store), and read and cleared by the consumer (message with an acquire load). {@code next}
 * is set once, by CAS, by whichever producer first needs the next segment.
 */
public final class SlotSegment {

    /** Slots in the first segment of an epoch. */
    static final int FIRST_CAPACITY = 2;
    /** Slots in a segment at most. */
    static final int MAX_CAPACITY = 32;
    /** Index of the first segment that has {@link #MAX_CAPACITY} slots. */
    private static final int FIRST_FULL_INDEX = 4;
    /** Positions held by the segments before {@link #FIRST_FULL_INDEX}: 2 + 4 + 8 + 16. */
    private static final int POSITIONS_BEFORE_FULL = (FIRST_CAPACITY << FIRST_FULL_INDEX) - FIRST_CAPACITY;

    private static final VarHandle NEXT;
    private static final VarHandle HINT;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            NEXT = l.findVarHandle(SlotSegment.class, "next", SlotSegment.class);
            HINT = l.findVarHandle(SlotSegment.class, "hint", SlotSegment.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The queue epoch this segment belongs to; a segment is never used in another epoch. */
    final int epoch;
    /** The segment's place in its epoch's list, from 0. */
    final int index;
    /** The first segment position (0-based, after the queue's inline slot) this segment holds. */
    final int start;
    /** Message of slot {@code j} at {@code 2j}, its sender at {@code 2j + 1}. */
    private final Object[] slots;
    /** Reached through NEXT only. */
    @SuppressWarnings("unused")
    private SlotSegment next;
    /**
     * While this is the first segment in use: the segment a producer last wrote to, or null; where producers start
     * looking for theirs (see {@link SlotQueue}). Reached through HINT only.
     */
    @SuppressWarnings("unused")
    private SlotSegment hint;
    /**
     * Consumer only: what the last {@link #touch} found. The queue ignores the answer; storing it here is what keeps
     * the JIT from dropping loads whose only purpose is to bring the messages into the cache. Fills the 4 bytes the
     * header and the other fields leave before the segment's 8-byte alignment.
     */
    @SuppressWarnings("unused")
    private int touched;

    SlotSegment(int epoch, int index) {
        this.epoch = epoch;
        this.index = index;
        this.start = startOf(index);
        this.slots = new Object[2 * capacityOf(index)];
    }

    /** Slots in segment {@code index}. */
    static int capacityOf(int index) {
        return index >= FIRST_FULL_INDEX ? MAX_CAPACITY : FIRST_CAPACITY << index;
    }

    /** First segment position held by segment {@code index}. */
    static int startOf(int index) {
        return index >= FIRST_FULL_INDEX
                ? POSITIONS_BEFORE_FULL + (index - FIRST_FULL_INDEX) * MAX_CAPACITY
                : (FIRST_CAPACITY << index) - FIRST_CAPACITY;
    }

    /** Slots in this segment. */
    int capacity() {
        return slots.length >> 1;
    }

    /** The segment that holds segment position {@code p} (0-based). */
    static int indexOf(int p) {
        if (p < POSITIONS_BEFORE_FULL) {
            // Segment k starts at 2^(k+1) - 2, so k = floor(log2(p + 2)) - 1.
            return 30 - Integer.numberOfLeadingZeros(p + FIRST_CAPACITY);
        }
        return FIRST_FULL_INDEX + (p - POSITIONS_BEFORE_FULL) / MAX_CAPACITY;
    }

    /** Acquire load of the next segment, or null. */
    SlotSegment nextAcquire() {
        return (SlotSegment) NEXT.getAcquire(this);
    }

    /**
     * The next segment, created if no producer has created it yet. The CAS publishes the new segment's fields to the
     * threads that read {@code next} with acquire.
     */
    SlotSegment nextOrAppend() {
        SlotSegment n = nextAcquire();
        if (n != null) {
            return n;
        }
        SlotSegment fresh = new SlotSegment(epoch, index + 1);
        return NEXT.compareAndSet(this, null, fresh) ? fresh : nextAcquire();
    }

    /** Acquire load of the producers' hint, or null. */
    SlotSegment hintAcquire() {
        return (SlotSegment) HINT.getAcquire(this);
    }

    /** Release store of the producers' hint. */
    void hintRelease(SlotSegment h) {
        HINT.setRelease(this, h);
    }

    /** Producer: fills slot {@code j}; the message's release store publishes the sender's plain one. */
    void put(int j, Object message, Object sender) {
        slots[2 * j + 1] = sender;
        SLOT.setRelease(slots, 2 * j, message);
    }

    /** Consumer: the message in slot {@code j}, or null while its producer has not yet stored it. */
    Object messageAcquire(int j) {
        return SLOT.getAcquire(slots, 2 * j);
    }

    /** Consumer: the sender in slot {@code j}; read after {@link #messageAcquire} saw the message. */
    Object sender(int j) {
        return slots[2 * j + 1];
    }

    /**
     * Consumer: reads the class word of the messages stored in slots {@code from} to {@code from + n - 1} that lie in
     * this segment, and returns how many of those slots hold a message. When senders run ahead of an actor, each
     * message it takes was allocated long ago, among other actors' messages, and has left every cache; the consumer's
     * first look at a message (what kind is it) then stalls the worker for a memory access, one message after the
     * other. Touching a few at once makes their misses overlap: one stall for the group.
     */
    int touch(int from, int n) {
        Object[] a = slots;
        int end = Math.min(a.length, 2 * (from + n));
        int seen = 0;
        for (int k = 2 * from; k < end; k += 2) {
            Object m = a[k];
            if (m != null && m.getClass() != Object.class) {
                seen++;
            }
        }
        touched = seen;
        return seen;
    }

    /** Consumer: clears slot {@code j} once taken, so the segment does not keep the message alive. */
    void clear(int j) {
        slots[2 * j] = null;
        slots[2 * j + 1] = null;
    }
}
