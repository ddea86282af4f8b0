package io.goakt.internal.remote;

import com.google.protobuf.CodedOutputStream;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.ByteBuffer;

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

    /** The encoder. */
    public FrameEncoder() {
        super(Frame.class, true);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Frame msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(4 + msg.getSerializedSize());
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame msg, ByteBuf out) throws Exception {
        writeFrame(msg, out);
    }

    /** Bytes on the wire, length prefix included, of the frame that carries {@code envelope} (and nothing else). */
    public static int frameBytes(Envelope envelope) {
        return 4 + CodedOutputStream.computeMessageSize(3, envelope); // Frame.envelope is field 3
    }

    /**
     * Appends {@code frame} to {@code out}: its 4-byte length, then its bytes, written in place. Also used by
     * {@link CoalescingWriter} to put many frames into one buffer.
     */
    static void writeFrame(Frame frame, ByteBuf out) throws java.io.IOException {
        int size = frame.getSerializedSize();
        out.ensureWritable(4 + size);
        out.writeInt(size);
        int at = out.writerIndex();
        if (out.nioBufferCount() == 1) {
            ByteBuffer target = out.nioBuffer(at, size);
            CodedOutputStream cos = CodedOutputStream.newInstance(target);
            frame.writeTo(cos);
            cos.checkNoSpaceLeft();
            out.writerIndex(at + size);
        } else {
            out.writeBytes(frame.toByteArray());
        }
    }
}
