package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;

import java.util.Map;

/**
 * The runtime's side of every {@link ActorRef}: the death-watch plumbing that local, remote and temporary refs
 * implement each in their own way. Public only so that the runtime's own remoting and cluster packages can extend
 * it; applications never use it. The system's counterpart is {@link InternalActorSystem}.
 *
 * <p>Threading: every method may be called by any thread.
 */
public abstract class InternalActorRef extends ActorRef {

    /** For the runtime's ref kinds. */
    protected InternalActorRef() {
    }

    /**
     * Asks the actor behind this ref to tell {@code watcher} (through {@link #sendDeathNotification}) when it stops.
     *
     * @return false when the actor is known to be gone already; the caller then treats it as stopped at once
     */
    public abstract boolean sendWatch(ActorRef watcher);

    /** Withdraws an earlier {@link #sendWatch}. */
    public abstract void sendUnwatch(ActorRef watcher);

    /** Tells the actor behind this ref, a watcher, that {@code dead} has stopped. */
    public abstract void sendDeathNotification(ActorRef dead);

    /**
     * Sends {@code message} with {@code headers} that the receiver reads through {@code ReceiveContext.headers()}.
     * Refs that cannot carry headers (an ask's temporary sender) send the message alone.
     */
    public void tell(Object message, ActorRef sender, Map<String, String> headers) {
        tell(message, sender);
    }

    /**
     * True once the actor behind this ref is known to be stopping or stopped: a cache of refs must look the path up
     * again. False when unknown (a remote or temporary ref).
     */
    public boolean isKnownStopped() {
        return false;
    }

    /**
     * True for an ask's temporary sender (a ref under {@code /temp/}), which a remote node cannot address by path.
     * Refs that know they are not temporary answer without building their path.
     */
    public boolean isTemporary() {
        return path().startsWith("/temp/");
    }

    /** Delivers a death notification to {@code watcher} if it is a runtime ref; other refs cannot watch. */
    public static void notifyWatcher(ActorRef watcher, ActorRef dead) {
        if (watcher instanceof InternalActorRef r) {
            r.sendDeathNotification(dead);
        }
    }
}
