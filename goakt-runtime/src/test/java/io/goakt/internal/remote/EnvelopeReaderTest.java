package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Heartbeat;
import io.goakt.internal.remote.proto.Hello;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link EnvelopeReader} reads what protobuf writes, and makes of hostile bytes what protobuf's parser makes. */
class EnvelopeReaderTest {

    private static Envelope randomEnvelope(Random rnd) {
        Envelope.Builder b = Envelope.newBuilder();
        if (rnd.nextBoolean()) {
            b.setSender(FrameCodecTest.randomRef(rnd));
        }
        if (rnd.nextBoolean()) {
            b.setReceiver(FrameCodecTest.randomRef(rnd));
        }
        if (rnd.nextBoolean()) {
            b.setTypeId(FrameCodecTest.randomText(rnd));
        }
        if (rnd.nextBoolean()) {
            byte[] payload = new byte[rnd.nextInt(rnd.nextBoolean() ? 20 : 400)];
            rnd.nextBytes(payload);
            b.setPayload(ByteString.copyFrom(payload));
        }
        if (rnd.nextBoolean()) {
            b.setCorrelationId(rnd.nextBoolean() ? rnd.nextLong() : rnd.nextInt(1000));
        }
        for (int h = rnd.nextInt(3); h > 0; h--) {
            b.putHeaders(FrameCodecTest.randomText(rnd), FrameCodecTest.randomText(rnd));
        }
        b.setKindValue(rnd.nextInt(4));
        if (rnd.nextBoolean()) {
            b.setSenderKey(rnd.nextInt(5000));
            b.setReceiverKey(rnd.nextInt(200));
            b.setTypeKey(rnd.nextBoolean() ? -1 : rnd.nextInt(5000));
        }
        return b.build();
    }

    /** Field by field: protobuf keeps unknown fields, which the reader skips. */
    private static void assertSameFields(WireEnvelope got, Envelope expected, String why) {
        assertThat(got.hasSender()).as(why).isEqualTo(expected.hasSender());
        assertThat(got.getSender()).as(why).isEqualTo(expected.getSender());
        assertThat(got.hasReceiver()).as(why).isEqualTo(expected.hasReceiver());
        assertThat(got.getReceiver()).as(why).isEqualTo(expected.getReceiver());
        assertThat(got.getTypeId()).as(why).isEqualTo(expected.getTypeId());
        assertThat(got.getPayload()).as(why).isEqualTo(expected.getPayload());
        assertThat(got.getCorrelationId()).as(why).isEqualTo(expected.getCorrelationId());
        assertThat(got.getHeadersMap()).as(why).isEqualTo(expected.getHeadersMap());
        assertThat(got.getKindValue()).as(why).isEqualTo(expected.getKindValue());
        assertThat(got.getSenderKey()).as(why).isEqualTo(expected.getSenderKey());
        assertThat(got.getReceiverKey()).as(why).isEqualTo(expected.getReceiverKey());
        assertThat(got.getTypeKey()).as(why).isEqualTo(expected.getTypeKey());
    }

