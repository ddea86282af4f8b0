package io.goakt.internal.remote;

import com.google.protobuf.CodedOutputStream;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;


/**
 * Writes each outbound {@link Frame} as a 4-byte big-endian length and the frame's protobuf bytes, straight into
 * one buffer sized exactly for it.
 *
 * <p>ByteBuf ownership: the base class allocates the output buffer through {@link #allocateBuffer} and passes it
 * on to the next outbound handler, which owns it from then on (the base class releases it if encoding throws).
 * The {@code Frame} holds no {@code ByteBuf}.
 *
 * <p>Threading: stateless and {@link ChannelHandler.Sharable}; runs on each channel's event loop.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {

    /** Bytes of the length that precedes every frame: a big-endian {@code int}. */
    public static final int LENGTH_PREFIX_BYTES = Integer.BYTES;

    /** The encoder. */
    public FrameEncoder() {
        super(Frame.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(LENGTH_PREFIX_BYTES + msg.getSerializedSize());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame msg, ByteBuf out) throws Exception {
        writeFrame(msg, out);
    }

    /**
     * Bytes on the wire, length prefix included, of the frame that carries {@code envelope} (and nothing else), for
     * an envelope built on this node (one parsed from the network may hold unknown fields, which this does not
     * count).
     *
     * <p>Summed field by field, as protobuf's encoder sizes them: every remote send sizes its envelope, and
     * protobuf's generic sizing (a walk over the message's schema) was the largest share of a sending actor's time.
     * The nested refs are built once per actor and keep their memoized sizes.
     */
    public static int frameBytes(Envelope envelope) {
        int size = 0;
        if (envelope.hasSender()) {
            size += CodedOutputStream.computeMessageSize(Envelope.SENDER_FIELD_NUMBER, envelope.getSender());
        }
        if (envelope.hasReceiver()) {
            size += CodedOutputStream.computeMessageSize(Envelope.RECEIVER_FIELD_NUMBER, envelope.getReceiver());
        }
        String typeId = envelope.getTypeId();
        if (!typeId.isEmpty()) {
            size += CodedOutputStream.computeStringSize(Envelope.TYPE_ID_FIELD_NUMBER, typeId);
        }
        com.google.protobuf.ByteString payload = envelope.getPayload();
        if (!payload.isEmpty()) {
            size += CodedOutputStream.computeBytesSize(Envelope.PAYLOAD_FIELD_NUMBER, payload);
        }
        if (envelope.getCorrelationId() != 0) {
            size += CodedOutputStream.computeInt64Size(Envelope.CORRELATION_ID_FIELD_NUMBER,
                    envelope.getCorrelationId());
        }
        if (envelope.getHeadersCount() > 0) {
            for (java.util.Map.Entry<String, String> h : envelope.getHeadersMap().entrySet()) {
                int entry = CodedOutputStream.computeStringSize(1, h.getKey())
                        + CodedOutputStream.computeStringSize(2, h.getValue());
                size += CodedOutputStream.computeTagSize(Envelope.HEADERS_FIELD_NUMBER)
                        + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
            }
        }
        if (envelope.getKindValue() != 0) {
            size += CodedOutputStream.computeEnumSize(Envelope.KIND_FIELD_NUMBER, envelope.getKindValue());
        }
        if (envelope.getSenderKey() != 0) {
            size += CodedOutputStream.computeUInt32Size(Envelope.SENDER_KEY_FIELD_NUMBER, envelope.getSenderKey());
        }
        if (envelope.getReceiverKey() != 0) {
            size += CodedOutputStream.computeUInt32Size(Envelope.RECEIVER_KEY_FIELD_NUMBER,
                    envelope.getReceiverKey());
        }
        if (envelope.getTypeKey() != 0) {
            size += CodedOutputStream.computeUInt32Size(Envelope.TYPE_KEY_FIELD_NUMBER, envelope.getTypeKey());
        }
        return LENGTH_PREFIX_BYTES + CodedOutputStream.computeTagSize(Frame.ENVELOPE_FIELD_NUMBER)
                + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    }

    /**
     * Appends {@code frame} to {@code out}: its 4-byte length, then its bytes, written in place. Also used by
     * {@link CoalescingWriter} to put many frames into one buffer.
     */
    static void writeFrame(Frame frame, ByteBuf out) throws java.io.IOException {
        writeSized(out, frame.getSerializedSize(), frame::writeTo);
    }

    /** Writes a frame's body, whose size the caller has computed, to a protobuf stream. */
    @FunctionalInterface
    interface BodyWriter {
        void writeTo(CodedOutputStream out) throws java.io.IOException;
    }

    /** Appends a 4-byte length {@code size}, then what {@code body} writes: exactly {@code size} bytes, in place. */
    static void writeSized(ByteBuf out, int size, BodyWriter body) throws java.io.IOException {
        out.ensureWritable(LENGTH_PREFIX_BYTES + size);
        out.writeInt(size);
        int at = out.writerIndex();
        CodedOutputStream cos;
        byte[] copy = null;
        if (out.nioBufferCount() == 1) {
            cos = CodedOutputStream.newInstance(out.nioBuffer(at, size));
        } else {
            copy = new byte[size];
            cos = CodedOutputStream.newInstance(copy);
        }
        body.writeTo(cos);
        cos.checkNoSpaceLeft();
        if (copy == null) {
            out.writerIndex(at + size);
        } else {
            out.writeBytes(copy);
        }
    }
}
