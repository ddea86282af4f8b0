package io.goakt.internal.dispatch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Bounded busy-waiting, shared out among threads: a thread that expects an answer within microseconds spins for it
 * instead of parking, because a park and its wake-up cost tens of microseconds (a futex call each way, and on a
 * virtual machine the wake-up of an idle virtual CPU). Spinning only pays while a core is otherwise idle, so a gate
 * lets at most {@code max} threads spin at once; the rest return at once and block as usual.
 *
 * <p>Threading: any thread. One gate per component (a dispatcher, an actor system), never a global one.
 */
public final class SpinGate {

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

    /** Threads spinning right now; for tests and diagnostics. */
    int spinning() {
        return spinning.get();
    }

    /**
     * Spins until {@code done} says true, for at most {@code nanos}, giving up early as soon as {@code abort} (may be
     * null) says true or when the gate is full.
     *
     * @return true if {@code done} said true
     */
    public boolean spinUntil(BooleanSupplier done, long nanos, BooleanSupplier abort) {
        int n = spinning.get();
        if (n >= max || !spinning.compareAndSet(n, n + 1)) {
            return done.getAsBoolean();
        }
        try {
            long deadline = 0;
            for (int i = 0; ; i++) {
                if (done.getAsBoolean()) {
                    return true;
                }
                if ((i & 15) == 0) {
                    if (abort != null && abort.getAsBoolean()) {
                        return false;
                    }
                    long now = System.nanoTime();
                    if (deadline == 0) {
                        deadline = now + nanos;
                    } else if (now - deadline > 0) {
                        return false;
                    }
                }
                Thread.onSpinWait();
            }
        } finally {
            spinning.decrementAndGet();
        }
    }
}
