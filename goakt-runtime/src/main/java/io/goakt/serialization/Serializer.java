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

    /**
     * Like {@link #toBytes(Object)}, with a resolver for {@link io.goakt.actor.ActorRef}s inside the value. The
     * default ignores it; serializers that can carry refs override this.
     */
    default byte[] toBytes(T value, ActorRefResolver refs) {
        return toBytes(value);
    }

    /** Like {@link #fromBytes(byte[], Class)}, with a resolver for refs inside the value. */
    default T fromBytes(byte[] bytes, Class<T> type, ActorRefResolver refs) {
        return fromBytes(bytes, type);
    }
}
