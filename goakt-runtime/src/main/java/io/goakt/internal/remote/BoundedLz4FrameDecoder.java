package io.goakt.internal.remote;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.Lz4FrameDecoder;

import java.util.List;

/**
 * Netty's LZ4 block decoder with a bound on each block's decompressed size. {@link Lz4FrameDecoder} allocates the
 * decompressed length a block header states (up to 32 MiB) before it decompresses, whatever the connection's
 * maximum frame, so a peer could make a node allocate 32 MiB for every 22 bytes it sends. This decoder reads each
 * block header before its parent does and refuses a block that would decompress to more than the bound with a
 * {@link TooLongFrameException} (a {@code FRAME_TOO_LARGE} failure that closes this channel), before anything is
 * allocated for it.
 *
 * <p>It follows the block boundaries through the bytes its parent consumes: the parent reads a whole 21-byte header
 * (magic 8, token 1, compressed length 4, decompressed length 4, checksum 4, little-endian) only once all of it
 * has arrived, then a block's compressed bytes only once all of them have.
 *
 * <p>ByteBuf ownership: as its parent's. Threading: one instance per channel, its event loop only.
 */
final class BoundedLz4FrameDecoder extends Lz4FrameDecoder {

    private static final int HEADER_BYTES = 21;
    private static final int COMPRESSED_LENGTH_OFFSET = 9;
    private static final int DECOMPRESSED_LENGTH_OFFSET = 13;

    private final int maxBlockBytes;
    /** Compressed bytes of the current block its parent has yet to consume; 0 when a header comes next. */
    private long dataLeft;

    /** Refusing blocks that decompress to more than {@code maxBlockBytes}; checksums are verified. */
    BoundedLz4FrameDecoder(int maxBlockBytes) {
        super(true);
        this.maxBlockBytes = maxBlockBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        int start = in.readerIndex();
        boolean atHeader = dataLeft == 0;
        if (atHeader && in.readableBytes() >= HEADER_BYTES) {
            int decompressed = in.getIntLE(start + DECOMPRESSED_LENGTH_OFFSET);
            if (decompressed < 0 || decompressed > maxBlockBytes) {
                throw new TooLongFrameException("an LZ4 block of " + Integer.toUnsignedString(decompressed)
                        + " bytes exceeds " + maxBlockBytes);
            }
        }
        int compressed = atHeader && in.readableBytes() >= HEADER_BYTES
                ? in.getIntLE(start + COMPRESSED_LENGTH_OFFSET) : 0;
        super.decode(ctx, in, out);
        int consumed = in.readerIndex() - start;
        if (consumed > 0) {
            // After its end-of-stream block the parent skips whatever follows; the count then just stays at 0.
            dataLeft = Math.max(0, atHeader ? compressed - (long) (consumed - HEADER_BYTES) : dataLeft - consumed);
        }
    }
}
