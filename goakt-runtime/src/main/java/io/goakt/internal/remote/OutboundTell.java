package io.goakt.internal.remote;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;

/**
 * A tell on its way to a peer, as {@link Outbound} queues it: the fields of its {@link Envelope} (a kind of
 * {@code TELL}, no headers), without the protobuf message. Building the message per send (a mutable instance, then
 * protobuf's schema walk in {@code buildPartial}) was a large share of a sending actor's time; the connection's
 * writer encodes these fields straight into its batch buffer ({@link OutboundKeys#writeTell}), byte for byte what
 * protobuf would write for the same envelope. A tell that must wait for a connection becomes an envelope
 * ({@link #toEnvelope}), as the backlog holds envelopes.
 *
 * <p>Threading: immutable; the payload array is the serializer's fresh output, read only.
 */
final class OutboundTell {

    final ActorRefData sender;
    final ActorRefData receiver;
    final String typeId;
    final byte[] payload;
    final long correlationId;
    /** Bytes on the wire with every name in full, length prefix included: as {@link FrameEncoder#frameBytes}. */
    final int frameBytes;

    /**
     * A tell of {@code payload} under {@code typeId} from {@code sender} (null: none) to {@code receiver};
     * {@code typeIdSize} is {@code CodedOutputStream.computeStringSize(TYPE_ID, typeId)}, which the caller keeps per
     * type id.
     */
    OutboundTell(ActorRefData sender, ActorRefData receiver, String typeId, int typeIdSize, byte[] payload,
                 long correlationId) {
        this.sender = sender;
        this.receiver = receiver;
        this.typeId = typeId;
        this.payload = payload;
        this.correlationId = correlationId;
        int size = CodedOutputStream.computeMessageSize(Envelope.RECEIVER_FIELD_NUMBER, receiver);
        if (sender != null) {
            size += CodedOutputStream.computeMessageSize(Envelope.SENDER_FIELD_NUMBER, sender);
        }
        if (!typeId.isEmpty()) {
            size += typeIdSize;
        }
        if (payload.length != 0) {
            size += CodedOutputStream.computeByteArraySize(Envelope.PAYLOAD_FIELD_NUMBER, payload);
        }
        if (correlationId != 0) {
            size += CodedOutputStream.computeInt64Size(Envelope.CORRELATION_ID_FIELD_NUMBER, correlationId);
        }
        this.frameBytes = FrameEncoder.LENGTH_PREFIX_BYTES + CodedOutputStream.computeTagSize(Frame.ENVELOPE_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    /** The size of the type id field for {@code typeId}, as {@link OutboundTell}'s constructor wants it. */
    static int typeIdSize(String typeId) {
        return CodedOutputStream.computeStringSize(Envelope.TYPE_ID_FIELD_NUMBER, typeId);
    }

    /** The envelope with these fields; the payload is shared, not copied. */
    Envelope toEnvelope() {
        Envelope.Builder b = Envelope.newBuilder().setReceiver(receiver).setTypeId(typeId)
                .setPayload(UnsafeByteOperations.unsafeWrap(payload)).setCorrelationId(correlationId);
        if (sender != null) {
            b.setSender(sender);
        }
        return b.build();
    }
}
