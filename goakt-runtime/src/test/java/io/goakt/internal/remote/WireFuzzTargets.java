package io.goakt.internal.remote;

import io.goakt.actor.Address;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.goakt.internal.remote.proto.Hello;
import io.goakt.internal.remote.proto.HelloAck;
import io.goakt.remote.FailureKind;
import io.goakt.serialization.Serialization;
import io.goakt.serialization.SerializationException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;

import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The fuzz targets of the wire: each takes bytes from the network (or from a fuzzer) and checks the invariant of
 * hostile input, that every input either decodes or fails with the documented typed exception, never another one,
 * and never makes the decoder allocate more than a frame may hold. They are plain static methods so that the
 * Jazzer tests ({@link WireFuzzTest}) and the seeded replay ({@link WireFuzzSeedsTest}) run the same checks.
 *
 * <p>A violated invariant is an {@link AssertionError} naming what went wrong; anything else a target throws is
 * a finding too.
 */
final class WireFuzzTargets {

    /** The largest frame the fuzzed decoders accept: small, so that a fuzzer reaches the too-long path. */
    static final int MAX_FRAME_BYTES = 4096;
    /**
     * The largest buffer a decoder may ask for: the cumulation holds less than a frame with its length prefix plus
     * the chunk being added (at most a frame here), and grows to the next power of two.
     */
    static final int MAX_ALLOCATION_BYTES = Integer.highestOneBit(2 * (MAX_FRAME_BYTES
            + FrameEncoder.LENGTH_PREFIX_BYTES) - 1) << 1;
    /** Once compression is negotiated: the bound of one decompressed block, which the decompressors enforce. */
    static final int MAX_DECOMPRESSED_ALLOCATION_BYTES = Math.max(MAX_ALLOCATION_BYTES,
            CompressionCodecs.maxDecompressedBlockBytes(MAX_FRAME_BYTES));

    /** The failures bad input may cause on a server connection before or after its handshake. */
    private static final Set<FailureKind> INPUT_FAILURES = EnumSet.of(FailureKind.MALFORMED_FRAME,
            FailureKind.FRAME_TOO_LARGE, FailureKind.UNEXPECTED_FRAME, FailureKind.HANDSHAKE_FAILED);

