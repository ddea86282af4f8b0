package io.goakt.dispatch;

/**
 * A turn that ran dry and that its dispatcher may keep instead of letting it go idle at once (see
 * {@link Dispatcher#keepDryTurn}). While kept, the turn's mailbox still counts as scheduled, so senders do not submit
 * it again; the dispatcher later does exactly one of {@link #run} (a new turn, which sees what arrived meanwhile) and
 * {@link #releaseKept}, on the thread that kept it.
 */
public interface KeepableTurn extends Runnable {

    /** Gives up the scheduled state the dispatcher kept, and queues a new turn if work arrived meanwhile. */
    void releaseKept();
}
