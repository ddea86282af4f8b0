package io.goakt.internal.actor;

import io.goakt.actor.ActorRef;
import io.goakt.actor.DeadLetter;

import java.util.Objects;

/**
 * The one reply policy of every context that answers a message ({@code ReceiveContext.respond} of actors and grains):
 * the reply goes to the message's sender, from the replier; a message that came without a sender has no one to answer,
 * so the reply becomes a dead letter ({@link DeadLetter.Reason#NO_SENDER}) rather than vanish.
 */
public final class Replies {

    private Replies() {
    }

    /**
     * Sends {@code reply} to {@code to} with {@code from} as its sender, or reports it as a dead letter when {@code to}
     * is null.
     *
     * @param reply  the reply; not null
     * @param to     the sender of the message being answered, or null when it had none
     * @param from   the replier, the reply's sender; named in the dead letter
     * @param system where dead letters go
     * @throws NullPointerException if {@code reply} is null
     */
    public static void respond(Object reply, ActorRef to, ActorRef from, InternalActorSystem system) {
        Objects.requireNonNull(reply, "reply");
        if (to == null) {
            system.deadLetter(reply, from, null, DeadLetter.Reason.NO_SENDER,
                    "reply from " + from.path() + " to a message without a sender");
        } else {
            to.tell(reply, from);
        }
    }
}
