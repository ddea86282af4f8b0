package io.goakt.internal.dispatch;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission to bounded busy-waiting, shared out among threads: a thread that expects an answer within microseconds
 * spins for it instead of parking, because a park and its wake-up cost tens of microseconds (a futex call each way,
 * and on a virtual machine the wake-up of an idle virtual CPU). Spinning only pays while a core is otherwise idle,
 * so a gate lets at most {@code max} threads spin at once; the rest are refused at once and block as usual.
 *
 * <p>A spinner is written as
 * {@code if (gate.tryEnter()) { try { spin loop } finally { gate.exit(); } }}; the loop polls its own named
 * condition, and reads the clock only every {@value #POLLS_PER_CLOCK_READ} polls, because {@code System.nanoTime}
 * costs more than a poll.
 *
 * <p>Threading: any thread. One gate per component (a dispatcher, an actor system), never a global one.
 */
public final class SpinGate {

    /** Polls of a spin loop between two reads of the clock (a power of two, see {@link #clockDue}). */
    public static final int POLLS_PER_CLOCK_READ = 16;

    private final AtomicInteger spinning = new AtomicInteger();
    private final int max;

    /** A gate for at most {@code max} spinners; 0 closes it. */
    public SpinGate(int max) {
        this.max = max;
    }

    /** A gate for {@code max(1, share)} spinners on a multi-core machine, closed on a single core. */
    public static SpinGate forCores(int share) {
        return new SpinGate(Runtime.getRuntime().availableProcessors() > 1 ? Math.max(1, share) : 0);
    }

    /**
     * Takes a place among the spinners, if there is one: true when the caller may spin, and must then call
     * {@link #exit} once when it stops. Never waits: a single CAS attempt, so a contended gate refuses rather than
     * making spinners queue for it.
     */
    public boolean tryEnter() {
        int n = spinning.get(); // volatile load; pairs with the CAS below and the decrement in exit
        return n < max && spinning.compareAndSet(n, n + 1);
    }

    /** Gives back the place {@link #tryEnter} took. */
    public void exit() {
        spinning.decrementAndGet(); // volatile read-modify-write; pairs with the load and CAS in tryEnter
    }

    /** True on the polls of a spin loop (counted from 0) at which it should read the clock. */
    public static boolean clockDue(int poll) {
        return (poll & (POLLS_PER_CLOCK_READ - 1)) == 0;
    }

    /** Threads spinning right now; for tests and diagnostics. */
    int spinning() {
        return spinning.get();
    }
}