    private static final HandshakeSettings SERVER = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION,
            "fuzzed", "127.0.0.1", 7355, CompressionCodecs.SUPPORTED, MAX_FRAME_BYTES);
    private static final HandshakeSettings CLIENT = new HandshakeSettings(HandshakeSettings.PROTOCOL_VERSION,
            "fuzzer", "127.0.0.1", 7356, List.of(CompressionCodecs.NONE), MAX_FRAME_BYTES);

    private WireFuzzTargets() {
    }

    /**
     * The frame decoder alone: {@code data} arrives in chunks whose sizes the first byte picks. Every output is a
     * frame no larger than the maximum; the only failures are {@link TooLongFrameException} and
     * {@link CorruptedFrameException}; no buffer larger than {@link #MAX_ALLOCATION_BYTES} is asked for.
     */
    static void frameDecoder(byte[] data) {
        TrackingAllocator alloc = new TrackingAllocator();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(new FrameDecoder(MAX_FRAME_BYTES));
        try {
            int chunk = data.length == 0 ? 1 : 1 + (data[0] & 0xFF) * 16;
            for (int i = 1; i < data.length; i += chunk) {
                ByteBuf in = alloc.buffer(Math.min(chunk, data.length - i));
                in.writeBytes(data, i, Math.min(chunk, data.length - i));
                try {
                    ch.writeInbound(in);
                } catch (TooLongFrameException | CorruptedFrameException expected) {
                    break; // the handler behind closes the channel on the first
                } catch (DecoderException e) {
                    throw new AssertionError("a decoder failure that is not a typed frame error", e);
                }
                for (Object out; (out = ch.readInbound()) != null; ) {
                    if (!(out instanceof DecodedFrame d) || d.bytes() > MAX_FRAME_BYTES + FrameEncoder.LENGTH_PREFIX_BYTES
                            || (d.frame() == null) == (d.envelope() == null)) {
                        throw new AssertionError("decoded something that is not a bounded frame: " + out);
                    }
                }
            }
            alloc.check();
        } finally {
            finish(ch);
        }
    }

    /** Closes the channel; the decoder reads what is left as it does at a real close, failing as it may. */
    private static void finish(EmbeddedChannel ch) {
        try {
            ch.finishAndReleaseAll();
        } catch (TooLongFrameException | CorruptedFrameException expected) {
            // what a real channel hands to the handler's exceptionCaught at its close
        }
    }

    /**
     * A server connection's decoder and handler from the first byte on: the handshake, then envelopes resolved
     * against the connection's keys. Nothing may escape the handler (it turns every bad input into one failure of a
     * kind that names bad input, and a close); an envelope reaches the engine only after a handshake.
     */
    static void serverConnection(byte[] data) {
        connection(false, data);
    }

    /** As {@link #serverConnection}, for the connecting side, whose first read is the server's answer. */
    static void clientConnection(byte[] data) {
        connection(true, data);
    }

    private static void connection(boolean client, byte[] data) {
        TrackingAllocator alloc = new TrackingAllocator();
        Events events = new Events();
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.config().setAllocator(alloc);
        ch.pipeline().addLast(RemoteChannelInitializer.FRAME_DECODER, new FrameDecoder(MAX_FRAME_BYTES));
        ch.pipeline().addLast(RemoteChannelInitializer.FRAME_ENCODER, new FrameEncoder());
        RemoteChannelHandler handler = new RemoteChannelHandler(client, client ? CLIENT : SERVER, events, 3);
        ch.pipeline().addLast(RemoteChannelInitializer.HANDLER, handler);
        try {
            // The first byte picks the chunk size; the client wrote its hello on activation, and what it reads now
            // is the fuzzed answer.
            ch.releaseOutbound();
            int chunk = data.length == 0 ? 1 : 1 + (data[0] & 0xFF) * 16;
            for (int i = 1; i < data.length && ch.isOpen(); i += chunk) {
                ByteBuf in = alloc.buffer(Math.min(chunk, data.length - i));
                in.writeBytes(data, i, Math.min(chunk, data.length - i));
                ch.writeInbound(in); // rethrows whatever reached the end of the pipeline
                ch.releaseOutbound();
            }
            ch.checkException();
            if (events.failure != null && !INPUT_FAILURES.contains(events.failure)) {
                throw new AssertionError("bad input counted as " + events.failure, events.cause);
            }
            if (events.failure != null && ch.isOpen()) {
                throw new AssertionError("a failed connection stayed open: " + events.failure);
            }
            if (events.envelopes > 0 && !handler.isHandshaken()) {
                throw new AssertionError("an envelope reached the engine before the handshake");
            }
            if (handler.isHandshaken()) { // a decompressor may be installed
                alloc.checkDecompressed();
            } else {
                alloc.check();
            }
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    /**
     * The wire keys and addresses: {@code data} is read as a sequence of length-prefixed envelopes (as a
     * handshaken connection reads them), each resolved against one connection's key tables and its sender and
     * receiver made into {@link Address}es, as the engine does. Resolving either succeeds or is a
     * {@link CorruptedFrameException}; an address from the wire either builds or is an
     * {@link IllegalArgumentException} (which the engine counts as a malformed frame); a resolved key always names
     * what was bound to it.
     */
    static void wireKeys(byte[] data) {
        InboundKeys keys = new InboundKeys();
        ByteBuffer in = ByteBuffer.wrap(data);
        while (in.remaining() >= 2) {
            int claimed = in.get() & 0xFF | (in.get() & 0x3F) << 8;
            byte[] body = new byte[Math.min(in.remaining(), claimed)];
            in.get(body);
            Envelope env;
            try {
                env = Envelope.parseFrom(body);
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                continue; // not an envelope: the frame decoder's part, fuzzed on its own
            }
            InboundEnvelope resolved;
            try {
                resolved = keys.resolve(env, body.length + FrameEncoder.LENGTH_PREFIX_BYTES);
            } catch (CorruptedFrameException expected) {
                return; // the connection closes here
            }
            if (env.hasSender() && env.getSenderKey() != 0 && resolved.sender() != env.getSender()) {
                throw new AssertionError("a binding sender key did not resolve to its sender");
            }
            if (!env.getTypeId().isEmpty() && !resolved.typeId().equals(env.getTypeId())) {
                throw new AssertionError("a type id sent in full was replaced by a key's");
            }
            address(resolved.sender());
            address(resolved.receiver());
        }
    }

    private static void address(ActorRefData d) {
        if (d == null) {
            return;
        }
        try {
            new Address(d.getSystem(), d.getHost(), d.getPort(), d.getPath());
        } catch (IllegalArgumentException refused) {
            if (d.getPort() >= 0 && d.getPort() <= 65535) {
                throw new AssertionError("an address with a valid port was refused", refused);
            }
        }
    }

    /**
     * The serializer registry's decode path: the first byte picks a registered type id (or an unregistered one),
     * the rest is the payload. The result is an instance of the registered class, or a
     * {@link SerializationException}.
     */
    static void registryDecode(Serialization registry, List<String> typeIds, byte[] data) {
        String typeId = data.length == 0 ? "" : (data[0] & 0xFF) < typeIds.size() ? typeIds.get(data[0] & 0xFF)
                : new String(data, 0, Math.min(data.length, 1 + (data[0] & 0x3F)), java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] payload = data.length == 0 ? data : java.util.Arrays.copyOfRange(data, 1, data.length);
        try {
            Object message = registry.deserialize(typeId, payload);
            if (message == null && !typeIds.contains(typeId)) {
                throw new AssertionError("an unregistered type id decoded to null");
            }
        } catch (SerializationException expected) {
            // refused: the engine turns it into a dead letter with the reason
        }
    }

    /** What the handler reported. */
    private static final class Events implements ChannelEvents {
        FailureKind failure;
        Throwable cause;
        int envelopes;

        @Override
        public void inboundReady(Channel channel, Hello hello) {
        }

        @Override
        public void outboundReady(Channel channel, HelloAck ack) {
        }

        @Override
        public void envelope(Channel channel, InboundEnvelope envelope) {
            envelopes++;
        }

        @Override
        public void failed(Channel channel, FailureKind failure, Throwable cause) {
            if (this.failure != null) {
                throw new AssertionError("failed twice: " + this.failure + ", then " + failure);
            }
            this.failure = failure;
            this.cause = cause;
        }

        @Override
        public void closed(Channel channel, boolean client, boolean handshaken) {
        }
    }

    /** Heap buffers that remember the largest array any of them allocated, growth included. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        private int largest;

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity) {
                @Override
                protected byte[] allocateArray(int capacity) {
                    largest = Math.max(largest, capacity);
                    return super.allocateArray(capacity);
                }
            };
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            return newHeapBuffer(initialCapacity, maxCapacity);
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }

        void check() {
            if (largest > MAX_ALLOCATION_BYTES) {
                throw new AssertionError("a buffer of " + largest + " bytes was allocated; frames are at most "
                        + MAX_FRAME_BYTES);
            }
        }

        void checkDecompressed() {
            if (largest > MAX_DECOMPRESSED_ALLOCATION_BYTES) {
                throw new AssertionError("a buffer of " + largest + " bytes was allocated; decompressed blocks are "
                        + "at most " + MAX_DECOMPRESSED_ALLOCATION_BYTES);
            }
        }
    }
}
