package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The writing side of one connection's key tables: encodes envelope frames with a number in place of a sender,
 * receiver or type id this connection has carried before.
 *
 * <h2>Why</h2>
 * An envelope names its sender and receiver (system, host, port, path, uid) and its payload's type id, and for a
 * stream of small messages between the same two actors those names are most of the frame; on the receiving node,
 * decoding them (strings to allocate and hash, two nested messages) took more than half of the event loop. The
 * first envelope that carries a name on a connection carries it in full with a key ({@code sender_key},
 * {@code receiver_key}, {@code type_key} in {@code remote.proto}); later ones carry the key alone, and the reader
 * ({@link InboundKeys}) hands the engine the name it bound. Pekko's Artery compresses actor refs and class
 * manifests for the same reason, with tables it advertises; here the binding travels inline with its first use.
 *
 * <h2>Why it is safe</h2>
 * One instance per connection, used by the thread that writes the connection's bytes (its {@link CoalescingWriter}
 * drain, on the event loop), in the order the bytes go out. A key is bound in the same frame that first uses it, so
 * on the ordered byte stream every key-only use follows its binding. A reconnect is a new connection with new
 * tables on both sides. Each table holds at most {@link #MAX_KEYS} names; past that, new names travel in full,
 * without a key. Frames written by other paths (the {@link FrameEncoder}) carry names in full, which the reader
 * always accepts.
 *
 * <p>Threading: not thread-safe; the connection's writer only.
 */
public final class OutboundKeys {

    /** Most keys in each table (refs, type ids); the reader refuses keys above it. */
    public static final int MAX_KEYS = 4096;

    // Field numbers, as protoc generated them from remote.proto.
    private static final int FRAME_ENVELOPE = Frame.ENVELOPE_FIELD_NUMBER;
    private static final int SENDER = Envelope.SENDER_FIELD_NUMBER;
    private static final int RECEIVER = Envelope.RECEIVER_FIELD_NUMBER;
    private static final int TYPE_ID = Envelope.TYPE_ID_FIELD_NUMBER;
    private static final int PAYLOAD = Envelope.PAYLOAD_FIELD_NUMBER;
    private static final int CORRELATION_ID = Envelope.CORRELATION_ID_FIELD_NUMBER;
    private static final int HEADERS = Envelope.HEADERS_FIELD_NUMBER;
    private static final int KIND = Envelope.KIND_FIELD_NUMBER;
    private static final int SENDER_KEY = Envelope.SENDER_KEY_FIELD_NUMBER;
    private static final int RECEIVER_KEY = Envelope.RECEIVER_KEY_FIELD_NUMBER;
    private static final int TYPE_KEY = Envelope.TYPE_KEY_FIELD_NUMBER;

    /**
     * Senders and receivers (one table). The engine caches their data per actor, so lookups mostly hit on identity
     * before any deep comparison.
     */
    private final HashMap<ActorRefData, Integer> refs = new HashMap<>();
    private final HashMap<String, Integer> types = new HashMap<>();

    // The frame being written: what prepare() decided, for writeCurrent().
    private final RefField sender = new RefField(SENDER, SENDER_KEY);
    private final RefField receiver = new RefField(RECEIVER, RECEIVER_KEY);
    private int typeKey;
    private boolean typeInFull;
    private int envelopeSize;
    private Envelope current;
    private final FrameEncoder.BodyWriter writeCurrent = this::writeCurrent;

    /**
     * Appends {@code frame} to {@code out}: its 4-byte length, then its bytes, an envelope with keys in place of the
     * names this connection has carried before.
     */
    public void writeFrame(Frame frame, ByteBuf out) throws IOException {
        if (frame.hasEnvelope()) {
            writeEnvelope(frame.getEnvelope(), out);
        } else {
            FrameEncoder.writeFrame(frame, out);
        }
    }

    /** Appends the frame that carries {@code env}, as {@link #writeFrame} would. */
    public void writeEnvelope(Envelope env, ByteBuf out) throws IOException {
        prepare(env);
        int size = CodedOutputStream.computeTagSize(FRAME_ENVELOPE)
                + CodedOutputStream.computeUInt32SizeNoTag(envelopeSize) + envelopeSize;
        current = env;
        try {
            FrameEncoder.writeSized(out, size, writeCurrent);
        } finally {
            current = null;
        }
    }

    /** Looks up (binding where there is room) the envelope's keys and computes its encoded size. */
    private void prepare(Envelope env) {
        int size = sender.prepare(env.hasSender() ? env.getSender() : null)
                + receiver.prepare(env.hasReceiver() ? env.getReceiver() : null);
        typeKey = 0;
        String typeId = env.getTypeId();
        typeInFull = !typeId.isEmpty();
        if (typeInFull) {
            Integer k = types.get(typeId);
            typeInFull = k == null;
            typeKey = k != null ? k : bind(types, typeId);
            if (typeInFull) {
                size += CodedOutputStream.computeStringSize(TYPE_ID, typeId);
            }
            if (typeKey != 0) {
                size += CodedOutputStream.computeUInt32Size(TYPE_KEY, typeKey);
            }
        }
        ByteString payload = env.getPayload();
        if (!payload.isEmpty()) {
            size += CodedOutputStream.computeBytesSize(PAYLOAD, payload);
        }
        if (env.getCorrelationId() != 0) {
            size += CodedOutputStream.computeInt64Size(CORRELATION_ID, env.getCorrelationId());
        }
        for (Map.Entry<String, String> h : env.getHeadersMap().entrySet()) {
            int entry = headerEntrySize(h);
            size += CodedOutputStream.computeTagSize(HEADERS) + CodedOutputStream.computeUInt32SizeNoTag(entry) + entry;
        }
        if (env.getKindValue() != 0) {
            size += CodedOutputStream.computeEnumSize(KIND, env.getKindValue());
        }
        envelopeSize = size;
    }

    private static <K> int bind(HashMap<K, Integer> table, K name) {
        if (table.size() >= MAX_KEYS) {
            return 0; // full: this name travels in full, without a key
        }
        int key = table.size() + 1;
        table.put(name, key);
        return key;
    }

    /** A map entry's key is its field 1 and its value field 2, in the protobuf encoding of every map. */
    private static int headerEntrySize(Map.Entry<String, String> h) {
        return CodedOutputStream.computeStringSize(1, h.getKey()) + CodedOutputStream.computeStringSize(2, h.getValue());
    }

    /** Writes the frame {@link #prepare} sized for {@link #current}: fields in number order, as protobuf's own encoder would. */
    private void writeCurrent(CodedOutputStream out) throws IOException {
        Envelope env = current;
        out.writeTag(FRAME_ENVELOPE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(envelopeSize);
        sender.writeInFull(out);
        receiver.writeInFull(out);
        if (typeInFull) {
            out.writeString(TYPE_ID, env.getTypeId());
        }
        if (!env.getPayload().isEmpty()) {
            out.writeBytes(PAYLOAD, env.getPayload());
        }
        if (env.getCorrelationId() != 0) {
            out.writeInt64(CORRELATION_ID, env.getCorrelationId());
        }
        for (Map.Entry<String, String> h : env.getHeadersMap().entrySet()) {
            out.writeTag(HEADERS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(headerEntrySize(h));
            out.writeString(1, h.getKey());
            out.writeString(2, h.getValue());
        }
        if (env.getKindValue() != 0) {
            out.writeEnum(KIND, env.getKindValue());
        }
        sender.writeKey(out);
        receiver.writeKey(out);
        if (typeKey != 0) {
            out.writeUInt32(TYPE_KEY, typeKey);
        }
    }

    /** The sender or the receiver field of the envelope being written: in full, by key, or both (a binding). */
    private final class RefField {
        private final int field;
        private final int keyField;
        private ActorRefData data;
        private int key;
        private boolean inFull;

        RefField(int field, int keyField) {
            this.field = field;
            this.keyField = keyField;
        }

        /** Looks {@code d} up (binding it if new and there is room); returns its encoded size. Null: absent. */
        int prepare(ActorRefData d) {
            data = d;
            key = 0;
            inFull = false;
            if (d == null) {
                return 0;
            }
            Integer k = refs.get(d);
            inFull = k == null;
            key = k != null ? k : bind(refs, d);
            int size = inFull ? CodedOutputStream.computeMessageSize(field, d) : 0;
            return key != 0 ? size + CodedOutputStream.computeUInt32Size(keyField, key) : size;
        }

        void writeInFull(CodedOutputStream out) throws IOException {
            if (inFull) {
                out.writeMessage(field, data);
            }
        }

        void writeKey(CodedOutputStream out) throws IOException {
            if (key != 0) {
                out.writeUInt32(keyField, key);
            }
        }
    }
}
