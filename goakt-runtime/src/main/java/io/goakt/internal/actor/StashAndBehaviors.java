package io.goakt.internal.actor;

import io.goakt.actor.Behavior;
import io.goakt.actor.SpawnOptions;
import io.goakt.actor.StashOverflowException;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Behaviours ({@code become}, {@code becomeStacked}, {@code unbecome}) and the stash, with the front queue that
 * unstashed and other runtime-placed messages wait in ahead of the mailbox ({@link #front()}).
 *
 * <h2>Threading</h2>
 * Owner only: the current behaviour, the stack, stash and front queue live in the owner-only {@link Extras}, so an
 * actor that never calls {@code become} carries no field for them. No other thread reads them.
 */
abstract class StashAndBehaviors extends CellStatistics {

    StashAndBehaviors(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                      MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    @Override
    public final void become(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        Extras x = ext();
        if (x.behaviorStack != null && !x.behaviorStack.isEmpty()) {
            x.behaviorStack.pop();
            x.behaviorStack.push(next);
        }
        x.behavior = next;
    }

    @Override
    public final void becomeStacked(Behavior next) {
        Objects.requireNonNull(next, "behavior");
        Extras x = ext();
        if (x.behaviorStack == null) {
            x.behaviorStack = new ArrayDeque<>();
        }
        x.behaviorStack.push(next);
        x.behavior = next;
    }

    @Override
    public final void unbecome() {
        Extras x = extras();
        if (x == null) {
            return;
        }
        if (x.behaviorStack != null && !x.behaviorStack.isEmpty()) {
            x.behaviorStack.pop();
            x.behavior = x.behaviorStack.peek();
        } else {
            x.behavior = null;
        }
    }

    /** Back to the instance's own {@code receive}, with an empty stack: a new instance starts afresh. */
    final void resetBehavior() {
        Extras x = extras();
        if (x != null) {
            x.behavior = null;
            if (x.behaviorStack != null) {
                x.behaviorStack.clear();
            }
        }
    }

    @Override
    public final void stash() {
        Object m = currentMessage;
        if (m == null) {
            throw new IllegalStateException("stash() is only valid while handling a message");
        }
        if (currentStashed()) {
            // Stashed twice, it would be handled twice after unstashAll.
            throw new IllegalStateException("the current message of " + self.path() + " is already stashed");
        }
        if (ext().stash == null) {
            ext().stash = new ArrayDeque<>();
        }
        int capacity = stashCapacity();
        if (ext().stash.size() >= capacity) {
            throw new StashOverflowException(self.path(), capacity);
        }
        // A copy: the queue's envelope is cleared once this message is handled. Headers stay with the message.
        Object wrapped = ext().currentWrapped;
        ext().stash.addLast(new Envelope(wrapped != null ? wrapped : m, currentSender));
        currentStashed(true);
    }

    @Override
    public final boolean unstash() {
        if (ext().stash == null || ext().stash.isEmpty()) {
            return false;
        }
        front().addLast(ext().stash.pollFirst());
        return true;
    }

    @Override
    public final void unstashAll() {
        if (ext().stash == null || ext().stash.isEmpty()) {
            return;
        }
        ArrayDeque<Envelope> f = front();
        Envelope e;
        while ((e = ext().stash.pollFirst()) != null) {
            f.addLast(e);
        }
    }

    @Override
    public final int stashSize() {
        Extras x = extras();
        return x == null || x.stash == null ? 0 : x.stash.size();
    }

    /** The messages handed out before the mailbox's, created on first use. */
    final ArrayDeque<Envelope> front() {
        if (ext().unstashed == null) {
            ext().unstashed = new ArrayDeque<>();
        }
        return ext().unstashed;
    }
}
