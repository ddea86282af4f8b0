package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link OutboundTell}, the tell queued without its envelope: the writer encodes it to exactly the bytes protobuf
 * writes for its envelope, on one connection's key tables as on a fresh one.
 */
class OutboundTellTest {

    /** Writes one frame with {@code write} into a heap or direct buffer; returns its bytes after the length prefix. */
    private static byte[] frame(boolean direct, FrameWrite write) throws Exception {
        ByteBuf buf = direct ? Unpooled.directBuffer(64) : Unpooled.buffer(64);
        try {
            write.to(buf);
            int size = buf.readInt();
            assertThat(buf.readableBytes()).as("the length prefix matches the bytes").isEqualTo(size);
            byte[] bytes = new byte[size];
            buf.readBytes(bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }

    @FunctionalInterface
    private interface FrameWrite {
        void to(ByteBuf out) throws Exception;
    }

    private static OutboundTell randomTell(Random rnd, List<ActorRefData> refs, List<String> types) {
        ActorRefData from = rnd.nextInt(4) == 0 ? null : refs.get(rnd.nextInt(refs.size()));
        ActorRefData to = refs.get(rnd.nextInt(refs.size()));
        String typeId = types.get(rnd.nextInt(types.size()));
        byte[] payload = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(rnd.nextBoolean() ? 20 : 400)];
        rnd.nextBytes(payload);
        long correlation = switch (rnd.nextInt(3)) {
            case 0 -> 0;
            case 1 -> rnd.nextLong();
            default -> rnd.nextInt(1000);
        };
        return new OutboundTell(from, to, typeId, OutboundTell.typeIdSize(typeId), payload, correlation);
    }

    @Test
    void aTellIsWrittenAsTheBytesProtobufWritesForItsEnvelope() throws Exception {
        long seed = System.nanoTime();
        Random rnd = new Random(seed);
        List<ActorRefData> refs = new ArrayList<>();
        // Few refs, so that names repeat and travel by key; or more than a table holds, so that keys are reused.
        for (int i = rnd.nextBoolean() ? 20 : OutboundKeys.MAX_KEYS + 500; i > 0; i--) {
            refs.add(FrameCodecTest.randomRef(rnd));
        }
        List<String> types = new ArrayList<>(List.of(""));
        for (int i = 0; i < 30; i++) {
            types.add(FrameCodecTest.randomText(rnd));
        }
        OutboundKeys tells = new OutboundKeys();
        OutboundKeys envelopes = new OutboundKeys();
        InboundKeys in = new InboundKeys();
        for (int i = 0; i < 20_000; i++) {
            String why = "seed " + seed + ", tell " + i;
            OutboundTell tell = randomTell(rnd, refs, types);
            Envelope env = tell.toEnvelope();
            boolean direct = rnd.nextBoolean();
            assertThat(tell.frameBytes).as(why).isEqualTo(FrameEncoder.frameBytes(env));

            byte[] ours = frame(direct, out -> tells.writeTell(tell, out));
            byte[] viaEnvelope = frame(direct, out -> envelopes.writeEnvelope(env, out));
            assertThat(ours).as(why + ": the tell and its envelope, on the same key tables").isEqualTo(viaEnvelope);
            Frame parsed = Frame.parseFrom(ours);
            assertThat(parsed.toByteArray()).as(why + ": protobuf writes the same message to the same bytes")
                    .isEqualTo(ours);
            InboundEnvelope read = in.resolve(parsed.getEnvelope(), ours.length + FrameEncoder.LENGTH_PREFIX_BYTES);
            assertThat(read.sender()).as(why).isEqualTo(tell.sender);
            assertThat(read.receiver()).as(why).isEqualTo(tell.receiver);
            assertThat(read.typeId()).as(why).isEqualTo(tell.typeId);
            assertThat(read.wire().getPayload().toByteArray()).as(why).isEqualTo(tell.payload);
            assertThat(read.wire().getCorrelationId()).as(why).isEqualTo(tell.correlationId);
            assertThat(read.wire().getKind()).as(why).isEqualTo(Envelope.Kind.TELL);

            OutboundKeys first = new OutboundKeys();
            byte[] firstUse = frame(direct, out -> first.writeTell(tell, out));
            Envelope.Builder withKeys = env.toBuilder();
            int key = 1;
            if (tell.sender != null) {
                withKeys.setSenderKey(key++);
            }
            if (tell.receiver.equals(tell.sender)) {
                withKeys.clearReceiver().setReceiverKey(1); // the sender's binding names it already
            } else {
                withKeys.setReceiverKey(key);
            }
            if (!tell.typeId.isEmpty()) {
                withKeys.setTypeKey(1);
            }
            assertThat(firstUse).as(why + ": on a fresh connection, protobuf's encoding of the envelope and its keys")
                    .isEqualTo(Frame.newBuilder().setEnvelope(withKeys).build().toByteArray());
        }
    }
}
