package io.goakt.internal.actor;

import io.goakt.actor.Actor;
import io.goakt.actor.ActorInitializationException;
import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;
import io.goakt.actor.PostStart;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.eventstream.ActorRestarted;
import io.goakt.eventstream.ActorStarted;
import io.goakt.eventstream.ActorStopped;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;
import io.goakt.supervision.RestartPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * Start, restart and stop.
 *
 * <h2>Stopping</h2>
 * A stop (system message {@code Terminate}) marks the cell terminating, which ends user-message processing, and asks
 * every child to stop; once the last {@code ChildTerminated} arrives the cell runs {@code postStop}, closes the
 * mailbox, reports what is still queued as dead letters, tells its watchers and its parent. A restart
 * ({@code Recreate}) walks the same path for the children, then swaps the instance and keeps the mailbox: the message
 * it failed on goes to dead letters, the stash and every queued message survive.
 *
 * <h2>Threading</h2>
 * Owner only, except {@link #terminationFuture()} (any thread). Terminating and terminated are bits of the status
 * word that {@link CellState} sets by atomic or; each store here says what it pairs with. The first start runs on the
 * spawning thread, which owns the mailbox until {@code releaseInitialOwnership}.
 */
abstract class Lifecycle extends Supervision {

    private static final Logger LOG = LoggerFactory.getLogger(ActorCell.class);

    Lifecycle(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
              MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    // ---- start

    /** First start, on the spawning thread (which owns the mailbox). */
    final void start() {
        // PostStart comes first, before anything preStart sends, without going through the queue: it must not take
        // a bounded mailbox's slot nor be reordered by a priority mailbox.
        postStartDue(true);
        initialPostStart(true);
        try {
            actor = newInstance();
            if (actor == null) {
                throw new NullPointerException("actor factory returned null");
            }
            actor.preStart(this);
            instanceStarted(true);
        } catch (Throwable t) {
            failStart(t);
            throw new ActorInitializationException(self.path(), t);
        }
        system.actorStarted();
        startHealthCheck();
        startPassivation();
        admitForEviction();
        ObserverRelay relay = system.observerRelay();
        if (relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.started(me));
        }
        if (system.eventStream().hasSubscribers(ActorStarted.class)) {
            system.eventStream().publish(new ActorStarted(self));
        }
        releaseInitialOwnership();
    }

    /** preStart failed on the spawning thread: undo the spawn; children it made are stopped. */
    private void failStart(Throwable cause) {
        markTerminating(); // spawners of grandchildren on other threads see the stop
        parent.removeChild((ActorCell) this);
        for (ActorCell c : childCells()) {
            c.sendSystem(new SystemMessage.Terminate(false));
        }
        cancelAllTimers();
        // Withdraw the watches preStart made, as finishTerminate does: else each watched actor keeps this dead
        // cell in its watcher set for as long as it lives.
        withdrawWatches();
        close();
        SystemMessage rest = closeSystemQueue();
        handleDeadSystemMessages(rest);
        drainClosed();
        markTerminated(); // then completeTermination's volatile load: see terminationFuture
        completeTermination();
        LOG.debug("actor {} failed to start", self.path(), cause);
        // Let go with the re-check, not a bare setIdle: a sender that found the mailbox owned after the drain
        // above (say, from a callback of the termination future) left its message to us; the re-check drains it.
        releaseInitialOwnership();
        // A parent that began to stop after the put in spawn counts this child among those it waits for (the
        // guardian, spawned into from any thread, during shutdown): it must hear of the stop like any other.
        parent.sendSystem(new SystemMessage.ChildTerminated((ActorCell) this));
    }

    /** A child that lost the race with its parent's stop before it started. */
    final void abandonUnstarted() {
        markTerminating();
        close();
        handleDeadSystemMessages(closeSystemQueue());
        markTerminated(); // then completeTermination's volatile load: see terminationFuture
        completeTermination();
        releaseInitialOwnership(); // the re-check reports what reached the child through a lookup meanwhile
    }

    // ---- restart

    /** System message {@code Recreate}: a new instance, once every child has stopped. */
    final void handleRecreate(Throwable cause) {
        if (isTerminating()) {
            return;
        }
        if (hasLiveChildren()) {
            ext().recreateCause = cause;
            ext().afterChildren = AfterChildren.RECREATE;
            // No user messages until the new instance runs (a restart an operator asked for finds the cell
            // running): the old instance could spawn a child that nobody asks to stop, and the restart would wait
            // for it for ever. finishRecreate resumes.
            suspend();
            stopAllChildren();
            return;
        }
        finishRecreate(cause);
    }

    private void finishRecreate(Throwable cause) {
        ext().generation++;
        ObserverRelay relay = system.observerRelay();
        if (relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.restarting(me, cause));
        }
        dropRequests();
        ext().afterChildren = AfterChildren.NONE;
        ext().recreateCause = null;
        ext().escalatedChildren = null;
        clearSuspensionsForRestart();
        cancelAllTimers();
        ext().receiveTimeoutNanos = 0;
        reportFailedEnvelope("was restarted after " + cause);
        runPostStop();
        resetBehavior();
        // Stashed messages and the new PostStart go ahead of the mailbox: a restart loses nothing.
        ArrayDeque<Envelope> f = front();
        if (ext().stash != null) {
            Envelope e;
            while ((e = ext().stash.pollLast()) != null) {
                f.addFirst(e);
            }
        }
        f.addFirst(new Envelope(PostStart.INSTANCE, null));
        postStartDue(true);
        try {
            Actor fresh = newInstance();
            if (fresh == null) {
                throw new NullPointerException("actor factory returned null");
            }
            actor = fresh;
            fresh.preStart(this);
            instanceStarted(true);
        } catch (Throwable t) {
            // The fresh instance failed to start: the supervisor decides again (restart limits apply).
            f.pollFirst(); // its PostStart
            postStartDue(false);
            handleFailure(null, t, "in preStart", false);
            return;
        }
        resumeAfterFailure(); // also ends the suspension of handleRecreate's wait for the children
        Rare r = rare();
        r.restarts = r.restarts + 1; // only the owner stores; the volatile store pairs with snapshots' loads
        startHealthCheck();
        startPassivation();
        EventStreamImpl events = system.eventStream();
        if (events.hasSubscribers(ActorRestarted.class)) {
            events.publish(new ActorRestarted(self, cause));
        }
    }

    private void runPostStop() {
        if (!instanceStarted()) {
            return;
        }
        instanceStarted(false);
        try {
            actor.postStop(this);
        } catch (Throwable t) {
            LOG.warn("postStop of {} threw", self.path(), t);
        }
    }

    // ---- stop

    /** System message {@code Terminate}. */
    final void handleTerminate(boolean selfInitiated) {
        if (isTerminating()) {
            return;
        }
        if (selfInitiated && restartPolicy() == RestartPolicy.PERMANENT && system.isRunning() && parent != null
                && !parent.isTerminating()) { // volatile load: pairs with the parent's atomic or when its stop began
            // OTP permanent: a stop the actor asked for itself is answered with a restart, within the limits.
            handleFailure(null, new ActorCell.NormalExit(self.path()), "stopping itself", false);
            return;
        }
        // Atomic or (a full fence), then hasLiveChildren's volatile load of the children's count: the mirror image of
        // Children.spawn's add-then-load, so a child added concurrently is either seen here or sees the stop.
        markTerminating();
        cancelAllTimers();
        if (hasLiveChildren()) {
            ext().afterChildren = AfterChildren.TERMINATE;
            stopAllChildren();
            return;
        }
        finishTerminate();
    }

    /** System message {@code ChildTerminated}: forget the child; finish a stop or restart that waited for it. */
    final void onChildTerminated(ActorCell child) {
        removeChild(child);
        Extras x = extras();
        if (x == null) {
            return;
        }
        if (x.escalatedChildren != null) {
            x.escalatedChildren.remove(child);
        }
        if (x.afterChildren != AfterChildren.NONE && !hasLiveChildren()) {
            if (x.afterChildren == AfterChildren.TERMINATE) {
                finishTerminate();
            } else {
                finishRecreate(x.recreateCause);
            }
        }
    }

    private void finishTerminate() {
        Extras x = extras();
        if (x != null) {
            x.afterChildren = AfterChildren.NONE;
            x.behaviorStack = null;
            x.behavior = null;
        }
        cancelAllTimers();
        runPostStop();
        actor = null;
        withdrawWatches();
        if (parent != null) {
            // Free the name before anyone learns of the stop: watchers (a parent that re-creates a watched child on
            // Terminated may handle it on another thread before this method ends) and the asks failed by the dead
            // letters below, so a re-spawn after the stop is observed never collides.
            parent.removeChild((ActorCell) this);
        }
        close();
        handleDeadSystemMessages(closeSystemQueue());
        reportFailedEnvelope("was stopped"); // a string: building an exception here cost every stop a stack walk
        drainClosed();
        notifyWatchers();
        EventStreamImpl events = system.eventStream();
        events.unsubscribe(self);
        markTerminated(); // then completeTermination's volatile load: see terminationFuture
        if (parent != null) {
            system.actorStopped();
            if (system.eviction != null) {
                system.eviction.deregister((ActorCell) this); // after the live count dropped: see Eviction
            }
            if (events.hasSubscribers(ActorStopped.class)) {
                events.publish(new ActorStopped(self));
            }
        }
        completeTermination();
        ObserverRelay relay = system.observerRelay();
        if (parent != null && relay.active(observer())) {
            ActorRef me = self;
            relay.emit(observer(), o -> o.stopped(me));
        }
        if (parent != null) {
            parent.sendSystem(new SystemMessage.ChildTerminated((ActorCell) this));
        }
    }

    /** System messages that reached a closed cell: a watch is answered at once, the rest need nothing. */
    private void handleDeadSystemMessages(SystemMessage list) {
        for (SystemMessage m = list; m != null; m = m.next) {
            onDeadSystemMessage(m);
        }
    }

    @Override
    final void onDeadSystemMessage(SystemMessage message) {
        if (message instanceof SystemMessage.Watch w) {
            InternalActorRef.notifyWatcher(w.watcher, self);
        }
    }

    @Override
    final void drainClosed() {
        initialPostStart(false); // never handed out: the actor stopped before its first turn
        Extras x = extras();
        ArrayDeque<Envelope> held = x == null ? null : x.heldForRequests;
        if (held != null) {
            x.heldForRequests = null;
            for (Envelope e : held) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> front = x == null ? null : x.unstashed;
        if (front != null) {
            x.unstashed = null;
            for (Envelope e : front) {
                deadLetterOnStop(e);
            }
        }
        ArrayDeque<Envelope> s = x == null ? null : x.stash;
        if (s != null) {
            x.stash = null;
            for (Envelope e : s) {
                deadLetterOnStop(e);
            }
        }
        Envelope e;
        while ((e = pollQueueWaiting()) != null) {
            deadLetterOnStop(e);
            e.clear();
        }
    }

    private void deadLetterOnStop(Envelope e) {
        Object m = WithHeaders.unwrap(e.message());
        if (m == null || m instanceof InternalMessage || m == PostStart.INSTANCE) {
            return;
        }
        system.deadLetter(m, (ActorRef) e.sender(), self, DeadLetter.Reason.ACTOR_STOPPED,
                self.path() + " stopped before handling it");
    }

    // ---- termination signalling, any thread

    /** Completes when this cell has stopped. Any thread. */
    final CompletableFuture<Void> terminationFuture() {
        Rare r = rare();
        CompletableFuture<Void> f = r.termination; // volatile load: pairs with the store below, by any thread
        if (f == null) {
            synchronized (r) { // creators race; the lock makes one future, its volatile store publishes it
                f = r.termination;
                if (f == null) {
                    f = new CompletableFuture<>();
                    r.termination = f;
                }
            }
        }
        // Volatile store of the future (above, or by whoever created it), then this volatile load of the terminated
        // bit; completeTermination does the mirror image (atomic or of the bit, then volatile loads of rare and the
        // future), so at least one side completes it.
        if (isTerminated()) {
            f.complete(null);
        }
        return f;
    }

    private void completeTermination() {
        // A volatile load (not just acquire): it must not move before the caller's atomic or of the terminated bit.
        Rare r = rareVolatile();
        CompletableFuture<Void> f = r == null ? null : r.termination;
        if (f != null) {
            f.complete(null);
        }
    }
}
