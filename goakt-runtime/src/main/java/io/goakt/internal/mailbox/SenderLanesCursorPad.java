package io.goakt.internal.mailbox;

/**
 * Padding between {@link SenderLanesShared}'s fields and the consumer's cursor in {@link SenderLanes}:
 * {@link SenderLanes#PAD_LONGS} longs, one cache line.
 */
@SuppressWarnings("unused")
abstract class SenderLanesCursorPad extends SenderLanesShared {

    private long q1, q2, q3, q4, q5, q6, q7, q8;

    SenderLanesCursorPad(int count) {
        super(count);
    }
}
