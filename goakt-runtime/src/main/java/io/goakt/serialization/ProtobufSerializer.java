package io.goakt.serialization;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;

import java.util.Objects;

/**
 * Serializes one protobuf message class (full or lite runtime) natively. The parser comes from the registered class's default
 * instance, found once at registration, so decoding never loads a class.
 *
 * <p>Threading: immutable; any thread.
 *
 * @param <T> the message class
 */
public final class ProtobufSerializer<T extends MessageLite> implements Serializer<T> {

    private final Parser<T> parser;

    /** For {@code type}, which must have the generated static {@code getDefaultInstance()}. */
    @SuppressWarnings("unchecked")
    public ProtobufSerializer(Class<T> type) {
        Objects.requireNonNull(type, "type");
        try {
            MessageLite defaultInstance = (MessageLite) type.getMethod("getDefaultInstance").invoke(null);
            this.parser = (Parser<T>) defaultInstance.getParserForType();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message class", e);
        }
    }

    @Override
    public byte[] toBytes(T value) {
        return value.toByteArray();
    }

    @Override
    public T fromBytes(byte[] bytes, Class<T> type) {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new SerializationException("invalid " + type.getName() + ": " + e.getMessage(), e);
        }
    }
}
