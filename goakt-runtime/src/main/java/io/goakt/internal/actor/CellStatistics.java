package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorInfo;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.MessageQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operator sees of an actor: messages processed, when it last ran, its state, children and restarts
 * ({@link #info()}).
 *
 * <h2>Threading</h2>
 * {@link #processedCount} and {@link #lastBatchSeconds} are plain fields that only the owner writes, once per turn
 * ({@link #afterBatch}), with release stores; snapshots on any thread read them with acquire loads, which pair with
 * those stores. A volatile store per turn would add a full fence, which showed in one-message turns; a snapshot needs
 * no more than a recent value.
 *
 * <h2>Footprint</h2>
 * The count is the low 32 bits (unsigned) in the cell and the wrap-arounds in {@link Rare#processedWraps}, which an
 * actor reaches after four billion messages: 4 bytes an idle actor does not carry. The owner stores the wrap count
 * (volatile) before the wrapped low word (release); a snapshot reads wraps, low, wraps again and retries if the wrap
 * count moved, so it never mixes a new low word with an old wrap count.
 */
abstract class CellStatistics extends Children {

    private static final VarHandle PROCESSED;
    private static final VarHandle LAST_BATCH;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PROCESSED = l.findVarHandle(CellStatistics.class, "processedCount", int.class);
            LAST_BATCH = l.findVarHandle(CellStatistics.class, "lastBatchSeconds", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The low 32 bits of the messages processed, unsigned; the rest in {@link Rare#processedWraps}. */
    private int processedCount;
    /** Seconds after the system's start when the last batch ended, plus one (0: never); 4 bytes, not 8. */
    private int lastBatchSeconds;

    CellStatistics(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                   MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    @Override
    final void afterBatch(int count) {
        // Plain read of the owner's own field; release stores pair with the acquire loads in info().
        int before = processedCount;
        int after = before + count;
        if (Integer.compareUnsigned(after, before) < 0) {
            Rare r = rare();
            r.processedWraps = r.processedWraps + 1; // volatile store, owner only: before the low word's release
        }
        PROCESSED.setRelease(this, after);
        LAST_BATCH.setRelease(this, system.secondsSinceStart() + 1);
    }

    /** A snapshot for operators. Any thread. */
    final ActorInfo info() {
        return info(true);
    }

    /**
     * A snapshot for operators, with the children's paths or, for a walk that has the children anyway, an empty
     * list (each path is a string built from the root). Any thread.
     */
    final ActorInfo info(boolean withChildren) {
        ActorInfo.State state;
        // Volatile loads of the status word: pair with the owner's atomic ors in Lifecycle.
        if (isTerminated()) {
            state = ActorInfo.State.STOPPED;
        } else if (isTerminating()) {
            state = ActorInfo.State.STOPPING;
        } else if (suspendedHereOrAbove()) {
            state = ActorInfo.State.SUSPENDED;
        } else if (isSuspended()) {
            state = ActorInfo.State.AWAITING_SUPERVISOR;
        } else {
            state = ActorInfo.State.RUNNING;
        }
        List<String> kids = withChildren ? new ArrayList<>() : List.of();
        if (withChildren) {
            for (ActorCell c : childCells()) {
                if (!c.isTerminating()) { // volatile load: pairs with the child's atomic or when its stop began
                    kids.add(c.self.path());
                }
            }
        }
        Actor a = actor; // racy plain read of a reference: fine for a snapshot
        int lastSeconds = (int) LAST_BATCH.getAcquire(this); // acquire: pairs with afterBatch's release store
        long last = lastSeconds == 0 ? 0 : system.startTime().toEpochMilli() + (lastSeconds - 1) * 1000L;
        return new ActorInfo(self, a == null ? null : a.getClass().getName(), state, queueSize(),
                processed(), restarts(), kids, last == 0 ? null : Instant.ofEpochMilli(last),
                dispatcher.name());
    }

    /** This cell or an ancestor is suspended until reinstated. Any thread: volatile loads of the status words. */
    private boolean suspendedHereOrAbove() {
        for (CellState c = this; c != null; c = c.parent) {
            if (c.lastingSuspension()) {
                return true;
            }
        }
        return false;
    }

    /** The class name of the current instance, or null. Any thread; a racy plain read, fine for a label. */
    final String kind() {
        Actor a = actor;
        return a == null ? null : a.getClass().getName();
    }

    /** Messages processed so far; any thread. */
    final long processed() {
        while (true) {
            int wraps = processedWraps();
            int low = (int) PROCESSED.getAcquire(this); // acquire: pairs with afterBatch's release store
            if (wraps == processedWraps()) {
                return ((long) wraps << Integer.SIZE) + Integer.toUnsignedLong(low);
            }
        }
    }

    private int processedWraps() {
        Rare r = rareIfPresent();
        return r == null ? 0 : r.processedWraps; // volatile load: pairs with afterBatch's volatile store
    }

    /** Restarts so far; any thread. */
    private int restarts() {
        Rare r = rareIfPresent();
        return r == null ? 0 : r.restarts; // volatile load: pairs with Lifecycle.finishRecreate's store
    }
}
