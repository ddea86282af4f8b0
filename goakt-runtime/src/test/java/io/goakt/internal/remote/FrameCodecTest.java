package io.goakt.internal.remote;

import io.goakt.remote.FailureKind;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame codec and the handshake handler on {@link EmbeddedChannel}s. */
class FrameCodecTest {

    private static final Frame ENVELOPE = Frame.newBuilder()
            .setEnvelope(Envelope.newBuilder().setTypeId("t").setCorrelationId(7)).build();

    @Test
    void aFrameRoundTripsThroughEncoderAndDecoder() {
        EmbeddedChannel enc = new EmbeddedChannel(new FrameEncoder());
        assertThat(enc.writeOutbound(ENVELOPE)).isTrue();
        ByteBuf wire = enc.readOutbound();
        assertThat(wire.getInt(0)).isEqualTo(ENVELOPE.getSerializedSize());

        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(1024));
        // Byte by byte: the decoder must wait for the whole frame.
        while (wire.isReadable()) {
            dec.writeInbound(wire.readRetainedSlice(1));
        }
        wire.release();
        DecodedFrame decoded = dec.readInbound();
        assertThat(decoded.frame()).as("an envelope alone arrives without its frame").isNull();
        assertThat(decoded.envelope().toEnvelope()).isEqualTo(ENVELOPE.getEnvelope());
        assertThat(decoded.bytes()).isEqualTo(ENVELOPE.getSerializedSize() + 4);
        assertThat(dec.finishAndReleaseAll()).isFalse();
        enc.finishAndReleaseAll();
    }

    @Test
    void anEnvelopesFrameSizeIsExactlyWhatProtobufWrites() {
        long seed = System.nanoTime();
        java.util.Random rnd = new java.util.Random(seed);
        for (int i = 0; i < 20_000; i++) {
            io.goakt.internal.remote.proto.Envelope.Builder b = io.goakt.internal.remote.proto.Envelope.newBuilder();
            if (rnd.nextBoolean()) {
                b.setSender(randomRef(rnd));
            }
            if (rnd.nextBoolean()) {
                b.setReceiver(randomRef(rnd));
            }
            if (rnd.nextBoolean()) {
                b.setTypeId(randomText(rnd));
            }
            if (rnd.nextBoolean()) {
                byte[] payload = new byte[rnd.nextInt(rnd.nextBoolean() ? 20 : 400)];
                rnd.nextBytes(payload);
                b.setPayload(com.google.protobuf.ByteString.copyFrom(payload));
            }
            if (rnd.nextBoolean()) {
                b.setCorrelationId(rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(1000));
            }
            for (int h = rnd.nextInt(3); h > 0; h--) {
                b.putHeaders(randomText(rnd), randomText(rnd));
            }
            b.setKindValue(rnd.nextInt(3));
            if (rnd.nextBoolean()) {
                b.setSenderKey(rnd.nextInt(5000));
                b.setReceiverKey(rnd.nextInt(200));
                b.setTypeKey(rnd.nextBoolean() ? -1 : rnd.nextInt(5000));
            }
            io.goakt.internal.remote.proto.Envelope env = b.build();
            int expected = FrameEncoder.LENGTH_PREFIX_BYTES + Frame.newBuilder().setEnvelope(env).build().getSerializedSize();
            assertThat(FrameEncoder.frameBytes(env)).as("seed %d, envelope %s", seed, env).isEqualTo(expected);
        }
    }

    static io.goakt.internal.remote.proto.ActorRefData randomRef(java.util.Random rnd) {
        return io.goakt.internal.remote.proto.ActorRefData.newBuilder().setSystem(randomText(rnd))
                .setHost(randomText(rnd)).setPort(rnd.nextInt(70_000)).setPath(randomText(rnd))
                .setUid(rnd.nextBoolean() ? rnd.nextLong() : 0).build();
    }

    /** Empty, ASCII or not, short or long enough for a two-byte length. */
    static String randomText(java.util.Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int n = rnd.nextInt(rnd.nextBoolean() ? 8 : 200); n > 0; n--) {
            sb.append(rnd.nextInt(4) == 0 ? (char) (0xA0 + rnd.nextInt(3000)) : (char) ('a' + rnd.nextInt(26)));
        }
        return sb.toString();
    }

    @Test
    void anOversizedLengthFailsBeforeAllocating() {
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf buf = Unpooled.buffer().writeInt(1_000_000);
        assertThatThrownBy(() -> dec.writeInbound(buf)).isInstanceOf(TooLongFrameException.class);
        dec.finishAndReleaseAll();
    }

    @Test
    void aNegativeLengthIsTooLongAndGarbageIsCorrupted() {
        EmbeddedChannel neg = new EmbeddedChannel(new FrameDecoder(1024));
        // The length is unsigned: a "negative" one is huge and refused before any allocation.
        assertThatThrownBy(() -> neg.writeInbound(Unpooled.buffer().writeInt(-5)))
                .isInstanceOf(TooLongFrameException.class);
        neg.finishAndReleaseAll();

        EmbeddedChannel junk = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf buf = Unpooled.buffer().writeInt(4).writeBytes(new byte[]{(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        assertThatThrownBy(() -> junk.writeInbound(buf)).isInstanceOf(CorruptedFrameException.class);
        junk.finishAndReleaseAll();
    }

    /** Records what the handler reports. */
    static final class Recorder implements ChannelEvents {
        final List<Object> events = new ArrayList<>();

        @Override
        public void inboundReady(Channel channel, Hello hello) {
            events.add(hello);
        }

        @Override
        public void outboundReady(Channel channel, HelloAck ack) {
            events.add(ack);
        }

        @Override
        public void envelope(Channel channel, InboundEnvelope envelope) {
            events.add(envelope);
        }

        @Override
        public void failed(Channel channel, FailureKind failure, Throwable cause) {
            events.add(failure);
        }

        @Override
        public void closed(Channel channel, boolean client, boolean handshaken) {
            events.add("closed");
        }
    }

    private static HandshakeSettings settings(String... compression) {
        return new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, "sys", "127.0.0.1", 1000,
                List.of(compression), 1024);
    }

    @Test
    void aFrameBeforeTheHandshakeClosesTheChannel() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new RemoteChannelHandler(false, settings("none"), r, 3));
        ch.writeInbound(ENVELOPE);
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.events).containsExactly(FailureKind.UNEXPECTED_FRAME, "closed");
        ch.finishAndReleaseAll();
    }

    @Test
    void theServerAnswersHelloWithTheCompressionItChoseAndThenAcceptsEnvelopes() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.pipeline().addLast(RemoteChannelInitializer.FRAME_DECODER, new FrameDecoder(1024));
        ch.pipeline().addLast(RemoteChannelInitializer.FRAME_ENCODER, new FrameEncoder());
        ch.pipeline().addLast(new RemoteChannelHandler(false, settings("lz4", "none"), r, 3));
        Hello hello = Hello.newBuilder().setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION).setSystem("peer")
                .addCompression("zstd").addCompression("lz4").build();
        ch.pipeline().fireChannelRead(Frame.newBuilder().setHello(hello).build());
        ByteBuf ack = ch.readOutbound();
        ack.skipBytes(4);
        Frame ackFrame;
        try {
            ackFrame = Frame.parseFrom(ack.nioBuffer());
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            ack.release();
        }
        assertThat(ackFrame.getHelloAck().getCompression()).isEqualTo("lz4");
        assertThat(ch.pipeline().get("decompress")).isNotNull();
        assertThat(r.events).containsExactly(hello);
        ch.finishAndReleaseAll();
    }

    @Test
    void anotherProtocolVersionIsRefused() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new RemoteChannelHandler(false, settings("none"), r, 3));
        ch.writeInbound(Frame.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(99)).build());
        Frame ack = ch.readOutbound();
        assertThat(ack.getHelloAck().getRefusal()).contains("99");
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.events).contains(FailureKind.HANDSHAKE_FAILED);
        ch.finishAndReleaseAll();
    }

    @Test
    void compressionChoiceIsTheFirstOfferTheServerAccepts() {
        assertThat(CompressionCodecs.choose(List.of("zstd", "lz4"), List.of("lz4", "zstd"))).isEqualTo("zstd");
        assertThat(CompressionCodecs.choose(List.of("zstd", "lz4"), List.of("lz4"))).isEqualTo("lz4");
        assertThat(CompressionCodecs.choose(List.of("zstd"), List.of("none"))).isEqualTo("none");
        assertThat(CompressionCodecs.choose(List.of("brotli"), List.of("brotli"))).isEqualTo("none");
    }

    @Test
    void aHelloWithoutASystemNameIsRefused() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new RemoteChannelHandler(false, settings("none"), r, 3));
        ch.writeInbound(Frame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION)).build());
        Frame ack = ch.readOutbound();
        assertThat(ack.getHelloAck().getRefusal()).contains("system name");
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.events).contains(FailureKind.HANDSHAKE_FAILED);
        ch.finishAndReleaseAll();
    }
}
