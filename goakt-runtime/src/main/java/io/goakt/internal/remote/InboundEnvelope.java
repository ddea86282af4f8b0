package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;

/**
 * An envelope as the engine handles it: the wire message, with its sender, receiver and type id resolved from the
 * connection's keys where the frame carried keys instead of the names (see {@link InboundKeys}). Read the names
 * from here, never from {@link #wire()}, whose fields are empty for a name sent by key.
 *
 * @param wire       the decoded envelope: payload, correlation id, headers, kind
 * @param sender     the sender, or null when the message has none
 * @param receiver   the receiver, or null (replies are routed by correlation id)
 * @param typeId     the payload's registered type id, or "" when the envelope carries none
 * @param frameBytes the frame's size on the wire, uncompressed, for metrics
 * @param keys       the key tables of the connection it came on, which keep the refs made of its senders; null
 *                   for an envelope that came on no connection
 */
public record InboundEnvelope(WireEnvelope wire, ActorRefData sender, ActorRefData receiver, String typeId,
                              int frameBytes, InboundKeys keys) {

    /** An envelope that carries its names in full, as one built on this node. */
    public static InboundEnvelope of(Envelope env, int frameBytes) {
        return new InboundEnvelope(WireEnvelope.of(env), env.hasSender() ? env.getSender() : null,
                env.hasReceiver() ? env.getReceiver() : null, env.getTypeId(), frameBytes, null);
    }
}
