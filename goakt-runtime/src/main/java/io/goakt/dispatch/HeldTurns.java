package io.goakt.dispatch;

/**
 * A dispatcher thread that may hold turns only it can run: a turn handed to it to run next, or a dry turn it keeps
 * (see {@link Dispatcher}). Code about to block such a thread calls {@link #releaseHeldTurns} first, because the turn
 * it waits for may be one of those, and the thread would then wait for itself.
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
