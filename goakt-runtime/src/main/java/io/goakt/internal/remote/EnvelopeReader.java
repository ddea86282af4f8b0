package io.goakt.internal.remote;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import com.google.protobuf.WireFormat;
import io.goakt.internal.remote.proto.ActorRefData;
import io.goakt.internal.remote.proto.Envelope;
import io.goakt.internal.remote.proto.Frame;

import java.io.IOException;
import java.util.Map;

/**
 * Reads a frame that carries an envelope and nothing else (almost every frame of an established connection) field
 * by field, into a {@link WireEnvelope}, without building the {@link Frame} around it or the {@link Envelope}.
 *
 * <p>Why: on a receiving node's event loop protobuf's generic parser (a walk over each message's schema, a mutable
 * message per level, a look-up per field number) was half of the time spent per message. This reader handles the
 * envelope's fields by their tags, as the generated code of the full runtime would, and leaves everything else to
 * protobuf: a frame of another kind, or bytes after the envelope, is reported as not read ({@code null}), and the
 * caller parses it whole. So is an envelope with headers (only context propagation adds them), whose map entries
 * protobuf reads by rules of its own.
 *
 * <p>Input is hostile, and the result is what protobuf's own parser makes of the same bytes: a string that is not
 * UTF-8, a length past the end, a truncated varint or a stray end-group tag is an
 * {@link InvalidProtocolBufferException}; a repeated message field is merged and a repeated scalar replaced; a field
 * with an unknown number, or a known number with another wire type, is skipped (protobuf would keep it as an
 * unknown field, which nothing here reads). Nested refs go through protobuf's parser, which applies its recursion
 * and size limits.
 *
 * <p>Threading: stateless.
 */
final class EnvelopeReader {

    private static final int FRAME_ENVELOPE = tag(Frame.ENVELOPE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int SENDER = tag(Envelope.SENDER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int RECEIVER = tag(Envelope.RECEIVER_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TYPE_ID = tag(Envelope.TYPE_ID_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int PAYLOAD = tag(Envelope.PAYLOAD_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int CORRELATION_ID = tag(Envelope.CORRELATION_ID_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int HEADERS = tag(Envelope.HEADERS_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int KIND = tag(Envelope.KIND_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int SENDER_KEY = tag(Envelope.SENDER_KEY_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int RECEIVER_KEY = tag(Envelope.RECEIVER_KEY_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);
    private static final int TYPE_KEY = tag(Envelope.TYPE_KEY_FIELD_NUMBER, WireFormat.WIRETYPE_VARINT);

    private EnvelopeReader() {
    }

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /**
     * The envelope of the frame in {@code frame} (its bytes, without the length prefix; the array is the caller's
     * to give away: the envelope's payload may be a view of it, so no one may write to it later), or null when the frame is
     * not one envelope field that ends where the frame ends, or its envelope has headers; the caller then parses
     * the frame with protobuf.
     */
    static WireEnvelope readLoneEnvelope(byte[] frame) throws IOException {
        int frameBytes = frame.length;
        // A stream over an array it may treat as immutable, so that with aliasing the payload is a view of the frame
        // (protobuf aliases only such arrays; CodedInputStream.newInstance(byte[]) would copy the payload again).
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(frame).newCodedInput();
        in.enableAliasing(true);
        if (frameBytes == 0 || in.readTag() != FRAME_ENVELOPE) {
            return null;
        }
        int length = in.readRawVarint32();
        if (length < 0 || (long) in.getTotalBytesRead() + length != frameBytes) {
            return null;
        }
        return readEnvelope(in);
    }

    /** The envelope's fields up to the end of the frame; null when it has headers. */
    private static WireEnvelope readEnvelope(CodedInputStream in) throws IOException {
        ActorRefData sender = null;
        ActorRefData receiver = null;
        String typeId = "";
        ByteString payload = ByteString.EMPTY;
        long correlationId = 0;
        int kind = 0;
        int senderKey = 0;
        int receiverKey = 0;
        int typeKey = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            } else if (tag == SENDER_KEY) {
                senderKey = in.readUInt32();
            } else if (tag == RECEIVER_KEY) {
                receiverKey = in.readUInt32();
            } else if (tag == TYPE_KEY) {
                typeKey = in.readUInt32();
            } else if (tag == PAYLOAD) {
                payload = in.readBytes();
            } else if (tag == TYPE_ID) {
                typeId = in.readStringRequireUtf8();
            } else if (tag == CORRELATION_ID) {
                correlationId = in.readInt64();
            } else if (tag == KIND) {
                kind = in.readEnum();
            } else if (tag == SENDER) {
                sender = readRef(in, sender);
            } else if (tag == RECEIVER) {
                receiver = readRef(in, receiver);
            } else if (tag == HEADERS) {
                return null; // rare (context propagation), and protobuf's map-entry rules are its own: it parses
            } else if (!in.skipField(tag)) {
                throw new InvalidProtocolBufferException("end-group tag without a group in an envelope");
            }
        }
        return new WireEnvelope(sender, receiver, typeId, payload, correlationId, Map.of(), kind, senderKey,
                receiverKey, typeKey);
    }

    /**
     * A ref field; when it occurs again, its bytes are parsed into the first occurrence, as protobuf's parser does.
     * Merging the parsed second message instead would differ: a field the second occurrence sets on the wire to its
     * default (an empty string, a zero) overwrites on the wire but is skipped by a message-to-message merge.
     */
    private static ActorRefData readRef(CodedInputStream in, ActorRefData first) throws IOException {
        if (first == null) {
            return in.readMessage(ActorRefData.parser(), ExtensionRegistryLite.getEmptyRegistry());
        }
        ActorRefData.Builder merged = first.toBuilder();
        in.readMessage(merged, ExtensionRegistryLite.getEmptyRegistry());
        return merged.buildPartial();
    }
}
