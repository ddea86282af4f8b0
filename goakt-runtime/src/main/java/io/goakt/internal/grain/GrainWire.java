package io.goakt.internal.grain;

import io.goakt.serialization.SerializationException;
import io.goakt.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A grain message between cluster members, as remoting carries it (type id {@value #TYPE_ID}, a runtime type of
 * every node's allow-list): the identity, the view id and hop count the sender routed it with, the sending grain
 * when a grain sent it, and the message itself already serialized by the sender's allow-list.
 *
 * <p>The remoting envelope's sender is the message's sender (an actor, or an ask's reply slot), so replies need no
 * help; a grain as the sender travels as {@link #senderGrain} instead, so the reply finds it by identity wherever it
 * is active then.
 *
 * @param kind        the grain's kind
 * @param id          the grain's id
 * @param viewId      the view the last sender routed it by
 * @param attempt     the hops and retries so far
 * @param senderGrain the sending grain as {@code kind/id}, or empty
 * @param typeId      the message's type id in the allow-list
 * @param payload     the message's bytes
 */
public record GrainWire(String kind, String id, long viewId, int attempt, String senderGrain, String typeId,
                        byte[] payload) {

    /** The type id the runtime registers this record under. */
    public static final String TYPE_ID = "goakt.GrainMessage";
    /** Longest kind, id, grain or type id accepted from the network, in bytes. */
    private static final int MAX_STRING = 4096;

    /** Checks the parts. */
    public GrainWire {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(senderGrain, "senderGrain");
        Objects.requireNonNull(typeId, "typeId");
        Objects.requireNonNull(payload, "payload");
    }

    /** The same message, one hop or retry further, routed by {@code view}. */
    public GrainWire next(long view) {
        return new GrainWire(kind, id, view, attempt + 1, senderGrain, typeId, payload);
    }

    /** The binary form: the parts in order, strings as a 4-byte length and UTF-8, the payload last. */
    public static final Serializer<GrainWire> SERIALIZER = new Serializer<>() {
        @Override
        public byte[] toBytes(GrainWire w) {
            try {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + w.payload.length);
                DataOutputStream out = new DataOutputStream(bytes);
                writeString(out, w.kind);
                writeString(out, w.id);
                out.writeLong(w.viewId);
                out.writeInt(w.attempt);
                writeString(out, w.senderGrain);
                writeString(out, w.typeId);
                out.writeInt(w.payload.length);
                out.write(w.payload);
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException("grain message not written: " + e, e);
            }
        }

        @Override
        public GrainWire fromBytes(byte[] bytes, Class<GrainWire> type) {
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                String kind = readString(in);
                String id = readString(in);
                long viewId = in.getLong();
                int attempt = in.getInt();
                String senderGrain = readString(in);
                String typeId = readString(in);
                int n = in.getInt();
                if (n < 0 || n != in.remaining()) {
                    throw new SerializationException("grain message payload of " + n + " bytes, "
                            + in.remaining() + " left");
                }
                byte[] payload = new byte[n];
                in.get(payload);
                return new GrainWire(kind, id, viewId, attempt, senderGrain, typeId, payload);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new SerializationException("not a grain message: " + e, e);
            }
        }
    };

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > MAX_STRING || n > in.remaining()) {
            throw new SerializationException("grain message string of " + n + " bytes (at most " + MAX_STRING
                    + ", " + in.remaining() + " left)");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
