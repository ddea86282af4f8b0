package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.remote.FailureKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OutboundKeys} and {@link InboundKeys}: what one side of a connection writes, the other reads back whole. */
class WireKeysTest {

    private static ActorRefData ref(String path) {
        return ActorRefData.newBuilder().setSystem("sys").setHost("127.0.0.1").setPort(4000).setPath(path)
                .setUid(path.hashCode()).build();
    }

    private static Envelope tell(ActorRefData from, ActorRefData to, String typeId, String payload) {
        Envelope.Builder b = Envelope.newBuilder().setReceiver(to).setTypeId(typeId)
                .setPayload(ByteString.copyFromUtf8(payload));
        if (from != null) {
            b.setSender(from);
        }
        return b.build();
    }

    /** Writes each envelope with one {@link OutboundKeys}, as one connection would; returns each frame's bytes. */
    private static List<byte[]> write(OutboundKeys out, List<Envelope> envelopes) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (Envelope e : envelopes) {
            ByteBuf buf = Unpooled.buffer();
            try {
                out.writeFrame(Frame.newBuilder().setEnvelope(e).build(), buf);
                int size = buf.readInt();
                assertThat(buf.readableBytes()).as("the length prefix matches the bytes").isEqualTo(size);
                byte[] bytes = new byte[size];
                buf.readBytes(bytes);
                frames.add(bytes);
            } finally {
                buf.release();
            }
        }
        return frames;
    }

    private static InboundEnvelope read(InboundKeys in, byte[] frame) throws Exception {
        return in.resolve(Frame.parseFrom(frame).getEnvelope(), frame.length + 4);
    }

    private static void assertSame(InboundEnvelope got, Envelope sent) {
        assertThat(got.sender()).isEqualTo(sent.hasSender() ? sent.getSender() : null);
        assertThat(got.receiver()).isEqualTo(sent.hasReceiver() ? sent.getReceiver() : null);
        assertThat(got.typeId()).isEqualTo(sent.getTypeId());
        assertThat(got.wire().getPayload()).isEqualTo(sent.getPayload());
        assertThat(got.wire().getCorrelationId()).isEqualTo(sent.getCorrelationId());
        assertThat(got.wire().getHeadersMap()).isEqualTo(sent.getHeadersMap());
        assertThat(got.wire().getKind()).isEqualTo(sent.getKind());
    }

    @Test
    void repeatedNamesTravelAsKeysAndReadBackWhole() throws Exception {
        ActorRefData a = ref("/user/a");
        ActorRefData b = ref("/user/b");
        List<Envelope> sent = List.of(
                tell(a, b, "test.Ping", "1"),
                tell(a, b, "test.Ping", "2"),
                tell(b, a, "test.Pong", "3"), // the same refs in other roles: keys are shared by both roles
                tell(null, b, "test.Ping", "4"),
                Envelope.newBuilder().setSender(a).setCorrelationId(42).setKind(Envelope.Kind.REPLY)
                        .setTypeId("test.Pong").setPayload(ByteString.copyFromUtf8("5")).build(),
                tell(ref("/user/b"), a, "test.Ping", "6").toBuilder().putHeaders("trace", "t-1").build(),
                Envelope.newBuilder().setReceiver(b).build()); // no type id, no payload
        List<byte[]> frames = write(new OutboundKeys(), sent);
        InboundKeys in = new InboundKeys();
        for (int i = 0; i < sent.size(); i++) {
            assertSame(read(in, frames.get(i)), sent.get(i));
        }
        assertThat(frames.get(1).length).as("the second envelope names everything by key")
                .isLessThan(frames.get(0).length - 2 * a.getSerializedSize());
        Envelope second = Frame.parseFrom(frames.get(1)).getEnvelope();
        assertThat(second.hasSender()).isFalse();
        assertThat(second.hasReceiver()).isFalse();
        assertThat(second.getTypeId()).isEmpty();
        assertThat(second.getSenderKey()).isEqualTo(1);
        assertThat(second.getReceiverKey()).isEqualTo(2);
        assertThat(second.getTypeKey()).isEqualTo(1);
    }

    @Test
    void theRefKeptForASenderKeyLastsUntilTheKeyIsBoundAgain() throws Exception {
        ActorRefData a = ref("/user/a");
        ActorRefData b = ref("/user/b");
        ActorRefData c = ref("/user/c");
        InboundKeys in = new InboundKeys();
        InboundEnvelope first = in.resolve(Envelope.newBuilder().setSender(a).setSenderKey(1).setReceiver(b)
                .setReceiverKey(2).build(), 10);
        assertThat(in.senderRef(1, first.sender())).as("nothing kept yet").isNull();
        Object kept = new Object();
        in.keepSenderRef(1, first.sender(), kept);

        InboundEnvelope byKey = in.resolve(Envelope.newBuilder().setSenderKey(1).setReceiverKey(2).build(), 10);
        assertThat(byKey.sender()).isSameAs(first.sender());
        assertThat(in.senderRef(1, byKey.sender())).as("later tells by key get the kept ref").isSameAs(kept);
        assertThat(byKey.keys()).isSameAs(in);

        assertThat(in.senderRef(1, ref("/user/a"))).as("only for the data the key stands for").isNull();
        in.keepSenderRef(2, ref("/user/b"), new Object());
        assertThat(in.senderRef(2, byKey.receiver())).as("nothing kept for data the key does not stand for")
                .isNull();

        InboundEnvelope rebound = in.resolve(Envelope.newBuilder().setSender(c).setSenderKey(1).setReceiverKey(2)
                .build(), 10);
        assertThat(in.senderRef(1, rebound.sender())).as("binding the key again drops the ref").isNull();
        assertThat(in.senderRef(1, first.sender())).isNull();
        assertThat(in.senderRef(OutboundKeys.MAX_KEYS + 1, a)).as("a key out of range has none").isNull();
    }

    @Test
    void aFirstUseIsProtobufsOwnEncodingOfTheEnvelopeWithItsKeys() throws Exception {
        Envelope e = tell(ref("/user/a"), ref("/user/b"), "test.Ping", "x").toBuilder().setCorrelationId(-3)
                .putHeaders("k", "v").build();
        byte[] ours = write(new OutboundKeys(), List.of(e)).get(0);
        byte[] theirs = Frame.newBuilder().setEnvelope(e.toBuilder().setSenderKey(1).setReceiverKey(2).setTypeKey(1))
                .build().toByteArray();
        assertThat(ours).isEqualTo(theirs);
    }

    @Test
    void pastTheTableLimitANewNameTakesTheKeyBoundLongestAgo() throws Exception {
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i <= OutboundKeys.MAX_KEYS + 10; i++) {
            sent.add(tell(null, ref("/user/r" + i), "test.Ping", ""));
        }
        sent.add(tell(null, ref("/user/r" + (OutboundKeys.MAX_KEYS + 5)), "test.Ping", "again"));
        sent.add(tell(null, ref("/user/r7"), "test.Ping", "rebound"));
        sent.add(tell(null, ref("/user/r" + (OutboundKeys.MAX_KEYS + 2)), "test.Ping", "reused key 3"));
        OutboundKeys out = new OutboundKeys();
        List<byte[]> frames = write(out, sent);
        InboundKeys in = new InboundKeys();
        for (int i = 0; i < sent.size(); i++) {
            assertSame(read(in, frames.get(i)), sent.get(i));
        }
        // r0..r4095 took keys 1..4096; r4096.. took back keys 1, 2, ... (r4101 has key 6).
        Envelope again = Frame.parseFrom(frames.get(sent.size() - 3)).getEnvelope();
        assertThat(again.hasReceiver()).isFalse();
        assertThat(again.getReceiverKey()).isEqualTo(6);
        Envelope rebound = Frame.parseFrom(frames.get(sent.size() - 2)).getEnvelope();
        assertThat(rebound.hasReceiver()).as("r7 lost key 8 to r4103 and travels in full again").isTrue();
        assertThat(rebound.getReceiverKey()).isEqualTo(12);
        Envelope reused = Frame.parseFrom(frames.get(sent.size() - 1)).getEnvelope();
        assertThat(reused.hasReceiver()).isFalse();
        assertThat(reused.getReceiverKey()).isEqualTo(3);
        assertThat(out.refCount()).isEqualTo(OutboundKeys.MAX_KEYS);
    }

    @Test
    void aReceiverBoundInAFullTableNeverTakesTheKeyItsSenderTravelsBy() throws Exception {
        List<Envelope> sent = new ArrayList<>();
        ActorRefData first = ref("/user/r0"); // key 1, the first key a full table takes back
        for (int i = 0; i < OutboundKeys.MAX_KEYS; i++) {
            sent.add(tell(null, ref("/user/r" + i), "test.Ping", ""));
        }
        sent.add(tell(first, ref("/user/new"), "test.Ping", "sender by key 1, receiver new"));
        sent.add(tell(first, ref("/user/new"), "test.Ping", "both by key"));
        List<byte[]> frames = write(new OutboundKeys(), sent);
        InboundKeys in = new InboundKeys();
        for (int i = 0; i < sent.size(); i++) {
            assertSame(read(in, frames.get(i)), sent.get(i));
        }
        Envelope e = Frame.parseFrom(frames.get(sent.size() - 2)).getEnvelope();
        assertThat(e.hasSender()).isFalse();
        assertThat(e.getSenderKey()).isEqualTo(1);
        assertThat(e.getReceiverKey()).isEqualTo(2);
    }

    /**
     * Churn: a long-lived sender tells millions of short-lived receivers, named from a counter or at random, over one
     * connection. Every frame reads back whole, each table stays within its bound, and the sender keeps travelling by
     * key but for one full name each time the table cycles past its key.
     */
    @Test
    void millionsOfShortLivedNamesKeepTheTablesBoundedAndEveryFrameWhole() throws Exception {
        long seed = System.nanoTime();
        for (boolean random : new boolean[] {false, true}) {
            java.util.Random rnd = new java.util.Random(seed);
            OutboundKeys out = new OutboundKeys();
            InboundKeys in = new InboundKeys();
            ActorRefData hot = ref("/user/parent");
            int names = 1_000_000;
            int hotInFull = 0;
            ByteBuf buf = Unpooled.buffer();
            try {
                for (int i = 0; i < names; i++) {
                    String path = random ? "/user/parent/w-" + Long.toHexString(rnd.nextLong())
                            : "/user/parent/w-" + i;
                    Envelope e = tell(hot, ref(path), i % 3 == 0 ? "test.Ping" : "test.Pong", "");
                    buf.clear();
                    out.writeEnvelope(e, buf);
                    int size = buf.readInt();
                    Envelope wire = Frame.parseFrom(buf.nioBuffer(buf.readerIndex(), size)).getEnvelope();
                    InboundEnvelope got = in.resolve(wire, size + 4);
                    if (!got.receiver().equals(e.getReceiver()) || !got.sender().equals(hot)) {
                        throw new AssertionError("frame " + i + " read back wrong (random=" + random + ", seed "
                                + seed + "): " + got);
                    }
                    if (wire.hasSender()) {
                        hotInFull++;
                    }
                }
            } finally {
                buf.release();
            }
            assertThat(out.refCount()).as("seed %d, random %s", seed, random).isEqualTo(OutboundKeys.MAX_KEYS);
            assertThat(out.typeCount()).isEqualTo(2);
            assertThat(hotInFull).as("seed %d, random %s", seed, random)
                    .isLessThanOrEqualTo(names / (OutboundKeys.MAX_KEYS - 1) + 2);
        }
    }

    @Test
    void anUnboundOrOutOfRangeKeyIsAMalformedFrame() {
        InboundKeys in = new InboundKeys();
        assertThatThrownBy(() -> in.resolve(Envelope.newBuilder().setReceiverKey(3).build(), 10))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("receiver key 3 was never bound");
        assertThatThrownBy(() -> in.resolve(Envelope.newBuilder().setTypeKey(1).build(), 10))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("type key 1");
        assertThatThrownBy(() -> in.resolve(Envelope.newBuilder().setSender(ref("/user/a"))
                .setSenderKey(OutboundKeys.MAX_KEYS + 1).build(), 10))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> in.resolve(Envelope.newBuilder().setSenderKey(-1).build(), 10))
                .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("4294967295");
    }

    @Test
    void anUnboundKeyClosesOnlyThatConnection() {
        FrameCodecTest.Recorder r = new FrameCodecTest.Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new RemoteChannelHandler(false, new HandshakeSettings(
                HandshakeSettings.PROTOCOL_VERSION, "sys", "127.0.0.1", 1000, List.of("none"), 1024), r, 3));
        ch.writeInbound(Frame.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION).setSystem("peer").addCompression("none"))
                .build());
        ch.writeInbound(Frame.newBuilder().setEnvelope(tell(null, ref("/user/b"), "test.Ping", "ok")
                .toBuilder().setReceiverKey(1)).build());
        assertThat(ch.isOpen()).isTrue();
        ch.writeInbound(Frame.newBuilder().setEnvelope(Envelope.newBuilder().setReceiverKey(2)).build());
        assertThat(ch.isOpen()).isFalse();
        assertThat(r.events).hasSize(4); // the hello, the first envelope, the failure, the close
        assertThat(((InboundEnvelope) r.events.get(1)).receiver().getPath()).isEqualTo("/user/b");
        assertThat(r.events.subList(2, 4)).containsExactly(FailureKind.MALFORMED_FRAME, "closed");
        ch.finishAndReleaseAll();
    }
}
