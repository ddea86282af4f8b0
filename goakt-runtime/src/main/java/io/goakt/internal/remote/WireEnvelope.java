package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;

import java.util.Map;

/**
 * The fields of an {@link Envelope} as read from a frame, held as they are: what {@link EnvelopeReader} makes of
 * the common frame without building the protobuf message. Building one (a mutable message, then protobuf's
 * schema walk that freezes it) was the largest single cost of the receiving event loop. The getters are named as
 * the generated message's, with the same defaults: an absent ref is the default instance, an absent string is "".
 *
 * <p>Threading: immutable; the payload may be a view of the frame's array, which no one writes again.
 */
public final class WireEnvelope {

    private final ActorRefData sender;
    private final ActorRefData receiver;
    private final String typeId;
    private final ByteString payload;
    private final long correlationId;
    private final Map<String, String> headers;
    private final int kind;
    private final int senderKey;
    private final int receiverKey;
    private final int typeKey;

    WireEnvelope(ActorRefData sender, ActorRefData receiver, String typeId, ByteString payload, long correlationId,
                 Map<String, String> headers, int kind, int senderKey, int receiverKey, int typeKey) {
        this.sender = sender;
        this.receiver = receiver;
        this.typeId = typeId;
        this.payload = payload;
        this.correlationId = correlationId;
        this.headers = headers;
        this.kind = kind;
        this.senderKey = senderKey;
        this.receiverKey = receiverKey;
        this.typeKey = typeKey;
    }

    /** The fields of {@code env}. */
    public static WireEnvelope of(Envelope env) {
        return new WireEnvelope(env.hasSender() ? env.getSender() : null,
                env.hasReceiver() ? env.getReceiver() : null, env.getTypeId(), env.getPayload(),
                env.getCorrelationId(), env.getHeadersMap(), env.getKindValue(), env.getSenderKey(),
                env.getReceiverKey(), env.getTypeKey());
    }

    /** The protobuf message with these fields; for the rare paths that need one. */
    public Envelope toEnvelope() {
        Envelope.Builder b = Envelope.newBuilder().setTypeId(typeId).setPayload(payload)
                .setCorrelationId(correlationId).putAllHeaders(headers).setKindValue(kind).setSenderKey(senderKey)
                .setReceiverKey(receiverKey).setTypeKey(typeKey);
        if (sender != null) {
            b.setSender(sender);
        }
        if (receiver != null) {
            b.setReceiver(receiver);
        }
        return b.build();
    }

    /** Whether the sender is on the frame in full. */
    public boolean hasSender() {
        return sender != null;
    }

    /** The sender in full, or the default instance. */
    public ActorRefData getSender() {
        return sender != null ? sender : ActorRefData.getDefaultInstance();
    }

    /** Whether the receiver is on the frame in full. */
    public boolean hasReceiver() {
        return receiver != null;
    }

    /** The receiver in full, or the default instance. */
    public ActorRefData getReceiver() {
        return receiver != null ? receiver : ActorRefData.getDefaultInstance();
    }

    /** The type id in full, or "". */
    public String getTypeId() {
        return typeId;
    }

    /** The payload. */
    public ByteString getPayload() {
        return payload;
    }

    /** The correlation id, or 0. */
    public long getCorrelationId() {
        return correlationId;
    }

    /** The headers; unmodifiable. */
    public Map<String, String> getHeadersMap() {
        return headers;
    }

    /** How many headers. */
    public int getHeadersCount() {
        return headers.size();
    }

    /** The kind's number. */
    public int getKindValue() {
        return kind;
    }

    /** The kind; {@code UNRECOGNIZED} for a number this build does not know. */
    public Envelope.Kind getKind() {
        Envelope.Kind k = Envelope.Kind.forNumber(kind);
        return k != null ? k : Envelope.Kind.UNRECOGNIZED;
    }

    /** The sender's key, or 0. */
    public int getSenderKey() {
        return senderKey;
    }

    /** The receiver's key, or 0. */
    public int getReceiverKey() {
        return receiverKey;
    }

    /** The type id's key, or 0. */
    public int getTypeKey() {
        return typeKey;
    }
}
