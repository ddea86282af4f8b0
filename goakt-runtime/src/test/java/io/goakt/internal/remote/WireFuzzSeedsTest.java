package io.goakt.internal.remote;

import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.goakt.internal.remote.proto.Watch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded mutation fuzzing of the wire targets in plain JUnit: valid inputs (a handshake and the envelopes that
 * follow it, key bindings, encoded messages) and a fixed number of random mutations of each (bytes flipped,
 * inserted, removed, lengths rewritten, cut short). It runs in every build, in seconds; the coverage-guided run is
 * {@link WireFuzzTest} in the {@code reliability} profile. The seed is printed with any failure; set
 * {@code -Dgoakt.fuzz.seed=} to replay one and {@code -Dgoakt.fuzz.mutations=} for more inputs. A target that hangs
 * on an input fails its test by the timeout.
 */
@Timeout(120)
class WireFuzzSeedsTest {

    private static final long SEED = Long.getLong("goakt.fuzz.seed", 0x5eed_f422L);
    private static final int MUTATIONS = Integer.getInteger("goakt.fuzz.mutations", 2_000);

    @Test
    void theFrameDecoderReadsOrRefusesEveryMutatedStream() {
        run("frameDecoder", connectionSeeds(), WireFuzzTargets::frameDecoder);
    }

    @Test
    void theServerHandshakeAcceptsOrClosesOnEveryMutatedStream() {
        run("serverConnection", connectionSeeds(), WireFuzzTargets::serverConnection);
    }

    @Test
    void theClientHandshakeAcceptsOrClosesOnEveryMutatedAnswer() {
        run("clientConnection", List.of(
                chunked(frames(Frame.newBuilder().setHelloAck(ack()).build(), envelopeFrame())),
                chunked(frames(Frame.newBuilder().setHelloAck(ack().setRefusal("no")).build())),
                chunked(frames(Frame.newBuilder().setHelloAck(ack().setCompression("lz4")).build()))),
                WireFuzzTargets::clientConnection);
    }

    @Test
    void wireKeysResolveOrFailAsAMalformedFrame() {
        run("wireKeys", List.of(keyed(
                Envelope.newBuilder().setSender(ref("/user/a")).setSenderKey(1).setReceiver(ref("/user/b"))
                        .setReceiverKey(2).setTypeId("t").setTypeKey(1).build(),
                Envelope.newBuilder().setSenderKey(1).setReceiverKey(2).setTypeKey(1).build(),
                Envelope.newBuilder().setSenderKey(3).build(),
                Envelope.newBuilder().setReceiver(ref("/user/c").toBuilder().setPort(70_000)).build(),
                Envelope.newBuilder().setTypeKey(OutboundKeys.MAX_KEYS).setTypeId("max").build())),
                WireFuzzTargets::wireKeys);
    }

    @Test
    void theRegistryDecodesOrRefusesEveryMutatedPayload() {
        List<String> ids = WireFuzzTest.Registry.TYPE_IDS;
        byte[] order = WireFuzzTest.Registry.SERIALIZATION.serialize(
                        new WireFuzzTest.Registry.Order("o-1", 3, List.of("a", "b"))).bytes();
        byte[] watch = Watch.newBuilder().setWatchee(ref("/user/a")).setWatcher(ref("/user/b")).build().toByteArray();
        run("registryDecode", List.of(
                prefixed(ids.indexOf("fuzz.Order"), order),
                prefixed(ids.indexOf(ControlTypes.WATCH), watch),
                prefixed(ids.indexOf("fuzz.Hello"), hello().build().toByteArray()),
                prefixed(200, "java.util.PriorityQueue".getBytes(StandardCharsets.UTF_8))),
                data -> WireFuzzTargets.registryDecode(WireFuzzTest.Registry.SERIALIZATION, ids, data));
    }

    // --- seeds -----------------------------------------------------------------------------------------------

    static List<byte[]> connectionSeeds() {
        Frame hello = Frame.newBuilder().setHello(hello()).build();
        return List.of(
                chunked(frames(hello, envelopeFrame(), Frame.newBuilder().setHeartbeat(
                        io.goakt.internal.remote.proto.Heartbeat.newBuilder().setSentAtNanos(1)).build())),
                chunked(frames(hello, Frame.newBuilder().setEnvelope(Envelope.newBuilder().setSenderKey(1)
                        .setReceiverKey(2).setTypeKey(1)).build())),
                chunked(frames(Frame.newBuilder().setHello(hello().setSystem("x".repeat(201))).build())),
                chunked(frames(hello, hello)),
                chunked(frames(envelopeFrame())),
                new byte[] {0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                // Byte by byte, so that the codec the handshake installs reads what follows the hello.
                prefixed(0, concat(frames(Frame.newBuilder().setHello(hello().clearCompression()
                        .addCompression(CompressionCodecs.LZ4)).build()), lz4Block(15, 1, 1 << 25))),
                prefixed(0, concat(frames(Frame.newBuilder().setHello(hello().clearCompression()
                        .addCompression(CompressionCodecs.ZSTD)).build()), new byte[] {0x28, (byte) 0xb5, 0x2f,
                        (byte) 0xfd, 0, 0x58, 0x61, 0, 0, 0x10})));
    }

    static Hello.Builder hello() {
        return Hello.newBuilder().setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION).setSystem("peer")
                .setHost("127.0.0.1").setPort(7356).addCompression(CompressionCodecs.NONE);
    }

