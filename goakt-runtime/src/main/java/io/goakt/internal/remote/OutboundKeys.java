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
 * tables on both sides. Frames written by other paths (the {@link FrameEncoder}) carry names in full, which the
 * reader always accepts.
 *
 * <h2>Churn</h2>
 * Each table holds at most {@link #MAX_KEYS} names. A long-running node sends from and to many short-lived actors
 * (workers per request, grains), so a full table takes its keys back in the order they were bound: the next new name
 * gets the key bound longest ago, whose old name leaves the table. The reader binds a key again whenever a frame
 * carries a name with it (see {@link InboundKeys}), and on the ordered stream every key-only use of the key follows
 * its newest binding, so a reused key is never read as its old name. A name that is still in use and lost its key
 * travels in full once more and is bound again. Lookups and bindings stay O(1) (a hash map and an array of names by
 * key) however many names the connection has carried.
 *
 * <p>Threading: not thread-safe; the connection's writer only.
 */
public final class OutboundKeys {

    /** Most keys in each table (refs, type ids); the reader refuses keys above it. */
    public static final int MAX_KEYS = 4096;
    /** Size of the scratch array small frames are encoded in; larger ones are encoded in place. */
    static final int SCRATCH_BYTES = 1024;

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
    private final Table<ActorRefData> refs = new Table<>();
    private final Table<String> types = new Table<>();

    // The frame being written: what prepare() decided, for writeCurrent().
    private final RefField sender = new RefField(SENDER, SENDER_KEY);
    private final RefField receiver = new RefField(RECEIVER, RECEIVER_KEY);
    private int typeKey;
    private boolean typeInFull;
    private int envelopeSize;
    private String typeId;
    /** The payload as a ByteString or an array; null when empty. */
    private ByteString payload;
    private byte[] payloadArray;
    private long correlationId;
    private Map<String, String> headers;
    private int kind;
    private final FrameEncoder.BodyWriter writeCurrent = this::writeCurrent;
    /** Where a frame of at most {@value #SCRATCH_BYTES} bytes is encoded before it is copied to the batch buffer. */
    private final byte[] scratch = new byte[SCRATCH_BYTES];

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
        ByteString p = env.getPayload();
        prepare(env.hasSender() ? env.getSender() : null, env.hasReceiver() ? env.getReceiver() : null,
                env.getTypeId(), p.isEmpty() ? null : p, null, env.getCorrelationId(), env.getHeadersMap(),
                env.getKindValue());
        write(out);
    }

    /** Appends the frame that carries {@code tell}: the bytes {@link #writeEnvelope} writes for its envelope. */
    void writeTell(OutboundTell tell, ByteBuf out) throws IOException {
        prepare(tell.sender, tell.receiver, tell.typeId, null, tell.payload.length == 0 ? null : tell.payload,
                tell.correlationId, Map.of(), 0);
        write(out);
    }

    private void write(ByteBuf out) throws IOException {
        int size = CodedOutputStream.computeTagSize(FRAME_ENVELOPE)
                + CodedOutputStream.computeUInt32SizeNoTag(envelopeSize) + envelopeSize;
        try {
            if (size <= scratch.length) {
                // Encoded into the scratch array, then copied: a protobuf stream over the batch buffer itself took
                // two NIO views of the buffer and a direct encoder per frame, about 150 bytes of garbage per message.
                CodedOutputStream cos = CodedOutputStream.newInstance(scratch, 0, size);
                writeCurrent(cos);
                cos.checkNoSpaceLeft();
                out.ensureWritable(FrameEncoder.LENGTH_PREFIX_BYTES + size);
                out.writeInt(size);
                out.writeBytes(scratch, 0, size);
            } else {
                FrameEncoder.writeSized(out, size, writeCurrent);
            }
        } finally {
            typeId = null;
            payload = null;
            payloadArray = null;
            headers = null;
            sender.data = null;
            receiver.data = null;
        }
    }

    /**
     * Takes the fields of the envelope to write, looks up (binding where there is room) its keys and computes its
     * encoded size. A null ref is absent; a null payload (of either form) is empty.
     */
    private void prepare(ActorRefData senderData, ActorRefData receiverData, String type, ByteString bytes,
                         byte[] bytesArray, long correlation, Map<String, String> headerMap, int kindValue) {
        typeId = type;
        payload = bytes;
        payloadArray = bytesArray;
        correlationId = correlation;
        headers = headerMap;
        kind = kindValue;
        int size = sender.prepare(senderData, 0);
        size += receiver.prepare(receiverData, sender.key);
        typeKey = 0;
        typeInFull = !type.isEmpty();
        if (typeInFull) {
            int k = types.key(type);
            typeInFull = k == 0;
            typeKey = k != 0 ? k : types.bind(type, 0);
            if (typeInFull) {
                size += CodedOutputStream.computeStringSize(TYPE_ID, type);
            }
            if (typeKey != 0) {
                size += CodedOutputStream.computeUInt32Size(TYPE_KEY, typeKey);
            }
        }
        if (bytes != null) {
            size += CodedOutputStream.computeBytesSize(PAYLOAD, bytes);
        } else if (bytesArray != null) {
            size += CodedOutputStream.computeByteArraySize(PAYLOAD, bytesArray);
        }
        if (correlation != 0) {
            size += CodedOutputStream.computeInt64Size(CORRELATION_ID, correlation);
        }
        if (!headerMap.isEmpty()) {
            for (Map.Entry<String, String> h : headerMap.entrySet()) {
                int entry = headerEntrySize(h);
                size += CodedOutputStream.computeTagSize(HEADERS) + CodedOutputStream.computeUInt32SizeNoTag(entry)
                        + entry;
            }
        }
        if (kindValue != 0) {
            size += CodedOutputStream.computeEnumSize(KIND, kindValue);
        }
        envelopeSize = size;
    }

    /** Names held by each table; for tests. */
    int refCount() {
        return refs.byName.size();
    }

    /** See {@link #refCount}. */
    int typeCount() {
        return types.byName.size();
    }

    /**
     * One table: names by key and keys by name, at most {@link #MAX_KEYS}; when full, a new name takes the key bound
     * longest ago (see "Churn" above).
     */
    private static final class Table<K> {
        private final HashMap<K, Integer> byName = new HashMap<>();
        /** The name each key is bound to; index 0 unused. */
        private final Object[] byKey = new Object[MAX_KEYS + 1];
        /** The key the next binding of a full table takes back, cycling through 1..MAX_KEYS. */
        private int nextReused = 1;

        /** The key of {@code name}, or 0 when it has none. */
        int key(K name) {
            Integer k = byName.get(name);
            return k != null ? k : 0;
        }

        /**
         * Binds {@code name}, which has no key, to a key other than {@code inUse} (a key the frame being written
         * already uses, which must keep meaning its name until the frame is read; 0 for none) and returns it.
         */
        int bind(K name, int inUse) {
            int key;
            if (byName.size() < MAX_KEYS) {
                key = byName.size() + 1;
            } else {
                key = nextReused;
                if (key == inUse) {
                    key = key == MAX_KEYS ? 1 : key + 1;
                }
                nextReused = key == MAX_KEYS ? 1 : key + 1;
                byName.remove(byKey[key]);
            }
            byKey[key] = name;
            byName.put(name, key);
            return key;
        }
    }

    /** A map entry's key is its field 1 and its value field 2, in the protobuf encoding of every map. */
    private static int headerEntrySize(Map.Entry<String, String> h) {
        return CodedOutputStream.computeStringSize(1, h.getKey()) + CodedOutputStream.computeStringSize(2, h.getValue());
    }

    /** Writes the frame {@link #prepare} sized: fields in number order, as protobuf's own encoder would. */
    private void writeCurrent(CodedOutputStream out) throws IOException {
        out.writeTag(FRAME_ENVELOPE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        out.writeUInt32NoTag(envelopeSize);
        sender.writeInFull(out);
        receiver.writeInFull(out);
        if (typeInFull) {
            out.writeString(TYPE_ID, typeId);
        }
        if (payload != null) {
            out.writeBytes(PAYLOAD, payload);
        } else if (payloadArray != null) {
            out.writeByteArray(PAYLOAD, payloadArray);
        }
        if (correlationId != 0) {
            out.writeInt64(CORRELATION_ID, correlationId);
        }
        if (!headers.isEmpty()) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                out.writeTag(HEADERS, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(headerEntrySize(h));
                out.writeString(1, h.getKey());
                out.writeString(2, h.getValue());
            }
        }
        if (kind != 0) {
            out.writeEnum(KIND, kind);
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

        /**
         * Looks {@code d} up (binding it, to a key other than {@code inUse}, if new); returns its encoded size.
         * Null: absent.
         */
        int prepare(ActorRefData d, int inUse) {
            data = d;
            key = 0;
            inFull = false;
            if (d == null) {
                return 0;
            }
            int k = refs.key(d);
            inFull = k == 0;
            key = k != 0 ? k : refs.bind(d, inUse);
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
