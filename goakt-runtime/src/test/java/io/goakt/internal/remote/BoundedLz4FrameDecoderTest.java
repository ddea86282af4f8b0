package io.goakt.internal.remote;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.compression.Lz4FrameEncoder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The LZ4 decoder of a connection bounds each block by what the header states, before allocating. */
class BoundedLz4FrameDecoderTest {

    @Test
    void aBlockHeaderStatingMoreThanTheBoundIsRefusedBeforeAnythingIsAllocated() {
        EmbeddedChannel ch = new EmbeddedChannel(new BoundedLz4FrameDecoder(1 << 20));
        ByteBuf bomb = Unpooled.wrappedBuffer(WireFuzzSeedsTest.lz4Block(15, 1, 1 << 25));

        assertThatThrownBy(() -> ch.writeInbound(bomb)).isInstanceOf(TooLongFrameException.class)
                .hasMessageContaining("33554432");
        try {
            ch.finishAndReleaseAll();
        } catch (TooLongFrameException sameHeaderAtClose) {
            // the close reads the same header again; a real channel is closed by the first failure
        }
    }

    @Test
    void aStreamOfManyBlocksDecodesWhateverTheChunksItArrivesIn() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        EmbeddedChannel enc = new EmbeddedChannel(new Lz4FrameEncoder());
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) {
            byte[] b = new byte[random.nextInt(20_000)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt() : 'a' + j % 7);
            }
            plain.writeBytes(b);
            enc.writeOutbound(Unpooled.wrappedBuffer(b));
        }
        enc.finish();
        ByteBuf wire = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; ) {
            wire.writeBytes(b);
            b.release();
        }

        EmbeddedChannel dec = new EmbeddedChannel(new BoundedLz4FrameDecoder(1 << 16));
        while (wire.isReadable()) {
            dec.writeInbound(wire.readRetainedSlice(Math.min(wire.readableBytes(), 1 + random.nextInt(100))));
        }
        wire.release();
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        for (ByteBuf b; (b = dec.readInbound()) != null; ) {
            byte[] bytes = new byte[b.readableBytes()];
            b.readBytes(bytes);
            decoded.writeBytes(bytes);
            b.release();
        }
        assertThat(decoded.toByteArray()).as("seed %d", seed).isEqualTo(plain.toByteArray());
        dec.finishAndReleaseAll();
    }
}