    static HelloAck.Builder ack() {
        return HelloAck.newBuilder().setProtocolVersion(HandshakeSettings.PROTOCOL_VERSION).setSystem("fuzzed")
                .setHost("127.0.0.1").setPort(7355).setCompression(CompressionCodecs.NONE);
    }

    static ActorRefData ref(String path) {
        return ActorRefData.newBuilder().setSystem("fuzzed").setHost("127.0.0.1").setPort(7355).setPath(path)
                .setUid(42).build();
    }

    static Frame envelopeFrame() {
        return Frame.newBuilder().setEnvelope(Envelope.newBuilder().setSender(ref("/user/a")).setSenderKey(1)
                .setReceiver(ref("/user/b")).setReceiverKey(2).setTypeId("test.Ping").setTypeKey(1)
                .setPayload(com.google.protobuf.ByteString.copyFromUtf8("payload")).setCorrelationId(7)
                .putHeaders("traceparent", "00-1")).build();
    }

    /** Frames with their length prefixes, as a connection carries them. */
    static byte[] frames(Frame... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame f : frames) {
            byte[] b = f.toByteArray();
            out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    /**
     * The header of an LZ4 block as Netty's {@code Lz4FrameEncoder} writes it: magic, a token with the compression
     * level (block size 2^(10 + level)), the compressed and decompressed lengths (little-endian), a checksum; then
     * {@code compressed} bytes.
     */
    static byte[] lz4Block(int level, int compressed, int decompressed) {
        ByteBuffer b = ByteBuffer.allocate(21 + compressed).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put("LZ4Block".getBytes(StandardCharsets.US_ASCII)).put((byte) (0x20 | level)).putInt(compressed)
                .putInt(decompressed).putInt(0);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** With the leading byte the connection targets read as the chunk size (0: one byte at a time). */
    static byte[] chunked(byte[] stream) {
        return prefixed(3, stream);
    }

    static byte[] prefixed(int first, byte[] rest) {
        byte[] b = new byte[rest.length + 1];
        b[0] = (byte) first;
        System.arraycopy(rest, 0, b, 1, rest.length);
        return b;
    }

    /** Envelopes as {@link WireFuzzTargets#wireKeys} reads them: a two-byte little-endian length each. */
    static byte[] keyed(Envelope... envelopes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Envelope e : envelopes) {
            byte[] b = e.toByteArray();
            out.write(b.length & 0xFF);
            out.write(b.length >>> 8 & 0x3F);
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    // --- mutation ----------------------------------------------------------------------------------------------

    private static void run(String target, List<byte[]> seeds, Consumer<byte[]> check) {
        Random random = new Random(SEED);
        for (byte[] seed : seeds) {
            check(target, "seed", seed, check);
        }
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] input = mutate(seeds.get(random.nextInt(seeds.size())), random);
            check(target, "mutation " + i, input, check);
        }
    }

    private static void check(String target, String which, byte[] input, Consumer<byte[]> check) {
        try {
            check.accept(input);
        } catch (Throwable t) {
            throw new AssertionError(target + " broke its invariant on " + which + " with -Dgoakt.fuzz.seed=" + SEED
                    + ", input " + java.util.HexFormat.of().formatHex(input), t);
        }
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            if (b.length == 0) {
                b = new byte[] {(byte) random.nextInt()};
            }
            int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt();
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> b = java.util.Arrays.copyOf(b, at); // cut short
                case 3 -> { // insert random bytes
                    byte[] extra = new byte[1 + random.nextInt(16)];
                    random.nextBytes(extra);
                    byte[] c = new byte[b.length + extra.length];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(extra, 0, c, at, extra.length);
                    System.arraycopy(b, at, c, at + extra.length, b.length - at);
                    b = c;
                }
                case 4 -> { // an interesting 32-bit value, such as a length
                    int[] values = {0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, WireFuzzTargets.MAX_FRAME_BYTES,
                            WireFuzzTargets.MAX_FRAME_BYTES + 1, 0x80, 0x7f};
                    if (at + 4 <= b.length) {
                        ByteBuffer.wrap(b, at, 4).putInt(values[random.nextInt(values.length)]);
                    }
                }
                default -> { // remove a range
                    int end = Math.min(b.length, at + 1 + random.nextInt(8));
                    byte[] c = new byte[b.length - (end - at)];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, end, c, at, b.length - end);
                    b = c;
                }
            }
        }
        return b;
    }
}