    @Test
    void everyEnvelopeProtobufWritesReadsBackEqualOrWithHeadersIsLeftToProtobuf() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        for (int i = 0; i < 20_000; i++) {
            Envelope env = randomEnvelope(rnd);
            byte[] frame = Frame.newBuilder().setEnvelope(env).build().toByteArray();
            Envelope expected = env.getHeadersCount() == 0 ? env : null; // with headers: left to protobuf
            WireEnvelope got = EnvelopeReader.readLoneEnvelope(frame);
            if (expected == null) {
                assertThat(got).as("seed %d", seed).isNull();
            } else {
                assertThat(got).as("seed %d", seed).isNotNull();
                assertSameFields(got, expected, "seed " + seed);
                assertThat(got.toEnvelope()).as("seed %d", seed).isEqualTo(expected);
            }
        }
    }

    /** The bytes in a direct buffer, as the decoder hands them over (protobuf parses those with its stream decoder). */
    private static ByteBuffer direct(byte[] bytes) {
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    /**
     * Hostile bytes: valid frames with bytes flipped, cut short, or extended. Wherever the reader reads a frame,
     * protobuf's parser, given the same direct buffer as the decoder gave it, agrees: both refuse it, or both read
     * the same fields.
     */
    @Test
    void onDamagedFramesTheReaderRefusesExactlyWhatProtobufRefuses() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        int refused = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] valid = Frame.newBuilder().setEnvelope(randomEnvelope(rnd)).build().toByteArray();
            byte[] frame = switch (rnd.nextInt(4)) {
                case 0 -> Arrays.copyOf(valid, rnd.nextInt(valid.length + 1));
                case 1 -> Arrays.copyOf(valid, valid.length + 1 + rnd.nextInt(4));
                default -> {
                    for (int flips = 1 + rnd.nextInt(3); flips > 0; flips--) {
                        valid[rnd.nextInt(valid.length)] = (byte) rnd.nextInt(256);
                    }
                    yield valid;
                }
            };
            WireEnvelope ours;
            String why = "seed " + seed + ", frame " + i + ": " + Arrays.toString(frame);
            try {
                ours = EnvelopeReader.readLoneEnvelope(frame.clone());
            } catch (InvalidProtocolBufferException e) {
                refused++;
                try {
                    Frame.parseFrom(direct(frame));
                } catch (InvalidProtocolBufferException expected) {
                    continue;
                }
                throw new AssertionError("the reader refused what protobuf read (" + e.getMessage() + "); " + why);
            }
            if (ours != null) {
                Frame theirs;
                try {
                    theirs = Frame.parseFrom(direct(frame));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError("protobuf refused what the reader read; " + why, e);
                }
                assertThat(theirs.hasEnvelope()).as(why).isTrue();
                assertSameFields(ours, theirs.getEnvelope(), why);
            }
        }
        assertThat(refused).as("seed %d: damage is refused at times", seed).isPositive();
    }

    @Test
    void aFrameOfAnotherKindOrWithMoreThanTheEnvelopeIsLeftToProtobuf() throws Exception {
        Envelope env = Envelope.newBuilder().setTypeId("t").setPayload(ByteString.copyFromUtf8("x")).build();
        byte[] hello = Frame.newBuilder().setHello(Hello.newBuilder().setSystem("s")).build().toByteArray();
        assertThat(EnvelopeReader.readLoneEnvelope(hello)).isNull();
        assertThat(EnvelopeReader.readLoneEnvelope(new byte[0])).isNull();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.write(Frame.newBuilder().setEnvelope(env).build().toByteArray());
        two.write(Frame.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtNanos(5)).build().toByteArray());
        assertThat(EnvelopeReader.readLoneEnvelope(two.toByteArray())).isNull();
        assertThat(Frame.parseFrom(two.toByteArray()).hasHeartbeat()).as("protobuf keeps the last of a oneof")
                .isTrue();
    }

    @Test
    void aRefThatOccursAgainWithAnEmptySystemOnTheWireClearsTheSystemAsProtobufDoes() throws Exception {
        Envelope env = Envelope.newBuilder().setTypeId("t")
                .setReceiver(io.goakt.internal.remote.proto.ActorRefData.newBuilder().setSystem("orders")
                        .setHost("10.0.0.1").setPort(9000).setUid(7))
                .build();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(env.toByteArray());
        CodedOutputStream again = CodedOutputStream.newInstance(body);
        again.writeTag(Envelope.RECEIVER_FIELD_NUMBER, 2);
        again.writeUInt32NoTag(2);
        again.writeTag(io.goakt.internal.remote.proto.ActorRefData.SYSTEM_FIELD_NUMBER, 2);
        again.writeUInt32NoTag(0); // the system, written on the wire though empty
        again.flush();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(Frame.ENVELOPE_FIELD_NUMBER, body.toByteArray());
        out.flush();
        byte[] frame = bytes.toByteArray();

        WireEnvelope ours = EnvelopeReader.readLoneEnvelope(frame.clone());
        Envelope theirs = Frame.parseFrom(direct(frame)).getEnvelope();

        assertThat(theirs.getReceiver().getSystem()).isEmpty();
        assertThat(theirs.getReceiver().getHost()).isEqualTo("10.0.0.1");
        assertSameFields(ours, theirs, "a ref merged on the wire");
    }

    @Test
    void aStringThatIsNotUtf8IsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeTag(Frame.ENVELOPE_FIELD_NUMBER, 2);
        out.writeUInt32NoTag(4);
        out.writeTag(Envelope.TYPE_ID_FIELD_NUMBER, 2);
        out.writeUInt32NoTag(2);
        out.writeRawBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        out.flush();
        byte[] frame = bytes.toByteArray();
        assertThatThrownBy(() -> EnvelopeReader.readLoneEnvelope(frame))
                .isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> Frame.parseFrom(frame)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void aDamagedEnvelopeIsACorruptedFrameFromTheDecoder() {
        EmbeddedChannel dec = new EmbeddedChannel(new FrameDecoder(1024));
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(3).writeByte(Frame.ENVELOPE_FIELD_NUMBER << 3 | 2).writeByte(1).writeByte(0x80);
        assertThatThrownBy(() -> dec.writeInbound(buf)).isInstanceOf(CorruptedFrameException.class);
        dec.finishAndReleaseAll();
    }

    @Test
    void thePayloadIsReadAsAViewOfTheFrameNotACopy() throws Exception {
        byte[] payload = "0123456789abcdef0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = Frame.newBuilder().setEnvelope(Envelope.newBuilder().setTypeId("t")
                .setPayload(ByteString.copyFrom(payload))).build().toByteArray();
        WireEnvelope env = EnvelopeReader.readLoneEnvelope(frame);
        assertThat(env.getPayload().toByteArray()).isEqualTo(payload);
        frame[frame.length - 1] = 'X'; // only to observe sharing: the decoder never writes a frame's array again
        assertThat(env.getPayload().byteAt(payload.length - 1)).isEqualTo((byte) 'X');
    }
}
