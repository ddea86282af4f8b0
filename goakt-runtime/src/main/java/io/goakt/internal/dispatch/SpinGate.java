package io.goakt.internal.dispatch;

import io.goakt.dispatch.Spinning;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Admission to bounded busy-waiting, shared out among threads, that backs off when spinning stops paying.
 *
 * <h2>The problem</h2>
 * A thread that expects an answer within microseconds spins for it instead of parking, because a park and its
 * wake-up cost tens of microseconds (a futex call each way, and on a virtual machine the wake-up of an idle virtual
 * CPU). Spinning only pays while a core is otherwise idle: on a machine with more runnable threads than cores the
 * spinner takes the CPU from the thread that would produce what it waits for, and the spin makes the wait longer.
 *
 * <h2>The approach</h2>
 * A gate lets at most {@code max} threads spin at once; the rest are refused at once and block as usual. A spinner
 * is written as {@code if (gate.tryEnter()) { try { spin loop } finally { gate.exit(); } }}; the loop polls its own
 * named condition, reads the clock ({@link #now}) only every {@value #POLLS_PER_CLOCK_READ} polls, because
 * {@code System.nanoTime} costs more than a poll, gives up after {@link #spinNanos}, and reports how the spin ended:
 * {@link #hit}, {@link #miss}, or, at every clock read, {@link #offCpu}. Three rules close the gate:
 * <ul>
 *   <li><b>A spinner taken off its CPU.</b> Sixteen polls take about a microsecond. When two clock reads of one spin
 *       lie more than {@value #OFF_CPU_NANOS} ns apart, the thread was descheduled between them: the machine has
 *       more runnable threads than cores (a co-tenant, a CPU quota, more workers than processors). That is the case
 *       where spinning harms most, and one spinner that sees it speaks for all of them, so the whole gate closes for
 *       {@value #OFF_CPU_COOL_DOWN_NANOS} ns (the spin stops too). Descheduling is rare on a quiet machine, and so
 *       is a stop of the world long enough to look like one, so a quiet machine loses little spinning to it.</li>
 *   <li><b>Spins that stop paying.</b> A miss (a spin that ran out of time) wastes its whole spin, several times
 *       what a hit saves (a park and wake-up), so spinning pays only while most spins hit. The gate keeps a balance
 *       over all its spinners: a hit earns 1, up to {@value #CREDIT_CAP}; a miss costs its spin time in wake-ups of
 *       {@value #HIT_SAVES_NANOS} ns (4 for a 20 us linger, 10 for a 50 us ask spin, 1 for a reduced spin); when the
 *       balance runs out the gate closes for {@value #MISS_COOL_DOWN_NANOS} ns and starts again from nothing. So a
 *       gate whose spins paid closes after a few misses in a row, and one that closed stays open only while more
 *       than {@code cost} spins in {@code cost + 1} hit. Every closing
 *       doubles the next one, up to {@code 2^}{@value #MAX_COOL_DOWN_SHIFT} times the first, until the balance is
 *       full again: a steady rate of paying spins. This is the back-off of a spin that has no other (a thread waiting
 *       on an ask), and the dispatcher-wide one over the per-worker back-off of lingering workers. With two busy-loop
 *       co-tenants on two cores, a back-off that any single hit reset (8 misses in a row closed the gate) kept the
 *       ask spin going: 29 k sequential asks/s and a p99 of 80 us, against 64 k and 28 us without spinning; a fixed
 *       cost of 4 made it 45 k and 60 us.</li>
 *   <li><b>No spare core.</b> {@link #forSpinning} closes the gate for good on a JVM that sees one processor
 *       ({@code availableProcessors()} reflects {@code -XX:ActiveProcessorCount} and a container's CPU quota), and
 *       for {@link Spinning#OFF}.</li>
 * </ul>
 * A quiet machine whose spins pay keeps the cost of a gate without these rules: {@link #tryEnter} reads one more
 * field (zero while the gate is open), and {@link #hit} reads the balance and writes it only when a miss spent some.
 *
 * <h2>Threading</h2>
 * Any thread. One gate per component (a dispatcher, an actor system), never a global one. The spinner count is exact
 * (CAS). The closing time and the miss state are hints read and written with opaque accesses: two spinners that
 * update them at once may lose one update (a miss not counted, one of two closings kept), which only shifts when
 * spinning backs off, never lets more than {@code max} threads in.
 */
public final class SpinGate {

    /** Polls of a spin loop between two reads of the clock (a power of two, see {@link #clockDue}). */
    public static final int POLLS_PER_CLOCK_READ = 16;

    /** Two clock reads of one spin further apart than this mean its thread was taken off its CPU between them. */
    static final long OFF_CPU_NANOS = 100_000;

    /** How long the gate stays closed once a spinner was taken off its CPU. */
    static final long OFF_CPU_COOL_DOWN_NANOS = 5_000_000;

    /** The balance of a gate whose spins pay: hits bank at most this much credit. */
    static final int CREDIT_CAP = 32;

    /**
     * What a hit saves, as the gate reckons a miss's cost: a wake-up of a thread on a busy machine. On an idle one a
     * wake-up costs several times more (an idle virtual CPU is woken too), and the rule errs towards spinning less.
     */
    static final long HIT_SAVES_NANOS = 5_000;

    /** How long the gate stays closed the first time its balance runs out. */
    static final long MISS_COOL_DOWN_NANOS = 100_000;

    /** Closings for misses with no hit between double the closing time up to this many times. */
    static final int MAX_COOL_DOWN_SHIFT = 6;

    /** The longest spin of {@link Spinning#REDUCED}: a few microseconds, enough for a reply from a running actor. */
    static final long REDUCED_SPIN_NANOS = 3_000;

    private static final VarHandle SPINNING;
    private static final VarHandle CLOSED_UNTIL;
    private static final VarHandle CREDIT;
    private static final VarHandle COOL_DOWN_SHIFT;
    private static final VarHandle CLOSINGS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SPINNING = l.findVarHandle(SpinGate.class, "spinning", int.class);
            CLOSED_UNTIL = l.findVarHandle(SpinGate.class, "closedUntil", long.class);
            CREDIT = l.findVarHandle(SpinGate.class, "credit", int.class);
            COOL_DOWN_SHIFT = l.findVarHandle(SpinGate.class, "coolDownShift", int.class);
            CLOSINGS = l.findVarHandle(SpinGate.class, "closings", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Reads {@code System.nanoTime}, or a test's clock. */
    @FunctionalInterface
    public interface Clock {
        /** A reading in nanoseconds, as {@code System.nanoTime}. */
        long nanoTime();
    }

    private final int max;
    private final long spinNanos;
    /** What a miss takes from the balance (a hit adds 1): the spins a miss wastes, in wake-ups a hit saves. */
    private final int missCost;
    private final Clock clock;
    /** Threads spinning now; reached only through {@link #SPINNING}. */
    @SuppressWarnings("unused")
    private volatile int spinning;
    /** The clock reading until which the gate admits nobody, or 0 when it is open; opaque accesses only. */
    @SuppressWarnings("unused")
    private long closedUntil;
    /** The balance of hits and misses, 0 to {@value #CREDIT_CAP}; opaque accesses only. */
    @SuppressWarnings("unused")
    private int credit = CREDIT_CAP;
    /** Closings for misses since the balance was last full; opaque accesses only. */
    @SuppressWarnings("unused")
    private int coolDownShift;
    /** Closings of the gate by {@link #miss} or {@link #offCpu}; for tests and diagnostics. */
    @SuppressWarnings("unused")
    private volatile long closings;

    /**
     * A gate for at most {@code max} spinners (0 closes it for good) that spin for up to {@code spinNanos} by
     * {@code clock}; tests give their own clock.
     */
    public SpinGate(int max, long spinNanos, Clock clock) {
        this.max = max;
        this.spinNanos = spinNanos;
        this.missCost = (int) Math.max(1, Math.min(CREDIT_CAP / 2, spinNanos / HIT_SAVES_NANOS));
        this.clock = clock;
    }

    /** A gate for at most {@code max} spinners, 0 closing it, spinning for up to {@code spinNanos}. */
    public SpinGate(int max, long spinNanos) {
        this(max, spinNanos, System::nanoTime);
    }

    /**
     * The gate of a component that spins for up to {@code spinNanos} with {@code share} spinners at most under
     * {@link Spinning#ADAPTIVE}: at least one, and never more than half the processors. {@link Spinning#REDUCED}
     * lets one thread spin for up to {@value #REDUCED_SPIN_NANOS} ns; {@link Spinning#OFF} and a JVM that sees one
     * processor close the gate for good.
     */
    public static SpinGate forSpinning(Spinning spinning, int share, long spinNanos) {
        return forSpinning(spinning, share, spinNanos, Runtime.getRuntime().availableProcessors(), System::nanoTime);
    }

    static SpinGate forSpinning(Spinning spinning, int share, long spinNanos, int processors, Clock clock) {
        if (processors < 2) {
            return new SpinGate(0, 0, clock);
        }
        return switch (spinning) {
            case ADAPTIVE -> new SpinGate(Math.max(1, Math.min(share, processors / 2)), spinNanos, clock);
            case REDUCED -> new SpinGate(1, Math.min(spinNanos, REDUCED_SPIN_NANOS), clock);
            case OFF -> new SpinGate(0, 0, clock);
        };
    }

    /** True when this gate never admits anyone ({@link Spinning#OFF}, or one processor): skip the spin altogether. */
    public boolean closedForGood() {
        return max == 0;
    }

    /** The longest a spinner of this gate spins. */
    public long spinNanos() {
        return spinNanos;
    }

    /**
     * Takes a place among the spinners, if the gate is open and has one: true when the caller may spin, and must then
     * call {@link #exit} once when it stops. Never waits: a contended gate refuses rather than making spinners queue
     * for it (a single CAS attempt).
     */
    public boolean tryEnter() {
        if (max == 0) {
            return false;
        }
        long until = (long) CLOSED_UNTIL.getOpaque(this); // a hint; pairs with the opaque stores of close and reopen
        if (until != 0 && !reopened(until)) {
            return false;
        }
        int n = (int) SPINNING.getVolatile(this); // pairs with the CAS below and the decrement in exit
        return n < max && SPINNING.compareAndSet(this, n, n + 1);
    }

    /** Gives back the place {@link #tryEnter} took. */
    public void exit() {
        SPINNING.getAndAdd(this, -1); // volatile read-modify-write; pairs with the load and CAS in tryEnter
    }

    /** The clock of this gate's spin loops. */
    public long now() {
        return clock.nanoTime();
    }

    /** True on the polls of a spin loop (counted from 0) at which it should read the clock. */
    public static boolean clockDue(int poll) {
        return (poll & (POLLS_PER_CLOCK_READ - 1)) == 0;
    }

    /**
     * A spin got what it waited for: the balance earns 1, and once it is full again the next closing is the shortest.
     * A gate whose spins pay has a full balance, and then this only reads it. Only a spin that polled more than once
     * is a hit: what was there at the first look needed no spin (a thread descheduled between its ask and its
     * {@code get} finds the reply there), and counting it kept a gate open on a machine where spins hardly paid.
     */
    public void hit() {
        int c = (int) CREDIT.getOpaque(this); // a hint; pairs with the opaque stores here and in miss
        if (c >= CREDIT_CAP) {
            return;
        }
        CREDIT.setOpaque(this, c + 1);
        if (c + 1 == CREDIT_CAP && (int) COOL_DOWN_SHIFT.getOpaque(this) != 0) {
            COOL_DOWN_SHIFT.setOpaque(this, 0);
        }
    }

    /**
     * A spin ran out of time at {@code now}: the balance pays {@link #missCost}, and when that empties it the gate
     * closes for {@value #MISS_COOL_DOWN_NANOS} ns, doubled for every closing since the balance was last full, up to
     * {@code 2^}{@value #MAX_COOL_DOWN_SHIFT} times.
     */
    public void miss(long now) {
        int c = (int) CREDIT.getOpaque(this) - missCost; // a hint; pairs with the opaque stores here and in hit
        if (c > 0) {
            CREDIT.setOpaque(this, c);
            return;
        }
        CREDIT.setOpaque(this, 0);
        int shift = (int) COOL_DOWN_SHIFT.getOpaque(this);
        COOL_DOWN_SHIFT.setOpaque(this, Math.min(shift + 1, MAX_COOL_DOWN_SHIFT));
        close(now, MISS_COOL_DOWN_NANOS << shift);
    }

    /**
     * Checks a clock read of a spin against the one before it: true when the spinning thread was taken off its CPU
     * between them (the machine is oversubscribed), and the gate is then closed for
     * {@value #OFF_CPU_COOL_DOWN_NANOS} ns. The spin should stop.
     */
    public boolean offCpu(long previous, long now) {
        if (now - previous <= OFF_CPU_NANOS) {
            return false;
        }
        close(now, OFF_CPU_COOL_DOWN_NANOS);
        return true;
    }

    private void close(long now, long forNanos) {
        long until = now + forNanos;
        CLOSED_UNTIL.setOpaque(this, until == 0 ? 1 : until); // 0 means open
        CLOSINGS.getAndAdd(this, 1L); // volatile read-modify-write; a counter only tests and diagnostics read
    }

    /** True when the closing time {@code until} has passed; the first thread to see it opens the gate again. */
    private boolean reopened(long until) {
        if (clock.nanoTime() - until < 0) {
            return false;
        }
        // Loses to a newer closing, which then stands; a CAS, so that a newer closing is never overwritten by 0.
        return CLOSED_UNTIL.compareAndSet(this, until, 0L) || (long) CLOSED_UNTIL.getOpaque(this) == 0;
    }

    /** Threads spinning right now; for tests and diagnostics. */
    public int spinning() {
        return (int) SPINNING.getVolatile(this);
    }

    /** Times the gate was closed by misses or a spinner taken off its CPU; for tests and diagnostics. */
    public long closings() {
        return (long) CLOSINGS.getVolatile(this);
    }

    /** True while a closing holds the gate shut at the clock's present reading; for tests. */
    boolean closedNow() {
        long until = (long) CLOSED_UNTIL.getOpaque(this);
        return until != 0 && clock.nanoTime() - until < 0;
    }

    /** What a miss takes from the balance; for tests. */
    int missCost() {
        return missCost;
    }

    /** The most spinners at once; for tests. */
    int max() {
        return max;
    }
}
