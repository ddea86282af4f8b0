package io.goakt.internal.dispatch;

/**
 * A task whose turn ran dry but may let its worker keep it, instead of giving up its scheduled state at once (see
 * {@link ForkJoinDispatcher#deferIdle}). While kept, the task still counts as scheduled, so senders do not submit it
 * again; the worker later either runs it once more, as a new turn, or calls {@link #releaseDeferred()}.
 */
public interface DeferrableTurn extends Runnable {

    /**
     * Gives up the scheduled state the worker kept, and submits the task again if work arrived meanwhile. Called by
     * the worker that kept it, once, unless it runs the task instead.
     */
    void releaseDeferred();
}
