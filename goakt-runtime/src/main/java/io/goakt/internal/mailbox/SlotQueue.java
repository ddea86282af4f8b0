package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

/**
 * The mailbox's built-in user queue: an unbounded, lock-free multi-producer single-consumer queue that stores each
 * message and its sender in slots, with no envelope object per message, for any object that holds the fields below.
 *
 * <h2>Why slots</h2>
 * A linked queue allocates a node per message (the runtime's envelope, 24 bytes), and under G1 what a queued message
 * costs is paid again at every young collection it lives through: when senders run ahead of a busy actor, the backlog
 * is copied, and the collector, seeing costly pauses, keeps its young generation small and collects more often. Here
 * a queued message costs its two references in a segment (about 9 bytes with the segment's own share), and the first
 * message of an empty queue goes to a slot inside the holder, so request-reply traffic allocates nothing for its
 * queue at all.
 *
 * <h2>Algorithm</h2>
 * {@code claims} is a 64-bit word: an epoch in the high half and the number of positions claimed in that epoch in
 * the low half. A producer claims a position with one atomic increment and then fills it: position 0 is the inline
 * slot, position {@code v >= 1} is slot {@code v - 1} of the epoch's segments (see {@link SlotSegment} for their
 * sizes), found along the segments' links (which producers extend with a CAS as needed) from the segment the last
 * producer wrote to, a hint kept in the first segment, or from {@code first} itself. The
 * consumer takes positions in order ({@code taken}). When it takes the last claimed position it tries to start a
 * new epoch with a CAS of {@code claims} from (epoch, taken) to (epoch + 1, 0): success means no position of the old
 * epoch is claimed and unfilled, so its segments can go; failure means a producer has just claimed another position.
 * The consumer moves {@code first} forward as it leaves segments, so consumed segments become garbage at once, and an
 * empty queue holds no segment.
 *
 * <p>Why producers never write into a segment of the wrong epoch: a producer of epoch {@code e} holds a claimed,
 * unfilled position, so epoch {@code e + 1} cannot start before it has filled it, and the consumer cannot move
 * {@code first} past it. A producer that finds {@code first} null or of an older epoch installs epoch {@code e}'s
 * first segment with a CAS from what it read; the consumer clears {@code first} after a new epoch has started only
 * with a CAS from the old epoch's segment, so it never removes a newer one.
 *
 * <h2>Concurrency</h2>
 * <ul>
 *   <li>{@link #offerSlot}: any thread; one atomic increment (a full fence, which callers rely on as for the linked
 *       queue), then plain and release stores; a CAS now and then to add a segment. Between the increment and the
 *       store of the message, the position is claimed but empty: {@link #pollSlotNoWait} then returns null while
 *       {@link #hasSlots} says true, and {@link #pollSlot} spins until the producer is done.</li>
 *   <li>{@link #pollSlotNoWait}, {@link #pollSlot}, {@link #hasSlots}: the single consumer only.</li>
 *   <li>{@link #sizeSlots}: any thread; an estimate.</li>
 * </ul>
 * An epoch holds up to 2^31 - 1 positions: a queue that never empties in between would need tens of gigabytes of
 * messages to get there.
 */
public interface SlotQueue extends ConsumerEnd {

    /** How many messages the consumer touches at once, ahead of the one it takes (a power of two). */
    int TOUCH_AHEAD = 8;

    /** The claims word keeps the epoch above this bit and the positions claimed below it. */
    int EPOCH_SHIFT = Integer.SIZE;
    /** The epoch's bits of the claims word. */
    long EPOCH_MASK = -1L << EPOCH_SHIFT;
    /** One epoch more, added to the claims word when the consumer starts a new epoch. */
    long ONE_EPOCH = 1L << EPOCH_SHIFT;

    /**
     * Volatile load of the claims word (epoch in the high 32 bits, positions claimed in the low 32); pairs with the
     * increment of a producer and the epoch CAS of the consumer.
     */
    long claimsVolatile();

    /**
     * Atomic increment of the claims word, returning the value before (a full fence: the mailbox's status read after
     * the enqueue cannot move before it; pairs with the status update of a turn going idle).
     */
    long claimsGetAndIncrement();

    /**
     * Atomic add of {@code n} to the claims word, returning the value before: {@link #claimsGetAndIncrement} for a
     * batch of {@code n} positions, with the same fence and pairing.
     */
    long claimsGetAndAdd(int n);

