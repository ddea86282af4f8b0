package io.goakt.internal.actor;

import io.goakt.actor.EvictionPolicy;
import io.goakt.dispatch.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keeps a system within its {@link EvictionPolicy#maxActors()} by passivating candidates: actors whose spawn options
 * passivate, and instances that are {@link Evictable} (grain activations).
 *
 * <h2>The problem</h2>
 * A system of on-demand actors (one per user, device or order) grows with its key space; idle passivation bounds it
 * only in time. A cap bounds it in memory, and the cost of keeping it must not grow with the number of actors: the
 * message path pays nothing it did not already pay, and an eviction never walks every actor.
 *
 * <h2>The approach</h2>
 * Candidates register when they start and leave when they stop, in striped arrays ({@link Stripe}): an add is an
 * append and a removal a swap with the last element, each under the stripe's monitor, and each cell keeps its index
 * in {@code Rare.evictionSlot}. That gives uniform random access, which is what sampling needs. An eviction looks at
 * {@link EvictionPolicy#sampleSize()} random candidates (drawn from four random stripes, several under each monitor;
 * every candidate when there are no more than that) and picks the worst by the policy, the approximate LRU of Redis
 * ({@code maxmemory-samples}): its cost is the sample, O(sample) per evicted actor, and a larger sample comes closer
 * to the exact order. Exact selection would need an ordered index updated on every message, which the message path
 * must not pay for. The ranks come from what the cell already keeps: recency is
 * {@code Extras.lastMessageNanos} (passivation and receive timeouts already keep it; an actor that passivates only
 * after a message count keeps it too while the policy ranks by recency: one clock read per message, for
 * passivating actors only), frequency is the processed count that statistics keep for every actor. LFU breaks ties
 * by recency, oldest first.
 *
 * <h2>When it runs</h2>
 * {@link #maybeEvict()} runs on the thread that started an actor (so spawning past the cap evicts at once, and a
 * burst of spawns pays for its own evictions) and every {@link EvictionPolicy#interval()} on the default dispatcher
 * (the scheduler's thread only submits it). One caller at a time evicts; the others return, and the one evicting
 * checks again after it lets go, so no excess is left behind. The excess is the live count minus the cap minus the
 * evictions on their way ({@link #inFlight}): an evicted actor stops asynchronously, on its own thread, and must not
 * be counted twice meanwhile.
 *
 * <h2>Concurrency</h2>
 * Any thread calls {@link #maybeEvict()}; each cell registers and deregisters on its own thread; the evictor chooses
 * under the victim's stripe monitor, which removes it and marks its slot {@link #CHOSEN}, so a cell is chosen at
 * most once and a stopping cell is either still there to be chosen or already gone. A chosen cell gets a
 * {@code SystemMessage.Evict}; its stop (or its refusal, {@link #readmit}: a grain with messages on their way to it
 * declines) ends its in-flight count. The rank loads
 * are racy by design (opaque loads of the owner's stores): a stale value makes the choice approximate, never wrong
 * about who is a candidate.
 */
public final class Eviction {

    private static final Logger LOG = LoggerFactory.getLogger(Eviction.class);

    /** {@code Rare.evictionSlot} of a cell chosen for eviction, whose stop is on its way. */
    static final int CHOSEN = -1;

    /** Candidates on one stripe: an array with swap-removal. Guarded by its own monitor. */
    private static final class Stripe {
        ActorCell[] cells = new ActorCell[8];
        int size;
    }

    private final LocalActorSystem system;
    private final EvictionPolicy policy;
    private final Stripe[] stripes;
    private final int mask;
    /** Chosen cells that have not stopped yet: they no longer count towards the excess. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Chosen cells that declined ({@link #readmit}); read as a difference by {@link #maybeEvict()}. */
    private final AtomicLong declined = new AtomicLong();
    /** Held by the one caller evicting at a time. */
    private final AtomicBoolean evicting = new AtomicBoolean();
    private final LongAdder evicted = new LongAdder();
    /** Registered and not chosen; changed under a stripe's monitor, read by any thread. */
    private final AtomicInteger candidates = new AtomicInteger();
    private volatile Scheduler.Cancellable tick;

    Eviction(LocalActorSystem system, EvictionPolicy policy) {
        this.system = system;
        this.policy = policy;
        // Four stripes a processor, at most 64, rounded up to a power of two: registrations and removals on every
        // dispatcher thread seldom meet on one monitor.
        int wanted = Math.max(1, Math.min(64, Runtime.getRuntime().availableProcessors() * 4));
        int n = Integer.highestOneBit(wanted * 2 - 1);
        this.stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe();
        }
        this.mask = n - 1;
    }

    /** The policy this evictor keeps. */
    public EvictionPolicy policy() {
        return policy;
    }

    /** Evictions chosen so far (each one a passivation or grain deactivation sent). Any thread. */
    public long evictedCount() {
        return evicted.sum();
    }

    /** Candidates registered and not chosen. Any thread. */
    public int candidateCount() {
        return candidates.get();
    }

    // ---- periodic check

    void start() {
        schedule();
    }

    private void schedule() {
        if (system.isRunning()) {
            tick = system.scheduler().schedule(policy.interval(), this::onTick);
        }
    }

    private void onTick() {
        if (!system.isRunning()) {
            return;
        }
        try {
            // The scheduler's thread only hands the work on: its tasks must stay short.
            system.dispatcher(null).execute(this::maybeEvict);
        } catch (RuntimeException e) {
            LOG.debug("eviction check of {} not run", system.name(), e);
        }
        schedule();
    }

    void stop() {
        Scheduler.Cancellable t = tick;
        if (t != null) {
            t.cancel();
        }
    }

    // ---- candidates: each cell on its own thread

    /** A candidate has started (its owner's thread, after its first start). */
    void register(ActorCell cell) {
        cell.touch(system.scheduler().nanoTime()); // creates Extras before the monitor below publishes it
        CellState.Rare r = cell.rare();
        Stripe s = stripeOf(cell);
        synchronized (s) {
            if (s.size == s.cells.length) {
                s.cells = Arrays.copyOf(s.cells, s.size * 2);
            }
            s.cells[s.size++] = cell;
            r.evictionSlot = s.size;
            candidates.incrementAndGet();
        }
    }

    /** A cell has stopped (its owner's thread): it leaves the candidates, or ends its in-flight eviction. */
    void deregister(ActorCell cell) {
        CellState.Rare r = cell.rareIfPresent();
        // A plain read outside the monitor: only this thread ever stores 0 there, and it stored a non-zero slot
        // before if it registered (others replace one non-zero value by another), so 0 means never a candidate.
        if (r == null || r.evictionSlot == 0) {
            return;
        }
        Stripe s = stripeOf(cell);
        synchronized (s) {
            int slot = r.evictionSlot;
            if (slot > 0) {
                removeAt(s, slot - 1);
            } else if (slot == CHOSEN) {
                inFlight.decrementAndGet();
            }
            r.evictionSlot = 0;
        }
    }

    /** A chosen cell declined its eviction (its owner's thread): it is a candidate again. */
    void readmit(ActorCell cell) {
        CellState.Rare r = cell.rare();
        Stripe s = stripeOf(cell);
        synchronized (s) {
            if (r.evictionSlot != CHOSEN) {
                return;
            }
            declined.incrementAndGet();
            inFlight.decrementAndGet();
            if (s.size == s.cells.length) {
                s.cells = Arrays.copyOf(s.cells, s.size * 2);
            }
            s.cells[s.size++] = cell;
            r.evictionSlot = s.size;
            candidates.incrementAndGet();
        }
    }

    private Stripe stripeOf(ActorCell cell) {
        return stripes[cell.uid & mask];
    }

    /** Under {@code s}'s monitor: the last candidate takes the place of the one at {@code i}. */
    private void removeAt(Stripe s, int i) {
        candidates.decrementAndGet();
        int last = --s.size;
        ActorCell moved = s.cells[last];
        s.cells[last] = null;
        if (i != last) {
            s.cells[i] = moved;
            moved.rare().evictionSlot = i + 1;
        }
    }

    // ---- evicting: any thread

    /**
     * Evicts while the system is over its cap; returns at once if another thread is evicting, or when every actor
     * left over the cap is one that is never evicted (a candidate that registers later checks again itself). An
     * excess left by candidates that declined during the call is left to the next check.
     */
    public void maybeEvict() {
        // A candidate that declines during this call is left for a later check: counting it again here would ask it
        // again at once, and one that keeps declining would keep this thread asking.
        long declinedBefore = declined.get();
        while (excess() - (declined.get() - declinedBefore) > 0 && evicting.compareAndSet(false, true)) {
            boolean exhausted;
            try {
                exhausted = evictExcess();
            } catch (RuntimeException e) {
                LOG.warn("eviction in {} failed", system.name(), e);
                return;
            } finally {
                evicting.set(false); // then the loop's check: an excess that arrived meanwhile is not left behind
            }
            if (exhausted) {
                return;
            }
        }
    }

    /**
     * Live actors over the cap, less the evictions on their way. The in-flight count is read first: a chosen actor
     * that stops between the two reads leaves the live count after it left the in-flight one (see
     * {@code Lifecycle.finishTerminate}), so a stop can make this too small (checked again later), never too large,
     * which would evict one actor too many.
     */
    private long excess() {
        long coming = inFlight.get();
        return system.actorCount() - (long) policy.maxActors() - coming;
    }

    /** Evicts the excess (and the policy's percentage); true when it ran out of candidates. */
    private boolean evictExcess() {
        long over = excess();
        if (over <= 0) {
            return false;
        }
        long target = over + (long) policy.maxActors() * policy.percentage() / 100;
        for (long i = 0; i < target; i++) {
            ActorCell victim = choose();
            if (victim == null) {
                return true; // the rest of the excess is actors that are never evicted
            }
            evicted.increment();
            victim.sendSystem(new SystemMessage.Evict()); // a closed mailbox: the stop is already on its way
        }
        return false;
    }

    /** Picks the worst of a sample and takes it out of the candidates; null when there are none. */
    private ActorCell choose() {
        for (int attempt = 0; attempt < 4; attempt++) {
            ActorCell worst = candidateCount() <= policy.sampleSize() ? worstOfAll() : worstOfSample();
            if (worst == null) {
                return null;
            }
            if (take(worst)) {
                return worst;
            }
            // it stopped or was chosen by itself meanwhile: sample again
        }
        return null;
    }

    private ActorCell worstOfAll() {
        Ranking r = new Ranking();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (int i = 0; i < s.size; i++) {
                    r.offer(s.cells[i]);
                }
            }
        }
        return r.worst;
    }

    /** Stripes a sample is drawn from: one monitor each, however large the sample. */
    private static final int SAMPLE_STRIPES = 4;

    /**
     * The worst of {@link EvictionPolicy#sampleSize()} candidates drawn at random (with replacement) from a few
     * random stripes, several under each monitor; ranked after the monitors are released.
     */
    private ActorCell worstOfSample() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        int k = policy.sampleSize();
        int perStripe = (k + SAMPLE_STRIPES - 1) / SAMPLE_STRIPES;
        ActorCell[] drawn = new ActorCell[k];
        int taken = 0;
        for (int probes = 0; taken < k && probes < SAMPLE_STRIPES * 4; probes++) {
            Stripe s = stripes[rnd.nextInt(stripes.length)];
            synchronized (s) {
                for (int i = 0; i < perStripe && taken < k && s.size > 0; i++) {
                    drawn[taken++] = s.cells[rnd.nextInt(s.size)];
                }
            }
        }
        Ranking r = new Ranking();
        for (int i = 0; i < taken; i++) {
            r.offer(drawn[i]);
        }
        return r.worst;
    }

    /** The candidate the policy evicts first among those offered, each one's ranks read once. */
    private final class Ranking {
        ActorCell worst;
        long worstRecency;
        long worstFrequency;

        void offer(ActorCell c) {
            long recency = recency(c);
            long frequency = policy.strategy() == EvictionPolicy.Strategy.LFU ? c.processed() : 0;
            if (worst == null || worse(recency, frequency)) {
                worst = c;
                worstRecency = recency;
                worstFrequency = frequency;
            }
        }

        /** A candidate with these ranks goes before the worst so far. */
        private boolean worse(long recency, long frequency) {
            return switch (policy.strategy()) {
                case LRU -> recency - worstRecency < 0;
                case MRU -> recency - worstRecency > 0;
                case LFU -> frequency < worstFrequency
                        || (frequency == worstFrequency && recency - worstRecency < 0);
            };
        }
    }

    /**
     * When the candidate's last message arrived. Its Extras exists: registration created it, and the stripe
     * monitor that handed out the cell published it.
     */
    private static long recency(ActorCell c) {
        CellState.Extras x = c.extras();
        return x == null ? 0 : c.lastMessageOpaque(x);
    }

    /** Removes {@code cell} from the candidates and counts it in flight, unless it has left already. */
    private boolean take(ActorCell cell) {
        CellState.Rare r = cell.rare();
        Stripe s = stripeOf(cell);
        synchronized (s) {
            int slot = r.evictionSlot;
            if (slot <= 0) {
                return false;
            }
            removeAt(s, slot - 1);
            r.evictionSlot = CHOSEN;
            inFlight.incrementAndGet();
            return true;
        }
    }
}
