package io.goakt.serialization;

/**
 * Turns values of one registered type into bytes and back. An implementation never decides which class to
 * instantiate from the bytes: the {@link Serialization} registry hands it the type that the application registered
 * for the frame's type id.
 *
 * <p>Threading: called by many threads at once (senders and network threads); implementations are thread-safe.
 *
 * @param <T> the type this serializer handles
 */
public interface Serializer<T> {

    /**
     * The bytes of {@code value}.
     *
     * @throws SerializationException when the value cannot be written
     */
    byte[] toBytes(T value);

    /**
     * The value encoded by {@code bytes}, which come from the network and may be hostile.
     *
     * @throws SerializationException when the bytes are not a valid encoding of {@code type}
     */
    T fromBytes(byte[] bytes, Class<T> type);
}
