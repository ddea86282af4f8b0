package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.Terminated;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Death watch, both sides: the actors this one watches ({@code watching}, and the {@code Terminated} deliveries on
 * their way through the user queue) and the actors watching this one ({@code watchers}, told when it stops).
 *
 * <h2>Threading</h2>
 * Owner only. The tables live in the owner-only {@link Extras}; other actors reach them through system messages
 * ({@code Watch}, {@code Unwatch}, {@code DeathWatchNotification}) that the owner handles.
 *
 * <h2>What a watcher receives</h2>
 * Each watched ref maps to what the watcher receives when it stops: {@link #TERMINATED} for {@code watch}, which
 * becomes a fresh {@link Terminated}, or the message given to {@code watchWith}. The latest {@code watch} or
 * {@code watchWith} of a ref sets it, also while a delivery for that ref is already queued; the delivery reads it when
 * it reaches the actor, so the actor gets exactly one of them. A watched ref on another node takes the same path: its
 * death arrives as a {@code DeathWatchNotification} from the remoting layer, and the choice of message stays here.
 */
abstract class DeathWatch extends StashAndBehaviors {

    DeathWatch(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
               MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    /** What a plain {@code watch} delivers: a {@link Terminated} made when the delivery reaches the actor. */
    static final Object TERMINATED = new Object();

    @Override
    public final void watch(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        watch(ref, TERMINATED);
    }

    @Override
    public final void watchWith(ActorRef ref, Object message) {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(message, "message");
        watch(ref, message);
    }

    private void watch(ActorRef ref, Object message) {
        if (ref.equals(self)) {
            return;
        }
        Extras x = ext();
        if (x.terminatedQueued != null && x.terminatedQueued.containsKey(ref)) {
            // Its death is already on the way to this actor: that delivery carries the latest choice.
            x.terminatedQueued.put(ref, message);
            return;
        }
        if (x.watching == null) {
            x.watching = new HashMap<>();
        }
        if (x.watching.put(ref, message) != null) {
            return; // already watched: only the message changes
        }
        if (!(ref instanceof InternalActorRef r) || !r.sendWatch(self)) {
            // Not a live local actor: it is already dead, so the watcher learns it at once.
            sendSystem(new SystemMessage.DeathWatchNotification(ref));
        }
    }

    @Override
    public final void unwatch(ActorRef ref) {
        Objects.requireNonNull(ref, "ref");
        boolean was = ext().watching != null && ext().watching.remove(ref) != null;
        if (ext().terminatedQueued != null) {
            ext().terminatedQueued.remove(ref);
        }
        if (was && ref instanceof InternalActorRef r) {
            r.sendUnwatch(self);
        }
    }

    /** System message {@code Watch}: {@code watcher} is told when this actor stops. */
    final void addWatcher(ActorRef watcher) {
        if (!watcher.equals(self)) {
            if (ext().watchers == null) {
                ext().watchers = new HashSet<>();
            }
            ext().watchers.add(watcher);
        }
    }

    /** System message {@code Unwatch}. */
    final void removeWatcher(ActorRef watcher) {
        Extras x = extras();
        if (x != null && x.watchers != null) {
            x.watchers.remove(watcher);
        }
    }

    /** The number of watchers, for tests. A racy read from any thread, meaningful once the owner is quiet. */
    final int watcherCount() {
        Extras x = extras();
        Set<ActorRef> w = x == null ? null : x.watchers;
        return w == null ? 0 : w.size();
    }

    /** System message {@code DeathWatchNotification}: a watched actor stopped; the actor hears of it in order. */
    final void onWatchedTerminated(ActorRef dead) {
        Object message = ext().watching == null ? null : ext().watching.remove(dead);
        if (message == null || isTerminating()) {
            return;
        }
        if (ext().terminatedQueued == null) {
            ext().terminatedQueued = new HashMap<>();
        }
        ext().terminatedQueued.put(dead, message);
        // Through the user queue, so Terminated keeps its place after messages the dead actor sent before it died;
        // a full bounded mailbox must not lose it, so then it goes ahead of the queue instead.
        Envelope e = new Envelope(new TerminatedDelivery(dead), dead);
        if (!sendUser(e)) {
            front().addLast(e);
        }
    }

    /**
     * What the actor receives for a delivery still wanted (not unwatched since it was queued): a {@link Terminated}
     * or the {@code watchWith} message; null for one not wanted, or the second of two for the same ref.
     */
    final Object takeTerminatedDelivery(TerminatedDelivery d) {
        Extras x = extras();
        Object message = x == null || x.terminatedQueued == null ? null : x.terminatedQueued.remove(d.actor());
        return message == TERMINATED ? new Terminated(d.actor()) : message;
    }

    /** Withdraws every watch this actor made, so that no watched actor keeps this dead cell among its watchers. */
    final void withdrawWatches() {
        Extras x = extras();
        if (x != null && x.watching != null) {
            for (ActorRef w : x.watching.keySet()) {
                if (w instanceof InternalActorRef r) {
                    r.sendUnwatch(self);
                }
            }
            x.watching = null;
        }
    }

    /** Tells every watcher that this actor has stopped. */
    final void notifyWatchers() {
        Extras x = extras();
        if (x != null && x.watchers != null) {
            for (ActorRef w : x.watchers) {
                InternalActorRef.notifyWatcher(w, self);
            }
            x.watchers = null;
        }
    }

    /** Wraps {@code Terminated} on its way through the user queue, so an unwatch can still cancel it. */
    static final class TerminatedDelivery extends InternalMessage {
        private final ActorRef actor;

        TerminatedDelivery(ActorRef actor) {
            this.actor = actor;
        }

        ActorRef actor() {
            return actor;
        }
    }
}
