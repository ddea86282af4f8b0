package io.goakt.internal.remote;

import com.google.protobuf.InvalidProtocolBufferException;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Splits the inbound byte stream into frames (a 4-byte big-endian length, then that many bytes) and parses each
 * into a protobuf {@link Frame}, or, for a frame that carries an envelope alone, reads its envelope's fields ({@link WireEnvelope}) with
 * {@link EnvelopeReader}. Input is hostile: the length is checked against the configured maximum before any
 * buffer is allocated for it ({@code TooLongFrameException}, fail-fast; the length is unsigned, so a
 * "negative" one is simply too long), and bytes that are not a {@code Frame} are a {@code CorruptedFrameException}
 * too. Each error propagates to {@code exceptionCaught}, where {@link RemoteChannelHandler} closes this one
 * channel.
 *
 * <p>ByteBuf ownership: the cumulation buffer belongs to the {@code ByteToMessageDecoder} base class. Each frame
 * slice that the base class hands to {@link #decode} is owned here and released in {@code finally} once parsed;
 * what goes downstream is a {@link DecodedFrame}, which holds no {@code ByteBuf}.
 *
 * <p>Threading: one instance per channel, used by its event loop only.
 */
public final class FrameDecoder extends LengthFieldBasedFrameDecoder {

    /**
     * With frames of at most {@code maxFrameBytes} (the 4-byte length prefix not counted), a value the config
     * checked against {@link io.goakt.internal.util.Limits#MAX_FRAME_SIZE}, so adding the prefix cannot overflow.
     */
    public FrameDecoder(int maxFrameBytes) {
        super(maxFrameBytes + FrameEncoder.LENGTH_PREFIX_BYTES, 0, FrameEncoder.LENGTH_PREFIX_BYTES, 0,
                FrameEncoder.LENGTH_PREFIX_BYTES, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            int bytes = frame.readableBytes() + FrameEncoder.LENGTH_PREFIX_BYTES;
            // One copy of the frame into an array of its own (protobuf copied a direct buffer into an array too),
            // which the envelope's payload then shares instead of copying again.
            byte[] body = new byte[frame.readableBytes()];
            frame.getBytes(frame.readerIndex(), body);
            WireEnvelope envelope = EnvelopeReader.readLoneEnvelope(body);
            return envelope != null ? new DecodedFrame(null, envelope, bytes)
                    : new DecodedFrame(Frame.parseFrom(frame.nioBuffer()), null, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptedFrameException("frame of " + frame.readableBytes() + " bytes is not a Frame: "
                    + e.getMessage(), e);
        } finally {
            frame.release();
        }
    }
}
