package io.goakt.internal.mailbox;

import io.goakt.mailbox.Envelope;

/** What {@link SenderLanes} needs of the queue it serves before its lanes: the consumer's two operations. */
public interface ConsumerEnd {

    /**
     * The next envelope, or null when the queue is empty or its next message is still being added (then
     * {@link #hasQueued()} says true). Never waits. Consumer only.
     */
    Envelope pollNoWait();

    /** True when a message is queued or being added. Consumer only. */
    boolean hasQueued();
}
