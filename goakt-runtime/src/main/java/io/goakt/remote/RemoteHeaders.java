package io.goakt.remote;

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
        return ctx.sender() instanceof RemoteActorRef r ? r.headers() : Map.of();
    }
}
