package io.goakt.dispatch;

/**
 * A dispatcher thread that may hold turns to run next itself: a turn handed to it, or a dry turn it keeps (see
 * {@link Dispatcher}). Code about to block such a thread calls {@link #releaseHeldTurns} first, because the turn it
 * waits for may be one of those, and the thread would then wait for itself (or, with the default dispatcher, until
 * its watcher takes them, some milliseconds later).
 *
 * <p>Threading: only the thread itself calls {@link #releaseHeldTurns}, as
 * {@code if (Thread.currentThread() instanceof HeldTurns h) h.releaseHeldTurns();}.
 */
public interface HeldTurns {

    /**
     * Hands every turn this thread holds back to its dispatcher (where any thread can run it) or lets it go idle.
     * A no-op when the thread holds none.
     */
    void releaseHeldTurns();
}
