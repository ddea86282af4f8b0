package io.goakt.internal.mailbox;

/**
 * The part of {@link SenderLanes} every sender reads: the lanes and the mask that picks one. A superclass, so that the
 * JVM lays these fields out before {@link SenderLanesCursorPad}'s padding and the consumer's cursor after it.
 */
abstract class SenderLanesShared {

    final SenderLanes.Lane[] lanes;
    final int mask;

    SenderLanesShared(int count) {
        if (count < 2 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("lane count must be a power of two >= 2, was " + count);
        }
        SenderLanes.Lane[] ls = new SenderLanes.Lane[count];
        for (int i = 0; i < count; i++) {
            ls[i] = new SenderLanes.Lane();
        }
        this.lanes = ls;
        this.mask = count - 1;
    }
}
