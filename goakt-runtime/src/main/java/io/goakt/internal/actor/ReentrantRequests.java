package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.Reentrancy;
import io.goakt.actor.RequestCallback;
import io.goakt.actor.RequestLimitException;
import io.goakt.actor.SpawnOptions;
import io.goakt.dispatch.Dispatcher;
import io.goakt.mailbox.Envelope;
import io.goakt.mailbox.MessageQueue;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Requests that do not block the actor ({@code request}): the reply comes back through the user queue and runs its
 * callback on the actor's thread. A stash-non-reentrant request holds every other message back, in arrival order,
 * until its reply is in.
 *
 * <h2>Threading</h2>
 * Owner only: the pending requests and the held messages live in the owner-only {@link Extras}. A reply completes on
 * whatever thread answered the ask; that thread only enqueues it.
 */
abstract class ReentrantRequests extends Timers {

    ReentrantRequests(LocalActorSystem system, ActorCell parent, String name, Object factory, SpawnOptions options,
                      MessageQueue queue, Dispatcher dispatcher, boolean guardian) {
        super(system, parent, name, factory, options, queue, dispatcher, guardian);
    }

    @Override
    public final void request(ActorRef to, Object message, Duration timeout, RequestCallback callback) {
        request(to, message, timeout, options().reentrancy().mode(), callback);
    }

    @Override
    public final void request(ActorRef to, Object message, Duration timeout, Reentrancy.Mode mode,
                              RequestCallback callback) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(callback, "callback");
        if (ext().requests == null) {
            ext().requests = new HashMap<>();
        } else if (ext().requests.size() >= options().reentrancy().maxInFlight()) {
            throw new RequestLimitException(self.path(), options().reentrancy().maxInFlight());
        }
        long id = ++ext().requestSeq;
        CompletionStage<Object> reply = system.ask(to, message, timeout);
        ext().requests.put(id, new PendingRequest(to, callback, mode));
        if (mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            ext().blockingRequests++;
        }
        reply.whenComplete((value, error) -> {
            Envelope e = new Envelope(new RequestReply(id, value,
                    error == null ? null : LocalActorSystem.unwrap(error)), null);
            if (!sendUser(e)) {
                sendSystem(new SystemMessage.DeliverFront(e)); // a full bounded mailbox must not lose a reply
            }
        });
    }

    /** A reply reached the head of the queue: run its callback, then let held messages go once none blocks. */
    final void onRequestReply(RequestReply r) throws Exception {
        PendingRequest p = ext().requests == null ? null : ext().requests.remove(r.id);
        if (p == null) {
            return; // dropped by a restart
        }
        if (p.mode == Reentrancy.Mode.STASH_NON_REENTRANT) {
            ext().blockingRequests--;
        }
        try {
            currentMessage = r.value;
            currentSender = p.target;
            p.callback.onReply(this, r.value, r.error);
        } finally {
            if (ext().blockingRequests == 0) {
                releaseHeld();
            }
        }
    }

    /**
     * True for a runtime message that hands the actor a message of its own (a timer's message, ReceiveTimeout,
     * Terminated): while a stash-non-reentrant request waits it is held like any other, as the mode promises.
     * Replies, the health probe and the passivation check run at once. Held, it comes back as the same internal
     * message, so a timer cancelled meanwhile is still dropped then.
     */
    static boolean reachesActorCode(InternalMessage m) {
        return m instanceof DeathWatch.TerminatedDelivery
                || (m instanceof Timer t && t.key != HEALTH_CHECK_KEY && t.key != PASSIVATION_KEY);
    }

    final void holdForRequests(Object message, ActorRef sender) {
        if (ext().heldForRequests == null) {
            ext().heldForRequests = new ArrayDeque<>();
        }
        ext().heldForRequests.addLast(new Envelope(message, sender));
    }

    private void releaseHeld() {
        ArrayDeque<Envelope> held = ext().heldForRequests;
        if (held != null && !held.isEmpty()) {
            ArrayDeque<Envelope> f = front();
            Envelope e;
            while ((e = held.pollFirst()) != null) {
                f.addLast(e);
            }
        }
    }

    /** A restart forgets the pending requests (their replies are dropped) and lets the held messages go. */
    final void dropRequests() {
        ext().requests = null;
        ext().blockingRequests = 0;
        releaseHeld();
    }

    record PendingRequest(ActorRef target, RequestCallback callback, Reentrancy.Mode mode) {
    }

    /** The answer to a {@code request}, on its way through the user queue. */
    static final class RequestReply extends InternalMessage {
        private final long id;
        private final Object value;
        private final Throwable error;

        RequestReply(long id, Object value, Throwable error) {
            this.id = id;
            this.value = value;
            this.error = error;
        }

        long id() {
            return id;
        }

        Object value() {
            return value;
        }

        Throwable error() {
            return error;
        }
    }
}