    /** CAS of the claims word (the consumer starting a new epoch); pairs with {@link #claimsVolatile}. */
    boolean claimsCompareAndSet(long expect, long update);

    /** Acquire load of the inline slot's message, or null; pairs with {@link #inlineMessageRelease}. */
    Object inlineMessageAcquire();

    /**
     * Release store of the inline slot's message: publishes the sender stored just before it, for the consumer's
     * {@link #inlineMessageAcquire}.
     */
    void inlineMessageRelease(Object message);

    /** Plain load of the inline slot's sender; ordered by the acquire of the message before it. */
    Object inlineSender();

    /** Plain store of the inline slot's sender; published by the release of the message after it. */
    void inlineSender(Object sender);

    /** Acquire load of the first segment still in use, or null; pairs with the CAS and the release store below. */
    SlotSegment firstAcquire();

    /** CAS of the first segment (a producer installing an epoch's first, the consumer dropping an old one). */
    boolean firstCompareAndSet(SlotSegment expect, SlotSegment update);

    /** Release store of the first segment; consumer only, to move past a segment it has emptied. */
    void firstRelease(SlotSegment first);

    /** Positions taken in the current epoch; plain load, the consumer's own counter. */
    int taken();

    /** Plain store of the consumer's counter. */
    void taken(int taken);

    /**
     * Enqueues; any thread. Never refuses. Returns false when it met another producer: the claims word changed, within
     * the same epoch, between a read just before the increment and the increment (a cheap sign of contention).
     */
    default boolean offerSlot(Object message, Object sender) {
        long seen = claimsVolatile();
        long c = claimsGetAndIncrement();
        int position = (int) c;
        if (position == 0) {
            inlineSender(sender);
            inlineMessageRelease(message);
        } else {
            int p = position - 1;
            SlotSegment s = segmentFor((int) (c >>> EPOCH_SHIFT), SlotSegment.indexOf(p));
            s.put(p - s.start, message, sender);
        }
        return c == seen || (c >>> EPOCH_SHIFT) != (seen >>> EPOCH_SHIFT);
    }

    /**
     * Enqueues {@code messages} in their order, with one claim of as many consecutive positions; any thread. Never
     * refuses. The sender of {@code messages[i]} is {@code senders[i]}, or {@code sender} when {@code senders} is
     * null. Messages of other producers never fall between two of these: the positions are claimed at once, and the
     * consumer takes positions in order. Meant for a batch that fits an epoch (fewer than 2^31 - 1 positions in all).
     */
    default void offerSlots(Object[] messages, Object[] senders, Object sender) {
        int n = messages.length;
        if (n == 0) {
            return;
        }
        long c = claimsGetAndAdd(n);
        int position = (int) c;
        int i = 0;
        if (position == 0) {
            inlineSender(senders == null ? sender : senders[0]);
            inlineMessageRelease(messages[0]);
            i = 1;
            position = 1;
        }
        if (i == n) {
            return;
        }
        // The positions of this batch are claimed and unfilled until the last put, so the epoch cannot end meanwhile
        // (see the class comment): walking and hinting here is as safe as in offerSlot.
        int epoch = (int) (c >>> EPOCH_SHIFT);
        int p = position - 1;
        SlotSegment first = firstOfEpoch(epoch);
        SlotSegment hint = first.hintAcquire();
        int index = SlotSegment.indexOf(p);
        SlotSegment s = hint != null && hint.index <= index ? hint : first;
        while (s.index < index) {
            s = s.nextOrAppend();
        }
        for (; i < n; i++, p++) {
            int j = p - s.start;
            if (j == s.capacity()) {
                s = s.nextOrAppend(); // segments hold consecutive positions: the next one starts where this one ends
                j = 0;
            }
            if (i == n - 1 && s != hint && s != first) {
                first.hintRelease(s); // before the last put, while the epoch is still held open
            }
            s.put(j, messages[i], senders == null ? sender : senders[i]);
        }
    }

