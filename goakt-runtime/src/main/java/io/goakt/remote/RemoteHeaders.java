package io.goakt.remote;

import io.goakt.actor.ActorRef;
import io.goakt.actor.ReceiveContext;

import java.util.Map;

/**
 * Reads the propagated headers of the message an actor is handling. Headers ride with the message's sender ref,
 * so they are there for any message that came from a remote sender; a message sent without a sender carries none
 * to the receiver.
 */
public final class RemoteHeaders {

    private RemoteHeaders() {
    }

    /** The headers of {@code ctx}'s current message; empty for a local message. Call on the actor's thread. */
    public static Map<String, String> of(ReceiveContext ctx) {
        Map<String, String> h = ctx.headers();
        if (!h.isEmpty()) {
            return h;
        }
        // A message forwarded by a local actor keeps its remote sender, and the headers ride with that ref.
        ActorRef sender = ctx.sender();
        if (sender == null) {
            return Map.of();
        }
        Remoting remoting = ctx.system().extension(Remoting.class).orElse(null);
        return remoting == null ? Map.of() : remoting.headersOf(sender);
    }
}
