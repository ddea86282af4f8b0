package io.goakt.serialization;

import io.goakt.actor.ActorRef;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.cbor.CBORMapper;

import java.util.Objects;

/**
 * Serializes records and POJOs through a Jackson 3 {@link ObjectMapper}: CBOR by default, or any mapper the
 * application supplies (JSON, CBOR with its own modules). The target class is always the registered one, never a
 * name read from the bytes; keep polymorphic default typing off in a supplied mapper.
 *
 * <p>{@link ActorRef} fields are written as their wire string through the {@link ActorRefResolver} that remoting
 * passes per call (a Jackson context attribute), and read back through it; without a resolver a ref cannot be
 * written.
 *
 * <p>Threading: Jackson mappers are thread-safe once configured; any thread.
 */
public final class JacksonSerializer implements Serializer<Object> {

    private static final Object RESOLVER = ActorRefResolver.class;

    private final ObjectMapper mapper;

    /** With a plain {@link CBORMapper}. */
    public JacksonSerializer() {
        this(CBORMapper.builder().build());
    }

    /** With a copy of {@code mapper} that also knows {@link ActorRef}s. */
    public JacksonSerializer(ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        SimpleModule refs = new SimpleModule("goakt-actor-refs");
        refs.addSerializer(ActorRef.class, new RefSerializer());
        refs.addDeserializer(ActorRef.class, new RefDeserializer());
        this.mapper = mapper.rebuild().addModule(refs).build();
    }

    @Override
    public byte[] toBytes(Object value) {
        return toBytes(value, null);
    }

    @Override
    public Object fromBytes(byte[] bytes, Class<Object> type) {
        return fromBytes(bytes, type, null);
    }

    @Override
    public byte[] toBytes(Object value, ActorRefResolver refs) {
        try {
            return mapper.writer().withAttribute(RESOLVER, refs).writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new SerializationException("cannot write " + value.getClass().getName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Object fromBytes(byte[] bytes, Class<Object> type, ActorRefResolver refs) {
        try {
            return mapper.readerFor(type).withAttribute(RESOLVER, refs).readValue(bytes);
        } catch (JacksonException e) {
            throw new SerializationException("invalid " + type.getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static ActorRefResolver resolver(Object attribute) {
        if (attribute instanceof ActorRefResolver r) {
            return r;
        }
        throw new SerializationException("an ActorRef inside a message needs remoting to resolve it");
    }

    private static final class RefSerializer extends ValueSerializer<ActorRef> {
        @Override
        public void serialize(ActorRef value, JsonGenerator gen, SerializationContext ctxt) {
            gen.writeString(resolver(ctxt.getAttribute(RESOLVER)).toWire(value));
        }
    }

    private static final class RefDeserializer extends ValueDeserializer<ActorRef> {
        @Override
        public ActorRef deserialize(JsonParser p, DeserializationContext ctxt) {
            return resolver(ctxt.getAttribute(RESOLVER)).fromWire(p.getValueAsString());
        }
    }
}
