package io.goakt.serialization;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.cbor.CBORMapper;

import java.util.Objects;

/**
 * Serializes records and POJOs through a Jackson 3 {@link ObjectMapper}: CBOR by default, or any mapper the
 * application supplies (JSON, CBOR with its own modules). The target class is always the registered one, never a
 * name read from the bytes; keep polymorphic default typing off in a supplied mapper.
 *
 * <p>Threading: Jackson mappers are thread-safe once configured; any thread.
 */
public final class JacksonSerializer implements Serializer<Object> {

    private final ObjectMapper mapper;

    /** With a plain {@link CBORMapper}. */
    public JacksonSerializer() {
        this(CBORMapper.builder().build());
    }

    /** With {@code mapper}. */
    public JacksonSerializer(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    @Override
    public byte[] toBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object fromBytes(byte[] bytes, Class<Object> type) {
        try {
            return mapper.readValue(bytes, type);
        } catch (JacksonException e) {
            throw new SerializationException("invalid " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
