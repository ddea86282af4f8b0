package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.util.Limits;
import io.goakt.remote.FailureKind;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The peer side of each limit in {@link Limits}: what a node's config accepts at the top of a range (system name,
 * advertised host and port, max frame size, key table) a peer accepts on the wire too, and one past the top is
 * refused there as it is in the config.
 */
class WireLimitsTest {

    private static HandshakeSettings server() {
        return new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION, "server", "127.0.0.1", 1000, List.of("none"),
                Limits.MIN_FRAME_SIZE);
    }

    private static Hello.Builder hello(String system) {
        return Hello.newBuilder().setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION).setSystem(system)
                .setHost("127.0.0.1").setPort(2000).addCompression("none");
    }

    /** The refusal the server answered with, empty when it accepted the hello. */
    private static String handshake(Hello.Builder hello) {
        FrameCodecTest.Recorder events = new FrameCodecTest.Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new RemoteChannelHandler(false, server(), events, 3));
        ch.writeInbound(Frame.newBuilder().setHello(hello).build());
        Frame ack = ch.readOutbound();
        String refusal = ack.getHelloAck().getRefusal();
        if (refusal.isEmpty()) {
            assertThat(ch.isOpen()).isTrue();
            assertThat(events.events).hasSize(1).first().isInstanceOf(Hello.class);
        } else {
            assertThat(ch.isOpen()).isFalse();
            assertThat(events.events).contains(FailureKind.HANDSHAKE_FAILED);
        }
        ch.finishAndReleaseAll();
        return refusal;
    }

    @Test
    void aSystemNameOfTheLongestLengthALocalSystemTakesIsAcceptedByThePeer() {
        assertThat(handshake(hello("s".repeat(Limits.MAX_NAME_LENGTH)))).isEmpty();
    }

    @Test
    void aSystemNameOneLongerIsRefusedByThePeer() {
        assertThat(handshake(hello("s".repeat(Limits.MAX_NAME_LENGTH + 1)))).contains("system name");
    }

    @Test
    void aSystemNameALocalSystemWouldRefuseForItsCharactersIsRefusedByThePeer() {
        assertThat(handshake(hello("a b"))).contains("system name");
    }

    @Test
    void anAdvertisedHostOfTheLongestLengthIsAcceptedAndOneLongerRefused() {
        assertThat(handshake(hello("peer").setHost("h".repeat(Limits.MAX_HOST_LENGTH)))).isEmpty();
        assertThat(handshake(hello("peer").setHost("h".repeat(Limits.MAX_HOST_LENGTH + 1))))
                .contains("advertised host");
    }

    @Test
    void anAdvertisedPortOfTheHighestNumberIsAcceptedAndOneHigherRefused() {
        assertThat(handshake(hello("peer").setPort(Limits.MAX_PORT))).isEmpty();
        assertThat(handshake(hello("peer").setPort(Limits.MAX_PORT + 1))).contains("advertised port");
        assertThat(handshake(hello("peer").setPort(-1))).contains("advertised port");
    }

    @Test
    void aNodeThatServesNothingMayAdvertiseNoHostAndPortZero() {
        assertThat(handshake(hello("client").clearHost().setPort(0))).isEmpty();
    }

    @Test
    void theLargestMaxFrameSizeBuildsADecoderThatWaitsForSuchAFrameAndRefusesOneByteMore() {
        EmbeddedChannel fits = new EmbeddedChannel(new FrameDecoder(Limits.MAX_FRAME_SIZE));
        assertThat(fits.writeInbound(Unpooled.buffer(4).writeInt(Limits.MAX_FRAME_SIZE))).isFalse();
        assertThat(fits.isOpen()).isTrue();
        fits.finishAndReleaseAll();

        EmbeddedChannel tooLong = new EmbeddedChannel(new FrameDecoder(Limits.MAX_FRAME_SIZE));
        assertThatThrownBy(() -> tooLong.writeInbound(Unpooled.buffer(4).writeInt(Limits.MAX_FRAME_SIZE + 1)))
                .isInstanceOf(TooLongFrameException.class);
        tooLong.finishAndReleaseAll();
    }

    @Test
    void theSmallestMaxFrameSizeDecodesAFrameOfThatSize() {
        Frame frame = frameOf(Limits.MIN_FRAME_SIZE);
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(Limits.MIN_FRAME_SIZE));
        byte[] body = frame.toByteArray();
        assertThat(ch.writeInbound(Unpooled.buffer().writeInt(body.length).writeBytes(body))).isTrue();
        DecodedFrame decoded = ch.readInbound();
        assertThat(decoded.bytes()).isEqualTo(Limits.MIN_FRAME_SIZE + FrameEncoder.LENGTH_PREFIX_BYTES);
        ch.finishAndReleaseAll();

        EmbeddedChannel tooLong = new EmbeddedChannel(new FrameDecoder(Limits.MIN_FRAME_SIZE));
        assertThatThrownBy(() -> tooLong.writeInbound(Unpooled.buffer(4).writeInt(Limits.MIN_FRAME_SIZE + 1)))
                .isInstanceOf(TooLongFrameException.class);
        tooLong.finishAndReleaseAll();
    }

    /** An envelope frame of exactly {@code bytes}, the length prefix not counted. */
    private static Frame frameOf(int bytes) {
        int payload = bytes;
        for (;;) {
            Frame frame = Frame.newBuilder().setEnvelope(Envelope.newBuilder().setTypeId("t")
                    .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[payload]))).build();
            int size = frame.getSerializedSize();
            if (size == bytes) {
                return frame;
            }
            payload -= size - bytes;
        }
    }

    @Test
    void theHighestKeyASenderBindsIsAcceptedAndOneHigherRefused() {
        InboundKeys in = new InboundKeys();
        ActorRefData ref = ActorRefData.newBuilder().setSystem("s").setHost("h").setPort(1).setPath("/user/a")
                .build();
        assertThat(in.resolve(Envelope.newBuilder().setSender(ref).setSenderKey(OutboundKeys.MAX_KEYS).build(), 10)
                .sender()).isEqualTo(ref);
        assertThat(in.resolve(Envelope.newBuilder().setSenderKey(OutboundKeys.MAX_KEYS).build(), 10).sender())
                .isEqualTo(ref);
        assertThatThrownBy(() -> in.resolve(Envelope.newBuilder().setSender(ref)
                .setSenderKey(OutboundKeys.MAX_KEYS + 1).build(), 10))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("out of range");
    }
}
