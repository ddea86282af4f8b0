package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;

/**
 * A ref with no actor behind it that could be watched (an ask's temporary sender, a path nobody lives at): a watch
 * is answered with {@code Terminated} at once, and it never watches anything itself.
 */
abstract class TransientRef extends InternalActorRef {

    @Override
    public final boolean sendWatch(ActorRef watcher) {
        return false;
    }

    @Override
    public final void sendUnwatch(ActorRef watcher) {
    }

    @Override
    public final void sendDeathNotification(ActorRef dead) {
    }
}
