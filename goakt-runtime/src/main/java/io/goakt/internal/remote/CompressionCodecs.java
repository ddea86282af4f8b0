package io.goakt.internal.remote;

import io.goakt.remote.RemotingConfig;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.compression.Lz4FrameEncoder;
import io.netty.handler.codec.compression.ZstdDecoder;
import io.netty.handler.codec.compression.ZstdEncoder;

import java.util.List;

/**
 * The stream compressions a connection may negotiate, by wire name. The codecs sit between TLS and the frame
 * codec, so compression applies to whole batches of frames (one compressed block per flush).
 *
 * <p>Threading: stateless; {@link #install} runs on the channel's event loop.
 */
public final class CompressionCodecs {

    /** No compression. */
    public static final String NONE = "none";
    /** LZ4 frames (lz4-java). */
    public static final String LZ4 = "lz4";
    /** Zstandard (zstd-jni). */
    public static final String ZSTD = "zstd";
    /** Every name this node understands. */
    public static final List<String> SUPPORTED = List.of(ZSTD, LZ4, NONE);

    private CompressionCodecs() {
    }

    /** The first of {@code offered} that {@code accepted} contains, or {@link #NONE}. */
    public static String choose(List<String> offered, List<String> accepted) {
        for (String o : offered) {
            if (accepted.contains(o) && SUPPORTED.contains(o)) {
                return o;
            }
        }
        return NONE;
    }

    /**
     * Adds the codec for {@code name} around the frame codec of {@code pipeline} (which must hold handlers named
     * {@link RemoteChannelInitializer#FRAME_DECODER} and {@link RemoteChannelInitializer#FRAME_ENCODER}).
     */
    public static void install(ChannelPipeline pipeline, String name, int maxFrameBytes) {
        switch (name) {
            case NONE -> {
            }
            case LZ4 -> {
                pipeline.addBefore(RemoteChannelInitializer.FRAME_DECODER, "decompress",
                        new BoundedLz4FrameDecoder(maxDecompressedBlockBytes(maxFrameBytes)));
                pipeline.addBefore(RemoteChannelInitializer.FRAME_ENCODER, "compress", new Lz4FrameEncoder());
            }
            case ZSTD -> {
                pipeline.addBefore(RemoteChannelInitializer.FRAME_DECODER, "decompress",
                        new ZstdDecoder(maxDecompressedBlockBytes(maxFrameBytes)));
                pipeline.addBefore(RemoteChannelInitializer.FRAME_ENCODER, "compress", new ZstdEncoder());
            }
            default -> throw new IllegalArgumentException("unknown compression " + name);
        }
    }

    /**
     * The largest buffer a decompressor may allocate for one block: a whole frame with its length, and no less than
     * the default frame size, since one compressed block holds a batch of small frames. The block header states its
     * size, and a hostile peer states what it likes.
     */
    static int maxDecompressedBlockBytes(int maxFrameBytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max((long) RemotingConfig.DEFAULT_MAX_FRAME_SIZE,
                (long) maxFrameBytes + FrameEncoder.LENGTH_PREFIX_BYTES));
    }
}