    /**
     * Producer: the segment {@code index} of {@code epoch}, installing or appending segments as needed. With a long
     * backlog the consumer's {@code first} is many segments behind the one a producer needs, so the walk starts at
     * the first segment's hint when that is not past the target. A hint lost to a race (the consumer moving on from
     * the segment that holds it) only costs one longer walk.
     */
    private SlotSegment segmentFor(int epoch, int index) {
        SlotSegment first = firstOfEpoch(epoch);
        SlotSegment hint = first.hintAcquire();
        SlotSegment s = hint != null && hint.index <= index ? hint : first;
        while (s.index < index) {
            s = s.nextOrAppend();
        }
        if (s != hint && s != first) {
            first.hintRelease(s);
        }
        return s;
    }

    /** Producer: the first segment in use of {@code epoch}, installed if there is none yet. */
    private SlotSegment firstOfEpoch(int epoch) {
        SlotSegment s = firstAcquire();
        SlotSegment created = null;
        while (s == null || s.epoch != epoch) {
            // Null, or left over from an older epoch: install this epoch's first segment (see the class comment).
            if (created == null) {
                created = new SlotSegment(epoch, 0);
            }
            if (firstCompareAndSet(s, created)) {
                s = created;
                break;
            }
            s = firstAcquire();
        }
        return s;
    }

    /** Dequeues the oldest message as a new envelope, or returns null when nothing can be taken now; consumer only. */
    default Envelope pollSlotNoWait() {
        return pollSlotNoWait(null);
    }

    /**
     * Dequeues the oldest message into {@code reuse} (a cleared envelope the consumer owns and nobody else holds), or
     * into a new envelope when {@code reuse} is null; returns null when nothing can be taken now. Consumer only.
     */
    default Envelope pollSlotNoWait(Envelope reuse) {
        int t = taken();
        Object message;
        Object sender;
        if (t == 0) {
            message = inlineMessageAcquire();
            if (message == null) {
                return null; // empty, or the producer of position 0 has yet to store it
            }
            sender = inlineSender();
            inlineSender(null);
            inlineMessageRelease(null);
        } else {
            int p = t - 1;
            int index = SlotSegment.indexOf(p);
            SlotSegment s = firstAcquire();
            if (s == null || s.epoch != (int) (claimsVolatile() >>> EPOCH_SHIFT)) {
                return null; // the producer of position 1 has yet to install this epoch's first segment
            }
            while (s.index < index) {
                SlotSegment n = s.nextAcquire();
                if (n == null) {
                    return null; // the producer of this position has yet to append its segment
                }
                SlotSegment hint = s.hintAcquire();
                if (hint != null && hint.index > n.index) {
                    n.hintRelease(hint); // carry the producers' hint over to the new first segment
                }
                firstRelease(n); // the consumer is done with s: let it go
                s = n;
            }
            int j = p - s.start;
            if ((j & (TOUCH_AHEAD - 1)) == 0) {
                s.touch(j + 1, TOUCH_AHEAD); // see SlotSegment.touch: a backlog's messages are far from any cache
            }
            message = s.messageAcquire(j);
            if (message == null) {
                return null; // claimed, not yet stored
            }
            sender = s.sender(j);
            s.clear(j);
        }
        taken(++t);
        long c = claimsVolatile();
        if ((int) c == t && claimsCompareAndSet(c, (c & EPOCH_MASK) + ONE_EPOCH)) {
            // Took the last claimed position and started a new epoch: the old epoch's segments can go (the CAS fails
            // harmlessly if a producer of the new epoch got there first).
            taken(0);
            SlotSegment s = firstAcquire();
            if (s != null && s.epoch == (int) (c >>> EPOCH_SHIFT)) {
                firstCompareAndSet(s, null);
            }
        }
        return reuse == null ? new Envelope(message, sender) : EnvelopeLinks.refill(reuse, message, sender);
    }

    /** Like {@link #pollSlotNoWait}, but waits for a producer that has claimed the next position; for draining. */
    default Envelope pollSlot() {
        int spins = 0;
        for (;;) {
            Envelope e = pollSlotNoWait();
            if (e != null || !hasSlots()) {
                return e;
            }
            EnvelopeLinks.backOff(++spins);
        }
    }

    /** True when a message is queued or being added; consumer only. */
    default boolean hasSlots() {
        return (int) claimsVolatile() != taken();
    }

    /** Messages queued; any thread, an estimate. */
    default int sizeSlots() {
        return Math.max(0, (int) claimsVolatile() - taken());
    }

    @Override
    default Envelope pollNoWait() {
        return pollSlotNoWait();
    }

    @Override
    default boolean hasQueued() {
        return hasSlots();
    }
}
